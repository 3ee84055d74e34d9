namespace LiveTs.Engine.Protocol;

/// <summary>
/// The event names one link has defined (docs/protocol.md, "Event names"). An EVENT's name field is
/// an index: 0 means the name follows in full, and then takes the next index (from 1) while the
/// table has room and the name is short; n means the name at index n. The browser client keeps the
/// same table (packages/client/src/protocol.ts), both empty at every JOIN, so a counter click
/// costs one byte of name instead of ten.
/// </summary>
internal sealed class EventNameTable
{
    // An array of its own rather than a List: every connection has a table, and most idle ones never
    // define a name; the table is then 32 B instead of 56 (the List object and its empty array).
    private string[]? names;

    public int Count { get; private set; }

    /// <summary>The name at <paramref name="index"/> (from 1); false when the link never defined one there.</summary>
    public bool TryGet(uint index, out string name)
    {
        if (index == 0 || index > Count)
        {
            name = "";
            return false;
        }
        name = names![(int)index - 1];
        return true;
    }

    /// <summary>A name sent in full (<paramref name="utf8Bytes"/> long on the wire): it takes the next index if it may.</summary>
    public void Define(string name, int utf8Bytes)
    {
        if (Count >= EventName.EVENT_NAMES_MAX || utf8Bytes > EventName.EVENT_NAME_INDEXED_BYTES) return;
        if (names is null || Count == names.Length) Array.Resize(ref names, Math.Min(EventName.EVENT_NAMES_MAX, Math.Max(4, Count * 2)));
        names[Count++] = name;
    }
}
