using System.Text;
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
/// <para>
/// Both trees are read in place (<see cref="HtmlTree"/>): names compare as ids and text as slices
/// of the two sources, so a diff allocates only for what it writes.
/// </para>
/// <para>
/// Where the two sources agree from their start, the parses agree too: parsing is deterministic
/// and reads forward, so an element popped while the tokenizer was still inside the common start
/// is, in both trees, the same node number with the same subtree (<see cref="HtmlTree.ClosedAt"/>).
/// Such elements are not compared at all; a render that changes one row of a long page compares
/// only what follows the change. Where the parse of the end was copied from the shown parse
/// (Html/TreeBuilder.Rejoin.cs), the copied nodes are not compared either: such a render compares
/// only the stretch from the change to where the parse rejoined.
/// </para>
/// </summary>
internal sealed class HtmlTreeDiffer(FrameWriter writer)
{
    private const int None = HtmlTree.None;

    private readonly FrameWriter writer = writer;
    private readonly List<int> path = [];
    private readonly StringBuilder html = new();
    private HtmlTree before = null!, after = null!;
    /// <summary>Elements popped at or before this position are the same in both trees (-1: none are known to be).</summary>
    private int sameUpTo;

    /// <summary>Whether what both parses share (an element popped inside the sources' common start, a node the parse copied from the shown one) may be skipped (tests turn it off to check that it changes nothing).</summary>
    internal bool SkipsSharedParts { get; set; } = true;

    public void Diff(HtmlFragment shown, HtmlFragment next)
    {
        before = shown.Tree;
        after = next.Tree;
        path.Clear();
        sameUpTo = SkipsSharedParts && !before.ChangesClosedElements && !after.ChangesClosedElements
            ? after.CommonStartWith(before) - Tokenizer.MaxLookAhead
            : -1;
        DiffChildren(shown.Root, next.Root);
        before = after = null!;
    }

    /// <summary>The same node of both parses: popped inside the sources' common start, or copied from the shown parse (Html/HtmlTree.Rejoin.cs). Equal, subtree and all.</summary>
    private bool SameParse(int b, int a)
    {
        return b == a && before.ClosedAt(b) <= sameUpTo && after.ClosedAt(a) == before.ClosedAt(b)
            || SkipsSharedParts && after.CopiedFrom(before, b, a);
    }

    /// <summary>How many elements the diffs so far skipped as <see cref="SameParse"/> (for tests).</summary>
    internal int Skipped { get; private set; }

    private void DiffChildren(int beforeParent, int afterParent)
    {
        int b = before.FirstChild(beforeParent), a = after.FirstChild(afterParent);
        // The common case: the same children in the same order, each diffed in place.
        int same = 0;
        for (; b != None && a != None && SameNode(b, a); b = before.Next(b), a = after.Next(a)) same++;
        if (b == None && a == None)
        {
            b = before.FirstChild(beforeParent);
            a = after.FirstChild(afterParent);
            for (int i = 0; i < same; i++, b = before.Next(b), a = after.Next(a))
            {
                path.Add(i);
                DiffNode(b, a);
                path.RemoveAt(path.Count - 1);
            }
            return;
        }
        // Keys matter only when the children changed places.
        if ((HasKeys(before, beforeParent) || HasKeys(after, afterParent)) &&
            Identities(before, beforeParent) is { } beforeIds && Identities(after, afterParent) is { } afterIds)
        {
            DiffKeyedChildren(beforeParent, afterParent, beforeIds, afterIds);
            return;
        }
        b = before.FirstChild(beforeParent);
        a = after.FirstChild(afterParent);
        int index = 0;
        for (; b != None && a != None; b = before.Next(b), a = after.Next(a)) DiffChild(index++, b, a);
        for (; a != None; a = after.Next(a)) InsertChild(index++, a);
        if (b == None) return;
        int count = index;
        for (; b != None; b = before.Next(b)) count++;
        for (int i = count - 1; i >= index; i--) RemoveChild(i);
    }

    private void DiffKeyedChildren(int beforeParent, int afterParent, string[] beforeIds, string[] afterIds)
    {
        var beforeNodes = Children(before, beforeParent);
        var afterNodes = Children(after, afterParent);
        var source = KeyedReorder.Plan(beforeIds, afterIds, new Steps(this, afterNodes));
        for (int i = 0; i < afterNodes.Length; i++)
            if (source[i] >= 0) DiffChild(i, beforeNodes[source[i]], afterNodes[i]);
    }

    private static int[] Children(HtmlTree tree, int parent)
    {
        var nodes = new int[tree.ChildCount(parent)];
        int i = 0;
        for (int c = tree.FirstChild(parent); c != None; c = tree.Next(c)) nodes[i++] = c;
        return nodes;
    }

    /// <summary>Child <paramref name="index"/> of the current path: diffed in place when it is the same node, replaced otherwise.</summary>
    private void DiffChild(int index, int b, int a)
    {
        path.Add(index);
        if (SameNode(b, a)) DiffNode(b, a);
        else
        {
            writer.Byte(PatchOp.PATCH_NODE_REPLACE);
            WritePath();
            WriteHtml(after, a);
        }
        path.RemoveAt(path.Count - 1);
    }

    private void InsertChild(int index, int node)
    {
        writer.Byte(PatchOp.PATCH_NODE_INSERT);
        WritePath();
        writer.VarUInt((uint)index);
        WriteHtml(after, node);
    }

