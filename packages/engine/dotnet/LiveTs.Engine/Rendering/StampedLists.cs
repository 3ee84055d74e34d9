namespace LiveTs.Engine.Rendering;

/// <summary>
/// The items of the lists the JS side stamped, by stamp, for the engine as a whole (docs/architecture.md,
/// "Renders"): a render refers to the runs of a long list's items that did not change by the stamp of
/// the list its view rendered last, and they are found here, whatever the connection shows. The JS
/// side asks <see cref="Count"/> before it refers to a stamp, so a reference always finds its list.
/// <para>
/// Bounded and shared, not kept per connection: a list leaves when the list that refers to it
/// replaces it (its stamp is never referred to again) or, past <see cref="Capacity"/>, the oldest
/// leaves. The arrays are the ones the connections show, so what is kept here is mostly shared.
/// </para>
/// </summary>
internal sealed class StampedLists
{
    /// <summary>How many lists are kept: the JS side keeps the lists of its last few views (list-memo.ts).</summary>
    public const int Capacity = 64;

    private readonly Dictionary<uint, (RenderValue[] Items, long Added)> lists = [];
    /// <summary>Stamps in the order they came, with when; an entry whose list left or came again is skipped.</summary>
    private readonly Queue<(uint Stamp, long Added)> order = new();
    private long added;

    /// <summary>The items of the list stamped <paramref name="stamp"/>, if kept.</summary>
    public RenderValue[]? Get(uint stamp) => lists.TryGetValue(stamp, out var list) ? list.Items : null;

    /// <summary>How many items the list stamped <paramref name="stamp"/> has, or -1 when it is not kept.</summary>
    public int Count(uint stamp) => lists.TryGetValue(stamp, out var list) ? list.Items.Length : -1;

    /// <summary>
    /// Keeps a list just read; the one it was based on (0 for none) is referred to no more. Lists past
    /// <see cref="Capacity"/> leave at <see cref="Trim"/>, after the render: a render's later lists
    /// may still refer to the oldest ones, which the JS side found here before it wrote the render.
    /// </summary>
    public void Add(uint stamp, RenderValue[] items, uint basedOn)
    {
        if (basedOn != stamp) lists.Remove(basedOn);
        lists[stamp] = (items, ++added);
        order.Enqueue((stamp, added));
    }

    /// <summary>Lets the oldest lists past <see cref="Capacity"/> go; called once a render's tree is read (or failed to be).</summary>
    public void Trim()
    {
        while (lists.Count > Capacity)
        {
            var (oldest, when) = order.Dequeue();
            if (lists.TryGetValue(oldest, out var list) && list.Added == when) lists.Remove(oldest);
        }
        // Lists replaced leave their entries behind: drop them before the queue outgrows the lists.
        if (order.Count > 4 * Capacity)
        {
            var live = order.Where(e => lists.TryGetValue(e.Stamp, out var list) && list.Added == e.Added).ToArray();
            order.Clear();
            foreach (var e in live) order.Enqueue(e);
        }
    }
}
