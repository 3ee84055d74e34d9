namespace LiveTs.Engine.Html;

/// <summary>
/// The stack of open elements (§13.2.4.2), keeping a count of open HTML elements per tag and an
/// on-stack flag on each node. The spec's checks ("has a p element in button scope", "is in the
/// stack") walk the stack; with the counts most of them answer at once, so 100,000 nested
/// &lt;div&gt;s cost linear time instead of quadratic.
/// </summary>
internal sealed class OpenElementStack(HtmlTree tree)
{
    private int[] nodes = new int[32];
    private int count;
    private readonly int[] counts = new int[KnownNames.TagCount];

    public int Count => count;

    /// <summary>How many open elements are SVG or MathML: while none are, the tree builder needs no per-token namespace check.</summary>
    public int ForeignCount { get; private set; }
    public int this[int index] => nodes[index];

    /// <summary>The current node (the top of the stack).</summary>
    public int Top => nodes[count - 1];

    /// <summary>How many HTML elements with this tag are open (0 means none: no need to walk).</summary>
    public int CountOf(Tag tag) => counts[(int)tag];

    public void Add(int node)
    {
        if (count == nodes.Length) Array.Resize(ref nodes, count * 2);
        nodes[count++] = node;
        Opened(node);
    }

    /// <summary>Empties the stack (a parse resumed from a checkpoint pushes the checkpoint's elements).</summary>
    public void Clear()
    {
        count = 0;
        Array.Clear(counts);
        ForeignCount = 0;
    }

    public void Insert(int index, int node)
    {
        if (count == nodes.Length) Array.Resize(ref nodes, count * 2);
        Array.Copy(nodes, index, nodes, index + 1, count - index);
        nodes[index] = node;
        count++;
        Opened(node);
    }

    public void RemoveAt(int index)
    {
        Closed(nodes[index], popped: index == count - 1);
        count--;
        if (index < count) Array.Copy(nodes, index + 1, nodes, index, count - index);
    }

    public void Replace(int index, int node)
    {
        Closed(nodes[index], popped: false);
        nodes[index] = node;
        Opened(node);
    }

    public bool Remove(int node)
    {
        int i = LastIndexOf(node);
        if (i < 0) return false;
        RemoveAt(i);
        return true;
    }

    public bool Contains(int node) => LastIndexOf(node) >= 0;

    public int LastIndexOf(int node) => tree.IsOpen(node) ? Array.LastIndexOf(nodes, node, count - 1, count) : -1;

    public int IndexOf(int node) => tree.IsOpen(node) ? Array.IndexOf(nodes, node, 0, count) : -1;

    private void Opened(int node)
    {
        tree.SetOpened(node);
        if (tree.Namespace(node) == HtmlNamespace.Html) counts[(int)tree.Tag(node)]++;
        else ForeignCount++;
    }

    /// <summary>
    /// An element leaves the stack. <paramref name="popped"/>: from the top, so nothing under it is
    /// still open and its subtree is final. An element taken from the middle (&lt;/form&gt;, the
    /// adoption agency) may still have open elements under it, which keep growing.
    /// </summary>
    private void Closed(int node, bool popped)
    {
        tree.SetClosed(node, popped);
        if (tree.Namespace(node) == HtmlNamespace.Html) counts[(int)tree.Tag(node)]--;
        else ForeignCount--;
    }
}
