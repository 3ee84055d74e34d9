using LiveTs.Engine.Protocol;
using LiveTs.Engine.Rendering;

namespace LiveTs.Engine.Diffing;

/// <summary>
/// Diffs the items of a list held by one text part, so that inserting, removing or moving one item
/// of a long list costs bytes for that item only (issue 3).
/// <para>
/// Items with a <c>ts-key</c> (all of them, each key once) are matched by key: items that left are
/// removed, new ones inserted, and of the items that stayed only those outside the longest run
/// that kept its relative order are moved; that is the fewest moves there are. Items without
/// keys are matched by position, with the tail inserted or removed.
/// </para>
/// <para>
/// Structural operations (LIST_INSERT, LIST_REMOVE, LIST_MOVE) come first and carry indexes
/// into the list as it is when the client applies each one; then ENTER_ITEM patches the items
/// whose content changed, by their final index.
/// </para>
/// </summary>
internal sealed class ListDiffer(FrameWriter writer, TemplateDiffer differ)
{
    private readonly HashSet<string> seenKeys = new(StringComparer.Ordinal);
    private readonly FrameWriter writer = writer;

    public void Diff(int part, RenderValue[] before, RenderValue[] after)
    {
        if (AllKeyedOnce(before) && AllKeyedOnce(after)) DiffKeyed(part, before, after);
        else DiffByPosition(part, before, after);
    }

    private void DiffByPosition(int part, RenderValue[] before, RenderValue[] after)
    {
        int common = Math.Min(before.Length, after.Length);
        for (int i = 0; i < common; i++) DiffItem(part, i, before[i], after[i]);
        for (int i = before.Length - 1; i >= after.Length; i--) Remove(part, i);
        for (int i = before.Length; i < after.Length; i++) Insert(part, i, after[i]);
    }

    private void DiffKeyed(int part, RenderValue[] before, RenderValue[] after)
    {
        if (SameKeysInOrder(before, after))
        {
            for (int i = 0; i < after.Length; i++) DiffItem(part, i, before[i], after[i]);
            return;
        }
        var source = KeyedReorder.Plan(Keys(before), Keys(after), new Steps(this, part, after));
        // Content of the items that stayed, at their final places.
        for (int i = 0; i < after.Length; i++)
            if (source[i] >= 0) DiffItem(part, i, before[source[i]], after[i]);
    }

    private static string[] Keys(RenderValue[] items) => Array.ConvertAll(items, item => item.Instance.Key!);

    /// <summary>Writes a keyed reorder of one list part as LIST_* operations.</summary>
    private sealed class Steps(ListDiffer differ, int part, RenderValue[] after) : IReorderSink
    {
        public void Remove(int index) => differ.Remove(part, index);
        public void Insert(int index, int afterIndex) => differ.Insert(part, index, after[afterIndex]);
        public void Move(int from, int to)
        {
            differ.writer.Byte(PatchOp.PATCH_LIST_MOVE);
            differ.writer.VarUInt((uint)part);
            differ.writer.VarUInt((uint)from);
            differ.writer.VarUInt((uint)to);
        }
    }

    /// <summary>Patches one item in place: entered when it keeps its template, replaced otherwise.</summary>
    private void DiffItem(int part, int index, RenderValue before, RenderValue after)
    {
        if (before.Equals(after)) return;
        if (after.Kind == ValueKind.Instance && before.Kind == ValueKind.Instance &&
            ReferenceEquals(after.Instance.Template, before.Instance.Template))
        {
            int mark = writer.Length;
            writer.Byte(PatchOp.PATCH_ENTER_ITEM);
            writer.VarUInt((uint)part);
            writer.VarUInt((uint)index);
            differ.DiffInside(mark, before.Instance, after.Instance);
            return;
        }
        Remove(part, index);
        Insert(part, index, after);
    }

    private void Insert(int part, int index, RenderValue item)
    {
        writer.Byte(PatchOp.PATCH_LIST_INSERT);
        writer.VarUInt((uint)part);
        writer.VarUInt((uint)index);
        writer.String(HtmlWriter.ContentHtml(item));
    }

    private void Remove(int part, int index)
    {
        writer.Byte(PatchOp.PATCH_LIST_REMOVE);
        writer.VarUInt((uint)part);
        writer.VarUInt((uint)index);
    }

    /// <summary>True when every item is a template instance with a ts-key and no key repeats, so keys can match items.</summary>
    private bool AllKeyedOnce(RenderValue[] items)
    {
        seenKeys.Clear();
        foreach (var item in items)
            if (item.Kind != ValueKind.Instance || item.Instance.Key is not { } key || !seenKeys.Add(key)) return false;
        return true;
    }

    private static bool SameKeysInOrder(RenderValue[] before, RenderValue[] after)
    {
        if (before.Length != after.Length) return false;
        for (int i = 0; i < after.Length; i++)
            if (!string.Equals(before[i].Instance.Key, after[i].Instance.Key, StringComparison.Ordinal)) return false;
        return true;
    }
}
