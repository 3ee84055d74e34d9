using LiveTs.Engine.Html;
using LiveTs.Engine.Protocol;

namespace LiveTs.Engine.Diffing;

/// <summary>
/// Diffs two parses of a plain-HTML render and writes PATCH_NODE_* operations. Where children
/// carry keys (id, then ts-key; docs/design.md §2.4), keyed elements are matched by tag and key and
/// moved, inserted or removed as <see cref="KeyedReorder"/> plans, and the other children are
/// matched in order among themselves; without keys children are matched by position. A matched
/// node whose kind or tag changed is replaced whole. Operations address nodes by child-index paths
/// from the view's root element, each valid when the client reaches it.
/// </summary>
public sealed class HtmlTreeDiffer(FrameWriter writer)
{
    private readonly FrameWriter writer = writer;
    private readonly List<int> path = [];

    public void Diff(List<HtmlNode> before, List<HtmlNode> after)
    {
        path.Clear();
        DiffChildren(before, after);
    }

    private void DiffChildren(List<HtmlNode> before, List<HtmlNode> after)
    {
        // Keys matter only when the children changed places; the common case (same children, same
        // order) is diffed in place without building identities.
        if (!SameSequence(before, after) && (HasKeys(before) || HasKeys(after)) &&
            Identities(before) is { } beforeIds && Identities(after) is { } afterIds)
        {
            DiffKeyedChildren(before, after, beforeIds, afterIds);
            return;
        }
        int common = Math.Min(before.Count, after.Count);
        for (int i = 0; i < common; i++) DiffChild(i, before[i], after[i]);
        for (int i = common; i < after.Count; i++) InsertChild(i, after[i]);
        for (int i = before.Count - 1; i >= after.Count; i--) RemoveChild(i);
    }

    private void DiffKeyedChildren(List<HtmlNode> before, List<HtmlNode> after, string[] beforeIds, string[] afterIds)
    {
        var source = KeyedReorder.Plan(beforeIds, afterIds, new Steps(this, after));
        for (int i = 0; i < after.Count; i++)
            if (source[i] >= 0) DiffChild(i, before[source[i]], after[i]);
    }

    /// <summary>Child <paramref name="index"/> of the current path: diffed in place when it is the same node, replaced otherwise.</summary>
    private void DiffChild(int index, HtmlNode before, HtmlNode after)
    {
        path.Add(index);
        if (SameNode(before, after)) DiffNode(before, after);
        else
        {
            writer.Byte(PatchOp.PATCH_NODE_REPLACE);
            WritePath();
            writer.String(after.ToHtml());
        }
        path.RemoveAt(path.Count - 1);
    }

    private void InsertChild(int index, HtmlNode node)
    {
        writer.Byte(PatchOp.PATCH_NODE_INSERT);
        WritePath();
        writer.VarUInt((uint)index);
        writer.String(node.ToHtml());
    }

    private void RemoveChild(int index)
    {
        path.Add(index);
        writer.Byte(PatchOp.PATCH_NODE_REMOVE);
        WritePath();
        path.RemoveAt(path.Count - 1);
    }

    private static bool SameSequence(List<HtmlNode> before, List<HtmlNode> after)
    {
        if (before.Count != after.Count) return false;
        for (int i = 0; i < after.Count; i++)
            if (!SameNode(before[i], after[i])) return false;
        return true;
    }

    private static bool HasKeys(List<HtmlNode> nodes)
    {
        foreach (var node in nodes) if (node.Key is not null) return true;
        return false;
    }

    /// <summary>
    /// Each child's identity: a keyed element by its tag and key, any other node by its place among
    /// the unkeyed ones. Null when a key repeats (then children are matched by position).
    /// </summary>
    private static string[]? Identities(List<HtmlNode> nodes)
    {
        var ids = new string[nodes.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int unkeyed = 0;
        for (int i = 0; i < nodes.Count; i++)
        {
            ids[i] = nodes[i].Key is { } key ? $"k\u0001{nodes[i].Name}\u0001{key}" : $"u\u0001{unkeyed++}";
            if (!seen.Add(ids[i])) return null;
        }
        return ids;
    }

    /// <summary>Writes a keyed reorder of the children at the current path as NODE_* operations.</summary>
    private sealed class Steps(HtmlTreeDiffer differ, List<HtmlNode> after) : IReorderSink
    {
        public void Remove(int index) => differ.RemoveChild(index);

        public void Insert(int index, int afterIndex) => differ.InsertChild(index, after[afterIndex]);

        public void Move(int from, int to)
        {
            differ.writer.Byte(PatchOp.PATCH_NODE_MOVE);
            differ.WritePath();
            differ.writer.VarUInt((uint)from);
            differ.writer.VarUInt((uint)to);
        }
    }

    private static bool SameNode(HtmlNode a, HtmlNode b) =>
        a.Kind == b.Kind && (a.Kind != HtmlNodeKind.Element || (a.Name == b.Name && a.Namespace == b.Namespace && a.Key == b.Key));

    private void DiffNode(HtmlNode before, HtmlNode after)
    {
        switch (after.Kind)
        {
            case HtmlNodeKind.Text:
                if (before.Data == after.Data) return;
                writer.Byte(PatchOp.PATCH_NODE_TEXT);
                WritePath();
                writer.String(after.Data);
                return;
            case HtmlNodeKind.Comment:
                if (before.Data == after.Data) return;
                writer.Byte(PatchOp.PATCH_NODE_REPLACE);
                WritePath();
                writer.String(after.ToHtml());
                return;
        }
        if (after.TemplateContent is not null || before.TemplateContent is not null)
        {
            // A template's content is a separate fragment the client can't address by child path:
            // when it changed, the template is replaced whole.
            string html = after.ToHtml();
            if (html == before.ToHtml()) return;
            writer.Byte(PatchOp.PATCH_NODE_REPLACE);
            WritePath();
            writer.String(html);
            return;
        }
        foreach (var (name, value) in after.Attributes)
        {
            if (before.Attribute(name) == value) continue;
            writer.Byte(PatchOp.PATCH_NODE_SET_ATTR);
            WritePath();
            writer.String(name);
            writer.String(value);
        }
        foreach (var (name, _) in before.Attributes)
        {
            if (after.Attribute(name) is not null) continue;
            writer.Byte(PatchOp.PATCH_NODE_REMOVE_ATTR);
            WritePath();
            writer.String(name);
        }
        DiffChildren(before.Children, after.Children);
    }

    private void WritePath()
    {
        writer.VarUInt((uint)path.Count);
        foreach (var index in path) writer.VarUInt((uint)index);
    }
}
