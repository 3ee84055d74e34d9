namespace LiveTs.Engine;

/// <summary>Limits and secrets of one engine. Defaults suit a production server.</summary>
public sealed record EngineOptions
{
    /// <summary>Key for signing session tokens. Pages signed with another key must reload.</summary>
    public required byte[] Secret { get; init; }
    /// <summary>Largest client frame accepted; a larger one closes the connection with 1009.</summary>
    public int MaxFrameBytes { get; init; } = 64 * 1024;
    /// <summary>A connection that sends nothing (not even a heartbeat) for this long is closed.</summary>
    public long HeartbeatTimeoutMs { get; init; } = 60_000;
    /// <summary>A socket that has not sent its JOIN this long after opening is closed (4409).</summary>
    public long JoinTimeoutMs { get; init; } = 10_000;
    /// <summary>Client frames per second a connection may send, sustained.</summary>
    public double FramesPerSecond { get; init; } = 100;
    /// <summary>Client frames a connection may send at once above the sustained rate; past twice this it is closed (4429).</summary>
    public int FrameBurst { get; init; } = 500;
    /// <summary>How long a first render waits for its live connection to join.</summary>
    public long PrerenderTimeToLiveMs { get; init; } = 60_000;
    public int PrerenderCapacity { get; init; } = 10_000;
    /// <summary>How long a page token, or a session credential, stays valid for rejoining its session.</summary>
    public long TokenMaxAgeMs { get; init; } = 24 * 60 * 60 * 1000;
    /// <summary>
    /// A page token starts its session with a JOIN no later than this after the render; it is then
    /// spent, and rejoins need the session's credential (docs/security.md).
    /// </summary>
    public long FirstJoinMaxAgeMs { get; init; } = 5 * 60 * 1000;
    /// <summary>How far in the future a token's issue time may be (clocks of several servers differ a little).</summary>
    public long ClockSkewMs { get; init; } = 60 * 1000;
    /// <summary>Milliseconds on a monotonic clock; tests replace it.</summary>
    public Func<long> Clock { get; init; } = () => Environment.TickCount64;
    /// <summary>Wall-clock milliseconds for token ages (tokens outlive processes).</summary>
    public Func<long> WallClock { get; init; } = () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
