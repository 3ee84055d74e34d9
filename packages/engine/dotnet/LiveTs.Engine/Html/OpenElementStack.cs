namespace LiveTs.Engine.Html;

/// <summary>
/// The stack of open elements (§13.2.4.2), keeping a count of open HTML elements per tag and an
/// on-stack flag on each node. The spec's checks ("has a p element in button scope", "is in the
/// stack") walk the stack; with the counts most of them answer at once, so 100,000 nested
/// &lt;div&gt;s cost linear time instead of quadratic.
/// </summary>
internal sealed class OpenElementStack
{
    private readonly List<HtmlNode> nodes = new(32);
    private readonly int[] counts = new int[KnownNames.TagCount];

    public int Count => nodes.Count;
    public HtmlNode this[int index] => nodes[index];

    /// <summary>How many HTML elements with this tag are open (0 means none: no need to walk).</summary>
    public int CountOf(Tag tag) => counts[(int)tag];

    public void Add(HtmlNode node)
    {
        nodes.Add(node);
        Opened(node);
    }

    public void Insert(int index, HtmlNode node)
    {
        nodes.Insert(index, node);
        Opened(node);
    }

    public void RemoveAt(int index)
    {
        Closed(nodes[index]);
        nodes.RemoveAt(index);
    }

    public void Replace(int index, HtmlNode node)
    {
        Closed(nodes[index]);
        nodes[index] = node;
        Opened(node);
    }

    public bool Remove(HtmlNode node)
    {
        if (!node.IsOpen) return false;
        int i = nodes.LastIndexOf(node);
        if (i < 0) return false;
        RemoveAt(i);
        return true;
    }

    public bool Contains(HtmlNode node) => node.IsOpen && nodes.LastIndexOf(node) >= 0;

    public int LastIndexOf(HtmlNode node) => node.IsOpen ? nodes.LastIndexOf(node) : -1;

    public int IndexOf(HtmlNode node) => node.IsOpen ? nodes.IndexOf(node) : -1;

    private void Opened(HtmlNode node)
    {
        node.IsOpen = true;
        if (node.Namespace == HtmlNamespace.Html) counts[(int)node.Tag]++;
    }

    private void Closed(HtmlNode node)
    {
        node.IsOpen = false;
        if (node.Namespace == HtmlNamespace.Html) counts[(int)node.Tag]--;
    }
}
