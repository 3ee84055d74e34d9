using LiveTs.Engine.Protocol;
using LiveTs.Engine.Rendering;

namespace LiveTs.Engine.Diffing;

/// <summary>
/// Diffs the items of a list held by one text part, so that inserting, removing or moving one item
/// of a long list costs bytes for that item only (issue 3), and time for the items that changed
/// rather than for the list.
/// <para>
/// Items that kept their place at either end (the same item, or the same ts-key) are diffed in
/// place; the reader hands unchanged items over as the very objects shown before, so passing them
/// costs a reference comparison each. Between those ends, items with a <c>ts-key</c> (all of them,
/// each key once) are matched by key: items that left are removed, new ones inserted, and of the
/// items that stayed only those outside the longest run that kept its relative order are moved;
/// that is the fewest moves there are. Items without keys are matched by position, with the tail
/// inserted or removed.
/// </para>
/// <para>
/// Structural operations (LIST_INSERT, LIST_REMOVE, LIST_MOVE) carry indexes into the list as it
/// is when the client applies each one; ENTER_ITEM patches an item whose content changed at the
/// index it has when the client reaches it.
/// </para>
/// </summary>
internal sealed class ListDiffer(FrameWriter writer, TemplateDiffer differ)
{
    private readonly HashSet<string> seenKeys = new(StringComparer.Ordinal);
    private readonly FrameWriter writer = writer;

    public void Diff(int part, RenderValue[] before, RenderValue[] after)
    {
        int common = Math.Min(before.Length, after.Length);
        int head = 0;
        while (head < common && SamePlace(before[head], after[head])) head++;
        int tail = 0;
        while (tail < common - head && SamePlace(before[^(tail + 1)], after[^(tail + 1)])) tail++;

        for (int i = 0; i < head; i++)
            if (!before[i].IsSameAs(after[i])) DiffItem(part, i, before[i], after[i]);
        var middleBefore = before.AsSpan(head, before.Length - head - tail);
        var middleAfter = after.AsSpan(head, after.Length - head - tail);
        if (AllKeyedOnce(middleBefore) && AllKeyedOnce(middleAfter)) DiffKeyed(part, head, middleBefore, middleAfter);
        else DiffByPosition(part, head, middleBefore, middleAfter);
        // The tail's items now sit at their final indexes.
        for (int t = tail; t >= 1; t--)
            if (!before[^t].IsSameAs(after[^t])) DiffItem(part, after.Length - t, before[^t], after[^t]);
    }

    /// <summary>
    /// Whether two items at the same place are the same item: the very same value, or both keyed
    /// with the same key, or (positional matching) both without a key.
    /// </summary>
    private static bool SamePlace(RenderValue before, RenderValue after)
    {
        if (before.IsSameAs(after)) return true;
        return string.Equals(KeyOf(before), KeyOf(after), StringComparison.Ordinal);
    }

    /// <summary>
    /// An item's identity: a template's ts-key, or a component's id (prefixed so that it never
    /// equals a ts-key), or null.
    /// </summary>
    private static string? KeyOf(RenderValue item) => item.Kind switch
    {
        ValueKind.Instance => item.Instance.Key,
        ValueKind.Component => ComponentKeyPrefix + item.Slot.Id,
        _ => null,
    };

    private const string ComponentKeyPrefix = "\u0000component:";

    private void DiffByPosition(int part, int offset, ReadOnlySpan<RenderValue> before, ReadOnlySpan<RenderValue> after)
    {
        int common = Math.Min(before.Length, after.Length);
        for (int i = 0; i < common; i++) DiffItem(part, offset + i, before[i], after[i]);
        for (int i = before.Length - 1; i >= after.Length; i--) Remove(part, offset + i);
        for (int i = before.Length; i < after.Length; i++) Insert(part, offset + i, after[i]);
    }

    private void DiffKeyed(int part, int offset, ReadOnlySpan<RenderValue> before, ReadOnlySpan<RenderValue> after)
    {
        var middleAfter = after.ToArray();
        var source = KeyedReorder.Plan(Keys(before), Keys(after), new Steps(this, part, offset, middleAfter));
        // Content of the items that stayed, at their final places.
        for (int i = 0; i < after.Length; i++)
            if (source[i] >= 0) DiffItem(part, offset + i, before[source[i]], after[i]);
    }

    private static string[] Keys(ReadOnlySpan<RenderValue> items)
    {
        var keys = new string[items.Length];
        for (int i = 0; i < keys.Length; i++) keys[i] = KeyOf(items[i])!;
        return keys;
    }

    /// <summary>Writes a keyed reorder of the middle of one list part (starting at <paramref name="offset"/>) as LIST_* operations.</summary>
    private sealed class Steps(ListDiffer differ, int part, int offset, RenderValue[] after) : IReorderSink
    {
        public void Remove(int index) => differ.Remove(part, offset + index);
        public void Insert(int index, int afterIndex) => differ.Insert(part, offset + index, after[afterIndex]);
        public void Move(int from, int to)
        {
            differ.writer.Byte(PatchOp.PATCH_LIST_MOVE);
            differ.writer.VarUInt((uint)part);
            differ.writer.VarUInt((uint)(offset + from));
            differ.writer.VarUInt((uint)(offset + to));
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
    private bool AllKeyedOnce(ReadOnlySpan<RenderValue> items)
    {
        seenKeys.Clear();
        foreach (var item in items)
            if (KeyOf(item) is not { } key || !seenKeys.Add(key)) return false;
        return true;
    }
}
