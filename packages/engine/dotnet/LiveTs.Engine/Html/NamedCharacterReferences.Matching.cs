namespace LiveTs.Engine.Html;

/// <summary>
/// Longest-match lookup in the named character reference table (the generated half of this class).
/// Names are ASCII letters and digits and end with ';', except legacy ones (at most 6 letters) that also
/// match without it. So after '&amp;' the longest possible match is either the whole alphanumeric run
/// plus ';', or else the longest legacy prefix of the run: two hash lookups at most, no allocation.
/// </summary>
internal static partial class NamedCharacterReferences
{
    /// <summary>Longest name, ';' included ("CounterClockwiseContourIntegral;").</summary>
    private const int MaxNameLength = 32;

    private static readonly Dictionary<string, string> Names = Build(out LegacyMaxLength);
    private static readonly int LegacyMaxLength;
    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Names.GetAlternateLookup<ReadOnlySpan<char>>();

    public static int Count => Names.Count;

    private static Dictionary<string, string> Build(out int legacyMax)
    {
        var names = new Dictionary<string, string>(Table.Length / 2, StringComparer.Ordinal);
        legacyMax = 0;
        for (int i = 0; i < Table.Length; i += 2)
        {
            names.Add(Table[i], Table[i + 1]);
            if (!Table[i].EndsWith(';')) legacyMax = Math.Max(legacyMax, Table[i].Length);
        }
        return names;
    }

    /// <summary>
    /// Matches the longest name at the start of <paramref name="text"/> (the input after '&amp;').
    /// Returns the number of characters matched (';' included when it was part of the name), or 0.
    /// </summary>
    public static int Match(ReadOnlySpan<char> text, out string? replacement)
    {
        int run = 0;
        while (run < text.Length && run < MaxNameLength && char.IsAsciiLetterOrDigit(text[run])) run++;
        if (run < text.Length && text[run] == ';' && Lookup.TryGetValue(text[..(run + 1)], out replacement))
            return run + 1;
        for (int length = Math.Min(run, LegacyMaxLength); length > 1; length--)
            if (Lookup.TryGetValue(text[..length], out replacement)) return length;
        replacement = null;
        return 0;
    }

    public static string? Get(string name) => Names.TryGetValue(name, out var value) ? value : null;
}
