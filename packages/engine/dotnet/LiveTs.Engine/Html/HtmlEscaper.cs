using System.Buffers;
using System.Text;

namespace LiveTs.Engine.Html;

/// <summary>Escaping for values written into markup: escape by default (docs/design.md §2.5).</summary>
internal static class HtmlEscaper
{
    private static readonly SearchValues<char> Special = SearchValues.Create("&<>\"'");

    public static void AppendText(StringBuilder sb, ReadOnlySpan<char> text)
    {
        while (true)
        {
            int i = text.IndexOfAny(Special);
            if (i < 0)
            {
                sb.Append(text);
                return;
            }
            sb.Append(text[..i]).Append(text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => "&#39;",
            });
            text = text[(i + 1)..];
        }
    }

    /// <summary>A double-quoted attribute value: the same escapes cover it.</summary>
    public static void AppendAttribute(StringBuilder sb, ReadOnlySpan<char> value) => AppendText(sb, value);
}
