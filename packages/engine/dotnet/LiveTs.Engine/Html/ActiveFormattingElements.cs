namespace LiveTs.Engine.Html;

/// <summary>
/// The list of active formatting elements (§13.2.4.3): the &lt;b&gt;, &lt;a&gt;, &lt;font&gt;… that are open and
/// must be reopened when misnested markup closes them early, with markers (null entries) that fence
/// off tables cells, captions, templates and applets so formatting doesn't leak into them.
/// </summary>
internal sealed class ActiveFormattingElements
{
    private readonly List<HtmlNode?> entries = [];

    public int Count => entries.Count;
    public HtmlNode? this[int index] => entries[index];

    public void PushMarker() => entries.Add(null);

    /// <summary>
    /// Adds an element. The "Noah's Ark" clause keeps at most three identical entries (same name,
    /// namespace and attributes) after the last marker, so "&lt;b&gt;&lt;b&gt;&lt;b&gt;&lt;b&gt;…" can't grow it forever.
    /// </summary>
    public void Push(HtmlNode element)
    {
        int same = 0, earliest = -1;
        for (int i = entries.Count - 1; i >= 0; i--)
        {
            var entry = entries[i];
            if (entry is null) break;
            if (!SameElement(entry, element)) continue;
            same++;
            earliest = i;
        }
        if (same >= 3) entries.RemoveAt(earliest);
        entries.Add(element);
    }

    private static bool SameElement(HtmlNode a, HtmlNode b)
    {
        if (a.Name != b.Name || a.Namespace != b.Namespace) return false;
        int count = a.HasAttributes ? a.Attributes.Count : 0;
        if (count != (b.HasAttributes ? b.Attributes.Count : 0)) return false;
        if (count == 0) return true;
        foreach (var (name, value) in a.Attributes)
            if (b.Attribute(name) != value) return false;
        return true;
    }

    public void ClearToLastMarker()
    {
        while (entries.Count > 0)
        {
            var entry = entries[^1];
            entries.RemoveAt(entries.Count - 1);
            if (entry is null) return;
        }
    }

    /// <summary>The last element with this HTML tag after the last marker, or null.</summary>
    public HtmlNode? LastAfterMarker(Tag tag, string name)
    {
        for (int i = entries.Count - 1; i >= 0; i--)
        {
            var entry = entries[i];
            if (entry is null) return null;
            if (entry.Namespace == HtmlNamespace.Html && (tag != Tag.Unknown ? entry.Tag == tag : entry.Name == name)) return entry;
        }
        return null;
    }

    public int IndexOf(HtmlNode element) => entries.LastIndexOf(element);
    public bool Contains(HtmlNode element) => IndexOf(element) >= 0;

    public void Remove(HtmlNode element)
    {
        int i = IndexOf(element);
        if (i >= 0) entries.RemoveAt(i);
    }

    public void Insert(int index, HtmlNode element) => entries.Insert(index, element);
    public void Replace(int index, HtmlNode element) => entries[index] = element;
}
