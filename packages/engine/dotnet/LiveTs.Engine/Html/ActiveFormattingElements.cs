namespace LiveTs.Engine.Html;

/// <summary>
/// The list of active formatting elements (§13.2.4.3): the &lt;b&gt;, &lt;a&gt;, &lt;font&gt;… that are open and
/// must be reopened when misnested markup closes them early, with markers (<see cref="Marker"/>
/// entries) that fence off tables cells, captions, templates and applets so formatting doesn't leak into them.
/// </summary>
internal sealed class ActiveFormattingElements(HtmlTree tree)
{
    public const int Marker = HtmlTree.None;

    private readonly List<int> entries = [];

    public int Count => entries.Count;
    public int this[int index] => entries[index];

    public void PushMarker() => entries.Add(Marker);

    /// <summary>Sets the list to a checkpoint's (markers included).</summary>
    public void Restore(int[] saved)
    {
        entries.Clear();
        entries.AddRange(saved);
    }

    /// <summary>
    /// Adds an element. The "Noah's Ark" clause keeps at most three identical entries (same name,
    /// namespace and attributes) after the last marker, so "&lt;b&gt;&lt;b&gt;&lt;b&gt;&lt;b&gt;…" can't grow it forever.
    /// </summary>
    public void Push(int element)
    {
        int same = 0, earliest = -1;
        for (int i = entries.Count - 1; i >= 0; i--)
        {
            var entry = entries[i];
            if (entry == Marker) break;
            if (!SameElement(entry, element)) continue;
            same++;
            earliest = i;
        }
        if (same >= 3) entries.RemoveAt(earliest);
        entries.Add(element);
    }

    private bool SameElement(int a, int b)
    {
        if (tree.NameId(a) != tree.NameId(b) || tree.Namespace(a) != tree.Namespace(b)) return false;
        int count = tree.AttributeCount(a);
        if (count != tree.AttributeCount(b)) return false;
        for (int i = 0; i < count; i++)
        {
            int j = tree.FindAttribute(b, tree.AttributeName(a, i));
            if (j < 0 || !tree.AttributeValue(a, i).SequenceEqual(tree.AttributeValue(b, j))) return false;
        }
        return true;
    }

    public void ClearToLastMarker()
    {
        while (entries.Count > 0)
        {
            var entry = entries[^1];
            entries.RemoveAt(entries.Count - 1);
            if (entry == Marker) return;
        }
    }

    /// <summary>The last HTML element with this name after the last marker, or <see cref="HtmlTree.None"/>.</summary>
    public int LastAfterMarker(int name)
    {
        for (int i = entries.Count - 1; i >= 0; i--)
        {
            var entry = entries[i];
            if (entry == Marker) return HtmlTree.None;
            if (tree.Namespace(entry) == HtmlNamespace.Html && tree.NameId(entry) == name) return entry;
        }
        return HtmlTree.None;
    }

    public int IndexOf(int element) => entries.LastIndexOf(element);
    public bool Contains(int element) => IndexOf(element) >= 0;

    public void Remove(int element)
    {
        int i = IndexOf(element);
        if (i >= 0) entries.RemoveAt(i);
    }

    public void Insert(int index, int element) => entries.Insert(index, element);
    public void Replace(int index, int element) => entries[index] = element;
}