    private void RemoveChild(int index)
    {
        path.Add(index);
        writer.Byte(PatchOp.PATCH_NODE_REMOVE);
        WritePath();
        path.RemoveAt(path.Count - 1);
    }

    private void WriteHtml(HtmlTree tree, int node)
    {
        html.Clear();
        HtmlSerializer.Write(html, tree, node);
        writer.String(html.ToString());
    }

    private static bool HasKeys(HtmlTree tree, int parent)
    {
        for (int c = tree.FirstChild(parent); c != None; c = tree.Next(c))
            if (tree.TryGetKey(c, out _)) return true;
        return false;
    }

    /// <summary>
    /// Each child's identity: a keyed element by its tag and key, any other node by its place among
    /// the unkeyed ones. Null when a key repeats (then children are matched by position).
    /// </summary>
    private static string[]? Identities(HtmlTree tree, int parent)
    {
        var ids = new string[tree.ChildCount(parent)];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int unkeyed = 0, i = 0;
        for (int c = tree.FirstChild(parent); c != None; c = tree.Next(c), i++)
        {
            ids[i] = tree.TryGetKey(c, out var key) ? $"k\u0001{tree.Name(c)}\u0001{key}" : $"u\u0001{unkeyed++}";
            if (!seen.Add(ids[i])) return null;
        }
        return ids;
    }

    /// <summary>Writes a keyed reorder of the children at the current path as NODE_* operations.</summary>
    private sealed class Steps(HtmlTreeDiffer differ, int[] after) : IReorderSink
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

    private bool SameNode(int b, int a)
    {
        if (SameParse(b, a)) return true;
        var kind = after.Kind(a);
        if (before.Kind(b) != kind) return false;
        if (kind != HtmlNodeKind.Element) return true;
        if (!NameTable.Same(before.Names, before.NameId(b), after.Names, after.NameId(a)) || before.Namespace(b) != after.Namespace(a)) return false;
        bool beforeKeyed = before.TryGetKey(b, out var beforeKey);
        bool afterKeyed = after.TryGetKey(a, out var afterKey);
        return beforeKeyed == afterKeyed && beforeKey.SequenceEqual(afterKey);
    }

    private void DiffNode(int b, int a)
    {
        switch (after.Kind(a))
        {
            case HtmlNodeKind.Text:
                if (before.Text(b).SequenceEqual(after.Text(a))) return;
                writer.Byte(PatchOp.PATCH_NODE_TEXT);
                WritePath();
                writer.String(after.Text(a));
                return;
            case HtmlNodeKind.Comment:
                if (before.Text(b).SequenceEqual(after.Text(a))) return;
                writer.Byte(PatchOp.PATCH_NODE_REPLACE);
                WritePath();
                WriteHtml(after, a);
                return;
        }
        if (SameParse(b, a))
        {
            Skipped++;
            return;
        }
        if (after.TemplateContent(a) != None || before.TemplateContent(b) != None)
        {
            // A template's content is a separate fragment the client can't address by child path:
            // when it changed, the template is replaced whole.
            var written = new StringBuilder();
            HtmlSerializer.Write(written, before, b);
            html.Clear();
            HtmlSerializer.Write(html, after, a);
            if (html.Equals(written.ToString())) return;
            writer.Byte(PatchOp.PATCH_NODE_REPLACE);
            WritePath();
            writer.String(html.ToString());
            return;
        }
        DiffAttributes(b, a);
        DiffChildren(b, a);
    }

    private void DiffAttributes(int b, int a)
    {
        int afterCount = after.AttributeCount(a), beforeCount = before.AttributeCount(b);
        if (afterCount == 0 && beforeCount == 0) return;
        // Attributes nearly always keep their names and order: then none can have been removed.
        bool sameNames = afterCount == beforeCount;
        for (int i = 0; i < afterCount; i++)
        {
            int j = FindAttribute(before, b, after, after.AttributeName(a, i), i);
            sameNames &= j == i;
            if (j >= 0 && before.AttributeValue(b, j).SequenceEqual(after.AttributeValue(a, i))) continue;
            writer.Byte(PatchOp.PATCH_NODE_SET_ATTR);
            WritePath();
            writer.String(after.Names[after.AttributeName(a, i)]);
            writer.String(after.AttributeValue(a, i));
        }
        if (sameNames) return;
        for (int i = 0; i < beforeCount; i++)
        {
            if (FindAttribute(after, a, before, before.AttributeName(b, i), i) >= 0) continue;
            writer.Byte(PatchOp.PATCH_NODE_REMOVE_ATTR);
            WritePath();
            writer.String(before.Names[before.AttributeName(b, i)]);
        }
    }

    /// <summary>The index of the attribute of <paramref name="element"/> named as <paramref name="name"/> of <paramref name="other"/>; tried at <paramref name="guess"/> first (attributes usually keep their order).</summary>
    private static int FindAttribute(HtmlTree tree, int element, HtmlTree other, int name, int guess)
    {
        int count = tree.AttributeCount(element);
        if (guess < count && NameTable.Same(tree.Names, tree.AttributeName(element, guess), other.Names, name)) return guess;
        for (int i = 0; i < count; i++)
            if (NameTable.Same(tree.Names, tree.AttributeName(element, i), other.Names, name)) return i;
        return -1;
    }

    private void WritePath()
    {
        writer.VarUInt((uint)path.Count);
        foreach (var index in path) writer.VarUInt((uint)index);
    }
}
