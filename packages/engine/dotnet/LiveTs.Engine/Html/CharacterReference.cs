using System.Globalization;
using System.Text;

namespace LiveTs.Engine.Html;

/// <summary>
/// Decodes one character reference (&amp;amp;, &amp;#60;, &amp;#x3C;). The simple parser knows the
/// common named references; an unknown one stays as written, as browsers keep unknown names.
/// </summary>
internal static class CharacterReference
{
    private static readonly Dictionary<string, string> Named = new(StringComparer.Ordinal)
    {
        ["amp"] = "&", ["lt"] = "<", ["gt"] = ">", ["quot"] = "\"", ["apos"] = "'", ["nbsp"] = "\u00A0",
        ["copy"] = "\u00A9", ["reg"] = "\u00AE", ["hellip"] = "\u2026", ["mdash"] = "\u2014", ["ndash"] = "\u2013",
        ["laquo"] = "\u00AB", ["raquo"] = "\u00BB", ["times"] = "\u00D7", ["middot"] = "\u00B7", ["euro"] = "\u20AC",
    };

    /// <summary>Appends the decoded text of the reference at <paramref name="at"/> (which is '&amp;'); returns the index after it.</summary>
    public static int Decode(string s, int at, StringBuilder into)
    {
        int p = at + 1;
        if (p < s.Length && s[p] == '#')
        {
            p++;
            bool hex = p < s.Length && (s[p] == 'x' || s[p] == 'X');
            if (hex) p++;
            int digitsStart = p;
            while (p < s.Length && (hex ? char.IsAsciiHexDigit(s[p]) : char.IsAsciiDigit(s[p]))) p++;
            if (p == digitsStart || p - digitsStart > 8) { into.Append('&'); return at + 1; }
            int code = int.Parse(s.AsSpan(digitsStart, p - digitsStart), hex ? NumberStyles.HexNumber : NumberStyles.None, CultureInfo.InvariantCulture);
            if (p < s.Length && s[p] == ';') p++;
            if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) into.Append('\uFFFD');
            else into.Append(char.ConvertFromUtf32(code));
            return p;
        }
        int nameStart = p;
        while (p < s.Length && char.IsAsciiLetterOrDigit(s[p]) && p - nameStart < 32) p++;
        if (p < s.Length && s[p] == ';' && Named.TryGetValue(s[nameStart..p], out var text))
        {
            into.Append(text);
            return p + 1;
        }
        into.Append('&');
        return at + 1;
    }
}
