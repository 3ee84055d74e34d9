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
    private readonly Dictionary<string, int> beforeIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> afterIndex = new(StringComparer.Ordinal);
    private readonly List<string> current = [];

    public void Diff(int part, RenderValue[] before, RenderValue[] after)
    {
        if (TryKeys(before, beforeIndex) && TryKeys(after, afterIndex)) DiffKeyed(part, before, after);
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

        // 1. Items that left, from the end so each index is valid when the client reaches it.
        current.Clear();
        foreach (var item in before) current.Add(item.Instance.Key!);
        for (int i = before.Length - 1; i >= 0; i--)
            if (!afterIndex.ContainsKey(current[i])) { Remove(part, i); current.RemoveAt(i); }

        // 2. Where each new item was; those on the longest increasing run of old positions stay.
        var source = new int[after.Length];
        for (int i = 0; i < after.Length; i++)
            source[i] = beforeIndex.TryGetValue(after[i].Instance.Key!, out var from) ? from : -1;
        var stays = LongestIncreasingRun(source);

        // 3. From the end: each item goes just before the one that follows it in the new order.
        string? anchor = null;
        for (int i = after.Length - 1; i >= 0; i--)
        {
            var key = after[i].Instance.Key!;
            if (source[i] < 0)
            {
                int at = anchor is null ? current.Count : current.IndexOf(anchor);
                Insert(part, at, after[i]);
                current.Insert(at, key);
            }
            else if (!stays[i])
            {
                int from = current.IndexOf(key);
                current.RemoveAt(from);
                int to = anchor is null ? current.Count : current.IndexOf(anchor);
                current.Insert(to, key);
                writer.Byte(PatchOp.PATCH_LIST_MOVE);
                writer.VarUInt((uint)part);
                writer.VarUInt((uint)from);
                writer.VarUInt((uint)to);
            }
            anchor = key;
        }

        // 4. Content of the items that stayed, at their final places.
        for (int i = 0; i < after.Length; i++)
            if (source[i] >= 0) DiffItem(part, i, before[source[i]], after[i]);
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

    /// <summary>
    /// True when every item is a template instance with a ts-key and no key repeats, so keys can
    /// match items; fills <paramref name="indexes"/> with key → position.
    /// </summary>
    private static bool TryKeys(RenderValue[] items, Dictionary<string, int> indexes)
    {
        indexes.Clear();
        for (int i = 0; i < items.Length; i++)
            if (items[i].Kind != ValueKind.Instance || items[i].Instance.Key is not { } key || !indexes.TryAdd(key, i)) return false;
        return true;
    }

    private static bool SameKeysInOrder(RenderValue[] before, RenderValue[] after)
    {
        if (before.Length != after.Length) return false;
        for (int i = 0; i < after.Length; i++)
            if (!string.Equals(before[i].Instance.Key, after[i].Instance.Key, StringComparison.Ordinal)) return false;
        return true;
    }

    /// <summary>
    /// Marks the entries of one longest strictly increasing subsequence of <paramref name="source"/>
    /// (ignoring -1, the new items): patience sorting, O(n log n).
    /// </summary>
    internal static bool[] LongestIncreasingRun(int[] source)
    {
        var stays = new bool[source.Length];
        var tails = new List<int>();          // tails[k]: index into source of the smallest tail of a run of length k+1
        var previous = new int[source.Length];
        for (int i = 0; i < source.Length; i++)
        {
            if (source[i] < 0) continue;
            int lo = 0, hi = tails.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (source[tails[mid]] < source[i]) lo = mid + 1; else hi = mid;
            }
            previous[i] = lo > 0 ? tails[lo - 1] : -1;
            if (lo == tails.Count) tails.Add(i); else tails[lo] = i;
        }
        for (int i = tails.Count > 0 ? tails[^1] : -1; i >= 0; i = previous[i]) stays[i] = true;
        return stays;
    }
}
