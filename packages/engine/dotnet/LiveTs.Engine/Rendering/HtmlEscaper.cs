using System.Text;

namespace LiveTs.Engine.Rendering;

/// <summary>Escaping for values written into markup: escape by default (docs/design.md §2.5).</summary>
public static class HtmlEscaper
{
    public static void AppendText(StringBuilder sb, string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            string? entity = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            };
            if (entity is null) continue;
            sb.Append(text, start, i - start).Append(entity);
            start = i + 1;
        }
        sb.Append(text, start, text.Length - start);
    }

    /// <summary>A double-quoted attribute value: the same escapes cover it.</summary>
    public static void AppendAttribute(StringBuilder sb, string value) => AppendText(sb, value);
}
