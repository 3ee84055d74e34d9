using LiveTs.Engine.Sessions;

namespace LiveTs.Engine.Security;

/// <summary>
/// Page tokens that already started a session (docs/security.md, "Tokens"). A page token starts
/// one session: a second JOIN without that session's credential is a replay (a copied page, a
/// stolen token) and is refused. An entry is only needed while the token could still start a
/// session, so each is forgotten when its first-join window closes: the set stays as small as
/// the number of pages rendered in that window.
/// </summary>
internal sealed class SpentPageTokens
{
    private readonly Dictionary<ConnectionId, long> spentUntil = [];
    private long nextSweep;

    public int Count => spentUntil.Count;

    /// <summary>Marks the page's token spent; false if it already was.</summary>
    public bool TrySpend(ConnectionId pageId, long windowEnds, long now)
    {
        if (now >= nextSweep) Sweep(now);
        if (spentUntil.TryGetValue(pageId, out var until) && until > now) return false;
        spentUntil[pageId] = windowEnds;
        return true;
    }

    private void Sweep(long now)
    {
        foreach (var (id, until) in spentUntil)
            if (until <= now) spentUntil.Remove(id);
        nextSweep = now + 10_000;
    }
}
