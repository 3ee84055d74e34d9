using LiveTs.Engine.Diffing;
using LiveTs.Engine.Html;
using LiveTs.Engine.Protocol;
using LiveTs.Engine.Rendering;
using LiveTs.Engine.Security;
using LiveTs.Engine.Sessions;
using LiveTs.Engine.Templates;

namespace LiveTs.Engine;

/// <summary>
/// The engine's front door: everything the host runtime calls, synchronously on its JS thread
/// (docs/design.md §2.2). It owns connections, templates, diffing and the protocol; the host owns sockets
/// and runs the application's TypeScript.
/// </summary>
public sealed class LiveEngine
{
    private readonly EngineOptions options;
    private readonly SessionToken tokens;
    private readonly PrerenderCache prerenders;
    private readonly FrameWriter writer = new();
    private readonly ViewRenderer renderer;

    public TemplateRegistry Templates { get; } = new();
    public ConnectionRegistry Connections { get; } = new();
    public TopicRegistry Topics { get; } = new();

    public LiveEngine(EngineOptions options)
    {
        if (options.Secret.Length < 16)
            throw new LiveTsException(EngineErrorCodes.InvalidArgument, "the signing secret must be at least 16 bytes");
        this.options = options;
        tokens = new SessionToken(options.Secret, options.TokenMaxAgeMs);
        prerenders = new PrerenderCache(options.PrerenderCapacity, options.PrerenderTimeToLiveMs);
        renderer = new ViewRenderer(writer, Templates);
    }

    public int CompileTemplate(IReadOnlyList<string> statics) => Templates.Compile(statics).Id;

    /// <summary>The first, static render: its HTML, and a signed token that lets the live connection pick it up.</summary>
    public (string Html, string Token) Prerender(ReadOnlySpan<char> tree, string payload)
    {
        var (root, html) = renderer.Prerender(tree);
        var pageId = ConnectionId.NewRandom();
        prerenders.Add(pageId, root, options.Clock());
        return (html, tokens.Sign(pageId, options.WallClock(), payload));
    }

    public ConnectionId Open() => Connections.Open(options.Clock() + options.HeartbeatTimeoutMs).Id;

    public void Close(ConnectionId id)
    {
        Connections.Close(id);
        Topics.Forget(id);
    }

    /// <summary>Subscribes an open connection to a topic; its view hears every broadcast there until it closes.</summary>
    public void Subscribe(ConnectionId id, string topic)
    {
        Connections.Get(id); // an unknown connection is the caller's bug: say so rather than route to nobody
        Topics.Subscribe(id, topic);
    }

    public void Unsubscribe(ConnectionId id, string topic) => Topics.Unsubscribe(id, topic);

    /// <summary>The connections a broadcast on <paramref name="topic"/> reaches in this process.</summary>
    public IReadOnlyCollection<ConnectionId> Subscribers(string topic) => Topics.Subscribers(topic);

    public List<ConnectionId> Expired() => Connections.Expired(options.Clock());

    public ReceiveResult Receive(ConnectionId id, ReadOnlySpan<byte> frame)
    {
        var connection = Connections.Get(id);
        if (frame.Length > options.MaxFrameBytes)
            return Close(CloseCode.CLOSE_FRAME_TOO_LARGE, $"frame of {frame.Length} bytes exceeds the limit of {options.MaxFrameBytes}");
        ClientFrame message;
        try { message = ClientFrameDecoder.Decode(frame); }
        catch (ProtocolException e) { return Close(CloseCode.CLOSE_PROTOCOL_ERROR, "not a LiveTS frame: " + e.Message); }
        connection.Deadline = options.Clock() + options.HeartbeatTimeoutMs;

        switch (message.Kind)
        {
            case ClientFrameKind.Heartbeat:
                return new ReceiveResult(ReceiveKind.Reply, Bytes: [FrameOp.FRAME_HEARTBEAT_ACK]);
            case ClientFrameKind.Join:
            {
                if (connection.Joined) return Close(CloseCode.CLOSE_PROTOCOL_ERROR, "JOIN sent twice on one connection");
                if (message.Version != ProtocolVersion.PROTOCOL_VERSION)
                    return Close(CloseCode.CLOSE_VERSION_MISMATCH,
                        $"client speaks protocol {message.Version}, server speaks {ProtocolVersion.PROTOCOL_VERSION}; reload the page");
                var claims = tokens.Verify(message.Token, options.WallClock(), out var reason);
                if (claims is null) return Close(CloseCode.CLOSE_BAD_TOKEN, reason);
                connection.Joined = true;
                connection.Shown = prerenders.Take(claims.PageId, options.Clock());
                return new ReceiveResult(ReceiveKind.Join, claims.Payload);
            }
            default:
            {
                if (!connection.Joined) return Close(CloseCode.CLOSE_NOT_JOINED, "EVENT before JOIN");
                if (connection.Shown is not { } shown || !EventDeclarations.Declares(shown, message.EventName))
                    return new ReceiveResult(ReceiveKind.ErrorReply, $"unknown event '{message.EventName}': no ts-on:* on the page names it",
                        ErrorReply(ErrorCode.ERROR_UNKNOWN_EVENT, $"unknown event '{message.EventName}'"));
                return new ReceiveResult(ReceiveKind.Event, message.EventName, Fields: message.Fields);
            }
        }
    }

    /// <summary>
    /// A render of a joined connection: the frame that brings its page from what it shows to this.
    /// A REPLY answers the client's JOIN or oldest unanswered EVENT; a PUSH answers nothing
    /// (a timer, a broadcast).
    /// </summary>
    public byte[] Render(ConnectionId id, ReadOnlySpan<char> tree, bool push = false)
    {
        var connection = Connections.Get(id);
        if (!connection.Joined)
            throw new LiveTsException(EngineErrorCodes.InvalidArgument, $"connection {id} has not joined; render after its JOIN");
        writer.Reset();
        writer.Byte(push ? FrameOp.FRAME_PUSH : FrameOp.FRAME_REPLY);
        connection.Shown = renderer.Render(connection.Shown ?? RenderValue.Nothing, tree);
        return writer.ToArray();
    }

    public byte[] ErrorReply(byte code, string message)
    {
        var frame = new FrameWriter();
        frame.Byte(FrameOp.FRAME_ERROR);
        frame.Byte(code);
        frame.String(message);
        return frame.ToArray();
    }

    private static ReceiveResult Close(int code, string reason) => new(ReceiveKind.Close, reason, CloseCode: code);
}
