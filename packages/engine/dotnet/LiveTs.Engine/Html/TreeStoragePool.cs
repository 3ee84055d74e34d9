namespace LiveTs.Engine.Html;

/// <summary>
/// The arrays one <see cref="HtmlTree"/> is built in: the preprocessed input, the nodes, the
/// attributes and the chars character references produced. Big arrays are costly to make (a 300 KB
/// page's are about 1.7 MB, on the large-object heap, zeroed, and each batch of them is a full
/// collection), so a renderer reuses them from parse to parse (<see cref="TreeStoragePool"/>).
/// </summary>
internal sealed class TreeStorage
{
    public char[] Source = [];
    public HtmlTree.Node[] Nodes = [];
    public HtmlTree.Attribute[] Attributes = [];
    public char[] Chars = [];

    /// <summary>A storage whose source holds <paramref name="input"/>, preprocessed; returns it with the source's length.</summary>
    public static (TreeStorage Storage, int Length) For(ReadOnlySpan<char> input, TreeStoragePool? pool)
    {
        var storage = pool?.Rent(input.Length) ?? new TreeStorage();
        if (storage.Source.Length < input.Length) storage.Source = new char[input.Length];
        return (storage, Tokenizer.Preprocess(input, storage.Source));
    }
}

/// <summary>
/// The storages of a few parses no one reads any more, kept for the next parses. One per renderer
/// and used on its thread only. Only a tree that exactly one connection showed is released here
/// (Diffing/ViewRenderer.cs says when); a tree anything else may hold (a shared first render, a
/// remembered transition) is left to the garbage collector, so a missed release costs memory,
/// never correctness. A parse takes only a storage made for a page of about its size, so a small
/// page never keeps a big page's arrays alive, and the pool holds at most <paramref name="capacity"/>.
/// </summary>
internal sealed class TreeStoragePool(int capacity = 2)
{
    private readonly List<TreeStorage> free = [];

    public int Count => free.Count;

    public TreeStorage? Rent(int inputLength)
    {
        for (int i = free.Count - 1; i >= 0; i--)
        {
            var storage = free[i];
            if (storage.Source.Length < inputLength || storage.Source.Length > inputLength * 2 + 4096) continue;
            free.RemoveAt(i);
            return storage;
        }
        return null;
    }

    public void Return(TreeStorage storage)
    {
        if (free.Count == capacity) free.RemoveAt(0);
        free.Add(storage);
    }
}
