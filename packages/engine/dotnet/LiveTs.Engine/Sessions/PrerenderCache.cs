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
    private readonly ConcurrentDictionary<ConnectionId, (RenderValue Render, ShownComponents? Components, long Expires)> entries = new();

    public int Count => entries.Count;

    /// <summary>Keeps a page's first render, with its components when it has some.</summary>
    internal void Add(ConnectionId pageId, RenderValue render, ShownComponents? components, long now)
    {
        if (entries.Count >= capacity) Sweep(now);
        if (entries.Count >= capacity) return;
        entries[pageId] = (render, components is { Count: > 0 } ? components : null, now + timeToLiveMs);
    }

    public void Add(ConnectionId pageId, RenderValue render, long now) => Add(pageId, render, null, now);

    /// <summary>Takes the render out: each prerender serves one join.</summary>
    public RenderValue? Take(ConnectionId pageId, long now) => Take(pageId, now, out _);

    internal RenderValue? Take(ConnectionId pageId, long now, out ShownComponents? components)
    {
        components = null;
        if (!entries.TryRemove(pageId, out var entry) || entry.Expires <= now) return null;
        components = entry.Components;
        return entry.Render;
    }

    public void Sweep(long now)
    {
        foreach (var (id, entry) in entries)
            if (entry.Expires <= now) entries.TryRemove(id, out _);
    }
}
