using LiveTs.Engine.Rendering;

namespace LiveTs.Engine.Diffing;

/// <summary>
/// The first renders of recent pages, by fingerprint, so that every connection opening the same
/// page shares one tree instead of holding a copy (docs/architecture.md, "Memory per connection"):
/// a thousand visitors of a 1,000-row table show the same strings. Later renders of a connection
/// reuse what is unchanged of this tree, so the sharing lasts, copy-on-write, as pages diverge.
/// A hit is checked against the kept tree text, so no page ever gets another's content on a
/// fingerprint collision. Bounded by entries and by kept text; the least recently used goes first.
/// </summary>
internal sealed class SharedRenders(int capacity = 64, long maxChars = 8 * 1024 * 1024)
{
    private sealed record Entry(ulong Fingerprint, string Tree, RenderValue Root, string Html);

    private readonly Dictionary<ulong, LinkedListNode<Entry>> byFingerprint = [];
    private readonly LinkedList<Entry> recent = new();
    private long chars;

    public int Count => byFingerprint.Count;

    public bool TryGet(ReadOnlySpan<char> tree, ulong fingerprint, out RenderValue root, out string html)
    {
        if (byFingerprint.TryGetValue(fingerprint, out var node) && tree.SequenceEqual(node.Value.Tree))
        {
            recent.Remove(node);
            recent.AddFirst(node);
            (root, html) = (node.Value.Root, node.Value.Html);
            return true;
        }
        (root, html) = (default, "");
        return false;
    }

    public void Add(ReadOnlySpan<char> tree, ulong fingerprint, RenderValue root, string html)
    {
        if (tree.Length > maxChars / 4 || byFingerprint.ContainsKey(fingerprint)) return;
        byFingerprint[fingerprint] = recent.AddFirst(new Entry(fingerprint, new string(tree), root, html));
        RecycledParses.Shared(root);
        chars += tree.Length;
        while (byFingerprint.Count > capacity || chars > maxChars)
        {
            var oldest = recent.Last!.Value;
            recent.RemoveLast();
            byFingerprint.Remove(oldest.Fingerprint);
            chars -= oldest.Tree.Length;
        }
    }
}
