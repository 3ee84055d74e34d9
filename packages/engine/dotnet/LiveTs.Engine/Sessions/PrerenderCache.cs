using System.Collections.Concurrent;
using LiveTs.Engine.Rendering;

namespace LiveTs.Engine.Sessions;

/// <summary>
/// The renders served by the first HTTP GET, kept briefly so the live connection that follows can
/// diff against what the page already shows instead of sending it again. Bounded in time and count:
/// a page that joins late (or on another process) gets a full render instead.
/// </summary>
internal sealed class PrerenderCache(int capacity, long timeToLiveMs)
{
    private readonly ConcurrentDictionary<ConnectionId, (RenderValue Render, long Expires)> entries = new();

    public int Count => entries.Count;

    public void Add(ConnectionId pageId, RenderValue render, long now)
    {
        if (entries.Count >= capacity) Sweep(now);
        if (entries.Count >= capacity) return;
        entries[pageId] = (render, now + timeToLiveMs);
    }

    /// <summary>Takes the render out: each prerender serves one join.</summary>
    public RenderValue? Take(ConnectionId pageId, long now) =>
        entries.TryRemove(pageId, out var entry) && entry.Expires > now ? entry.Render : null;

    public void Sweep(long now)
    {
        foreach (var (id, entry) in entries)
            if (entry.Expires <= now) entries.TryRemove(id, out _);
    }
}
