using System.Text;

namespace LiveTs.Engine.Html;

/// <summary>
/// Decodes a character reference (&amp;amp;, &amp;#60;, &amp;#x3C;, legacy &amp;copy without ';') the way the
/// spec's character reference states do (§13.2.5.72–80). It is one function instead of nine states
/// because every "flush as written" outcome is the same as leaving the characters to be read again
/// as ordinary text: so a reference either decodes (and says how much input it used) or it doesn't,
/// and then the '&amp;' is plain text.
/// </summary>
internal static class CharacterReference
{
    /// <summary>The decoded text of a reference: a named one's string or one code point.</summary>
    internal readonly struct Decoded(int length, string? named, int codePoint)
    {
        /// <summary>Characters used after the '&amp;'; 0 means "not a reference".</summary>
        public readonly int Length = length;
        public readonly string? Named = named;
        public readonly int CodePoint = codePoint;
    }

    // Windows-1252 meanings of the C1 range: what browsers always did with &#128; and friends.
    private static readonly ushort[] C1Replacements =
    [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ];

    /// <summary>
    /// Decodes the reference whose text after '&amp;' starts <paramref name="rest"/>. In an attribute
    /// value a named reference without ';' followed by '=' or an alphanumeric stays as written
    /// (so "?a=1&amp;copy=2" in a URL survives). Errors go to <paramref name="errors"/> at <paramref name="offset"/>.
    /// </summary>
    public static Decoded Decode(ReadOnlySpan<char> rest, bool inAttribute, ParseErrors? errors, int offset)
    {
        if (rest.IsEmpty) return default;
        char first = rest[0];
        if (Common(rest) is { } common) return new Decoded(common.Length + 1, common.Text, 0);
        if (char.IsAsciiLetterOrDigit(first))
        {
            int length = NamedCharacterReferences.Match(rest, out var replacement);
            if (length == 0)
            {
                // ambiguous ampersand: an error only when it looks like a reference (&name;)
                int run = 0;
                while (run < rest.Length && char.IsAsciiLetterOrDigit(rest[run])) run++;
                if (run < rest.Length && rest[run] == ';') errors?.Add("unknown-named-character-reference", offset);
                return default;
            }
            bool semicolon = rest[length - 1] == ';';
            if (!semicolon && inAttribute && length < rest.Length && (rest[length] == '=' || char.IsAsciiLetterOrDigit(rest[length])))
                return default;
            if (!semicolon) errors?.Add("missing-semicolon-after-character-reference", offset);
            return new Decoded(length, replacement, 0);
        }
        if (first != '#') return default;

        int p = 1;
        bool hex = p < rest.Length && (rest[p] == 'x' || rest[p] == 'X');
        if (hex) p++;
        int digitsStart = p;
        int value = 0;
        while (p < rest.Length)
        {
            char c = rest[p];
            int digit = c is >= '0' and <= '9' ? c - '0'
                : hex && c is >= 'a' and <= 'f' ? c - 'a' + 10
                : hex && c is >= 'A' and <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) break;
            // saturate: anything past U+10FFFF is replaced the same way, however long the digits run
            value = value > 0x10FFFF ? value : value * (hex ? 16 : 10) + digit;
            p++;
        }
        if (p == digitsStart)
        {
            errors?.Add("absence-of-digits-in-numeric-character-reference", offset);
            return default;
        }
        if (p < rest.Length && rest[p] == ';') p++;
        else errors?.Add("missing-semicolon-after-character-reference", offset);

        int codePoint = value;
        if (value == 0) { errors?.Add("null-character-reference", offset); codePoint = 0xFFFD; }
        else if (value > 0x10FFFF) { errors?.Add("character-reference-outside-unicode-range", offset); codePoint = 0xFFFD; }
        else if (value is >= 0xD800 and <= 0xDFFF) { errors?.Add("surrogate-character-reference", offset); codePoint = 0xFFFD; }
        else if (IsNoncharacter(value)) errors?.Add("noncharacter-character-reference", offset);
        else if (value == 0x0D || (IsControl(value) && !IsAsciiWhitespace(value)))
        {
            errors?.Add("control-character-reference", offset);
            if (value is >= 0x80 and <= 0x9F) codePoint = C1Replacements[value - 0x80];
        }
        return new Decoded(p, null, codePoint);
    }

    /// <summary>
    /// Appends the decoded text of the reference at <paramref name="at"/> (which is '&amp;') as text
    /// content decodes it; returns the index after it. Used by the template compiler for statics.
    /// </summary>
    public static int Decode(string s, int at, StringBuilder into, bool inAttribute = false)
    {
        var decoded = Decode(s.AsSpan(at + 1), inAttribute, null, at);
        if (decoded.Length == 0) { into.Append('&'); return at + 1; }
        if (decoded.Named is not null) into.Append(decoded.Named);
        else if (decoded.CodePoint < 0x10000) into.Append((char)decoded.CodePoint);
        else into.Append(char.ConvertFromUtf32(decoded.CodePoint));
        return at + 1 + decoded.Length;
    }

    /// <summary>
    /// The references markup escapes with all the time, matched without the table: a name ending
    /// in ';' is the longest match there is, since ';' ends every name.
    /// </summary>
    private static (int Length, string Text)? Common(ReadOnlySpan<char> rest) => rest switch
    {
        ['a', 'm', 'p', ';', ..] => (3, "&"),
        ['l', 't', ';', ..] => (2, "<"),
        ['g', 't', ';', ..] => (2, ">"),
        ['q', 'u', 'o', 't', ';', ..] => (4, "\""),
        ['n', 'b', 's', 'p', ';', ..] => (4, "\u00A0"),
        _ => null,
    };

    internal static bool IsNoncharacter(int c) => c is >= 0xFDD0 and <= 0xFDEF || (c & 0xFFFE) == 0xFFFE;
    internal static bool IsControl(int c) => c is >= 0x7F and <= 0x9F || c is >= 0 and <= 0x1F;
    private static bool IsAsciiWhitespace(int c) => c is 0x09 or 0x0A or 0x0C or 0x0D or 0x20;
}
