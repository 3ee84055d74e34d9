namespace LiveTs.Engine.Rendering;

/// <summary>
/// Fingerprints of a long list's items in chunks of <see cref="Items"/>, counted from the front and
/// from the end. A render of a list that changed compares them with the shown list's: the chunks
/// that match, from either end, are the shown items, and only the items between are read. So
/// appending, removing or editing one item of a 10,000-item list reads a chunk or two, not the list
/// (docs/architecture.md, "Renders"); the rest costs hashing, which runs at memory speed.
/// </summary>
internal readonly ref struct ListChunks(ReadOnlySpan<char> tree, ReadOnlySpan<int> starts)
{
    public const int Items = 32;
    /// <summary>Shorter lists are read item by item.</summary>
    public const int MinItems = 2 * Items;

    /// <summary>A list's chunk fingerprints: chunk c of <see cref="Front"/> holds items [cK, (c+1)K), of <see cref="Back"/> the c-th K items from the end.</summary>
    public readonly record struct Prints(ulong[]? Front, ulong[]? Back);

    private readonly ReadOnlySpan<char> tree = tree;
    /// <summary>Where each item starts in the tree, and where the last one ends.</summary>
    private readonly ReadOnlySpan<int> starts = starts;
    private int Count => starts.Length - 1;

    private ulong Print(int from, int to) => Fingerprint.Of(tree[starts[from]..starts[to]]);
    private ulong FrontPrint(int chunk) => Print(chunk * Items, (chunk + 1) * Items);
    private ulong BackPrint(int chunk) => Print(Count - (chunk + 1) * Items, Count - chunk * Items);

    /// <summary>How many items match the shown list's (of <paramref name="shownCount"/> items) from the front and from the end, whole chunks at a time, without overlapping.</summary>
    public (int Front, int Back) Matching(Prints? shown, int shownCount)
    {
        if (shown is not { Front: { } shownFront, Back: { } shownBack }) return (0, 0);
        int common = Math.Min(Count, shownCount);
        int front = 0;
        while (front + Items <= common && front / Items < shownFront.Length && FrontPrint(front / Items) == shownFront[front / Items]) front += Items;
        int back = 0;
        while (back + Items <= common - front && back / Items < shownBack.Length && BackPrint(back / Items) == shownBack[back / Items]) back += Items;
        return (front, back);
    }

    /// <summary>This list's chunk fingerprints, taking those of the chunks that matched the shown list's.</summary>
    public Prints Fingerprints(Prints? shown, int front, int back)
    {
        int chunks = Count / Items;
        var frontPrints = new ulong[chunks];
        var backPrints = new ulong[chunks];
        for (int c = 0; c < chunks; c++)
        {
            frontPrints[c] = (c + 1) * Items <= front ? shown!.Value.Front![c] : FrontPrint(c);
            backPrints[c] = (c + 1) * Items <= back ? shown!.Value.Back![c] : BackPrint(c);
        }
        return new Prints(frontPrints, backPrints);
    }
}
