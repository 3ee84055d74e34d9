namespace LiveTs.Engine.Html;

/// <summary>
/// The names of one tree: ids below <see cref="KnownNames.Count"/> are the known names every tree
/// shares; the others (custom elements, data-* attributes…) are numbered here on first sight, so a
/// name that repeats on every row is one string and one int per use. Ids of unknown names mean
/// something only within their table: comparing names across trees goes through <see cref="Same"/>.
/// </summary>
internal sealed class NameTable
{
    private List<string>? extra;
    private Dictionary<string, int>? ids;

    public int Intern(ReadOnlySpan<char> name) => Interned(name, KnownNames.Find(name));

    /// <summary><see cref="Intern(ReadOnlySpan{char})"/> for a name of simple ASCII chars, packed as it was read (<see cref="KnownNames.Pack(ulong, char)"/>).</summary>
    public int Intern(ReadOnlySpan<char> name, ulong packed) =>
        Interned(name, name.Length <= KnownNames.MaxPacked ? KnownNames.FindPacked(packed) : KnownNames.Find(name));

    private int Interned(ReadOnlySpan<char> name, int id)
    {
        if (id >= 0) return id;
        ids ??= new Dictionary<string, int>(StringComparer.Ordinal);
        extra ??= [];
        if (ids.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out id)) return id;
        var s = new string(name);
        id = KnownNames.Count + extra.Count;
        extra.Add(s);
        ids.Add(s, id);
        return id;
    }

    public string this[int id] => id < KnownNames.Count ? KnownNames.NameOf(id) : extra![id - KnownNames.Count];

    /// <summary>Whether name <paramref name="a"/> of <paramref name="tableA"/> is name <paramref name="b"/> of <paramref name="tableB"/>.</summary>
    public static bool Same(NameTable tableA, int a, NameTable tableB, int b)
    {
        if (a < KnownNames.Count || b < KnownNames.Count) return a == b;
        return ReferenceEquals(tableA, tableB) ? a == b : tableA[a] == tableB[b];
    }
}
