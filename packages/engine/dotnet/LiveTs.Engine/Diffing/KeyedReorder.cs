namespace LiveTs.Engine.Diffing;

/// <summary>Receives the structural steps of a keyed reorder, each index valid when it is applied.</summary>
internal interface IReorderSink
{
    void Remove(int index);
    /// <summary>The new item <paramref name="afterIndex"/> goes to <paramref name="index"/>.</summary>
    void Insert(int index, int afterIndex);
    /// <summary>The item at <paramref name="from"/> is taken out, then put so that it ends up at <paramref name="to"/>.</summary>
    void Move(int from, int to);
}

/// <summary>
/// Plans how a keyed sequence becomes another with the fewest steps, for template lists
/// (<see cref="ListDiffer"/>) and plain-HTML children (<see cref="HtmlTreeDiffer"/>) alike:
/// the keys that left are removed (from the end, so indexes stay valid), new ones inserted, and of
/// the keys that stayed only those outside the longest run that kept its relative order move.
/// </summary>
internal static class KeyedReorder
{
    /// <summary>
    /// Sends the steps to <paramref name="sink"/> and returns, per new position, the old position of
    /// its key (-1 for a new key), for diffing the contents of the items that stayed.
    /// Keys must be unique within each sequence.
    /// </summary>
    public static int[] Plan(IReadOnlyList<string> before, IReadOnlyList<string> after, IReorderSink sink)
    {
        var beforeIndex = new Dictionary<string, int>(before.Count, StringComparer.Ordinal);
        for (int i = 0; i < before.Count; i++) beforeIndex[before[i]] = i;
        var afterKeys = new HashSet<string>(after, StringComparer.Ordinal);

        // 1. Keys that left.
        var current = new List<string>(before);
        for (int i = before.Count - 1; i >= 0; i--)
            if (!afterKeys.Contains(current[i])) { sink.Remove(i); current.RemoveAt(i); }

        // 2. Where each key was; those on the longest increasing run of old positions stay put.
        var source = new int[after.Count];
        for (int i = 0; i < after.Count; i++) source[i] = beforeIndex.TryGetValue(after[i], out var from) ? from : -1;
        var stays = LongestIncreasingRun(source);

        // 3. From the end: each key goes just before the one that follows it in the new order.
        string? anchor = null;
        for (int i = after.Count - 1; i >= 0; i--)
        {
            var key = after[i];
            if (source[i] < 0)
            {
                int at = anchor is null ? current.Count : current.IndexOf(anchor);
                sink.Insert(at, i);
                current.Insert(at, key);
            }
            else if (!stays[i])
            {
                int from = current.IndexOf(key);
                current.RemoveAt(from);
                int to = anchor is null ? current.Count : current.IndexOf(anchor);
                current.Insert(to, key);
                sink.Move(from, to);
            }
            anchor = key;
        }
        return source;
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
