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
    /// <summary>How long a first render waits for its live connection to join.</summary>
    public long PrerenderTimeToLiveMs { get; init; } = 60_000;
    public int PrerenderCapacity { get; init; } = 10_000;
    public long TokenMaxAgeMs { get; init; } = 24 * 60 * 60 * 1000;
    /// <summary>Milliseconds on a monotonic clock; tests replace it.</summary>
    public Func<long> Clock { get; init; } = () => Environment.TickCount64;
    /// <summary>Wall-clock milliseconds for token ages (tokens outlive processes).</summary>
    public Func<long> WallClock { get; init; } = () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
