namespace LiveTs.Engine.Tests.TestSupport;

/// <summary>A monotonic clock and a wall clock the test moves by hand.</summary>
internal sealed class FakeClocks
{
    public long Now { get; set; } = 1_000;
    public long WallNow { get; set; } = 1_700_000_000_000;

    public void Advance(long ms)
    {
        Now += ms;
        WallNow += ms;
    }

    public EngineOptions Options(byte[]? secret = null) => new()
    {
        Secret = secret ?? "a test secret that is long enough"u8.ToArray(),
        Clock = () => Now,
        WallClock = () => WallNow,
    };
}
