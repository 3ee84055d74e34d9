using LiveTs.Engine.Protocol;
using LiveTs.Engine.Rendering;

namespace LiveTs.Engine.Sessions;

/// <summary>What the engine holds for one live connection: its deadline and the last render the client shows.</summary>
internal sealed class Connection(ConnectionId id, long deadline)
{
    public ConnectionId Id { get; } = id;
    /// <summary>Clock time (ms) after which a silent connection is closed.</summary>
    public long Deadline { get; set; } = deadline;
    public bool Joined { get; set; }
    /// <summary>Frames per second this connection may send (docs/security.md).</summary>
    public FrameRate Rate;
    /// <summary>
    /// The render the client's DOM shows now, or null before the first render after JOIN. Shared with
    /// other connections wherever their pages are the same (Diffing/ViewRenderer.cs).
    /// </summary>
    public RenderValue? Shown { get; set; }
    /// <summary>The event names this link defined (docs/protocol.md, "Event names"); a connection is one socket, so it starts empty at its JOIN.</summary>
    public EventNameTable EventNames { get; } = new();
    /// <summary>The components the page shows (docs/components.md); null while it has none, which costs nothing.</summary>
    internal ShownComponents? Components { get; set; }
}
