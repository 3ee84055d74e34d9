namespace LiveTs.Engine.Sessions;

/// <summary>
/// A token bucket per connection (docs/security.md, "Limits"): every client frame takes a token;
/// tokens come back at a steady rate up to a burst. A connection that runs dry is refused its
/// frames (an EVENT gets an error reply, costing no handler); one that keeps sending regardless —
/// more than a whole burst refused in a row — is flooding and is closed.
/// </summary>
internal struct FrameRate
{
    private double tokens;
    private long refilledAt;
    private int refusedInARow;

    public FrameRate(int burst, long now)
    {
        tokens = burst;
        refilledAt = now;
    }

    public enum Verdict { Accept, Refuse, Flooding }

    public Verdict Take(long now, double perSecond, int burst)
    {
        if (now > refilledAt)
        {
            tokens = Math.Min(burst, tokens + (now - refilledAt) * perSecond / 1000.0);
            refilledAt = now;
        }
        if (tokens >= 1)
        {
            tokens -= 1;
            refusedInARow = 0;
            return Verdict.Accept;
        }
        return ++refusedInARow > burst ? Verdict.Flooding : Verdict.Refuse;
    }
}
