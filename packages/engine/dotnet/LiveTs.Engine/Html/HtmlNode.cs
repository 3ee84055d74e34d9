using System.Text;
using LiveTs.Engine.Rendering;

namespace LiveTs.Engine.Html;

public enum HtmlNodeKind : byte { Element, Text, Comment }

/// <summary>A node of a parsed plain-HTML render: element, text or comment, as the DOM has them.</summary>
public sealed class HtmlNode
{
    public HtmlNodeKind Kind { get; init; }
    /// <summary>Lower-case tag name for elements; the (decoded) data for text and comments.</summary>
    public string Name { get; init; } = "";
    public List<KeyValuePair<string, string>> Attributes { get; } = [];
    public List<HtmlNode> Children { get; } = [];

    public string Data => Name;

    public string? Attribute(string name)
    {
        foreach (var a in Attributes) if (a.Key == name) return a.Value;
        return null;
    }

    /// <summary>Identity for keyed diffing: id first, then ts-key (DESIGN.md §2.4).</summary>
    public string? Key => Kind == HtmlNodeKind.Element ? Attribute("id") ?? Attribute("ts-key") : null;

    public void WriteTo(StringBuilder sb)
    {
        switch (Kind)
        {
            case HtmlNodeKind.Text:
                HtmlEscaper.AppendText(sb, Data);
                return;
            case HtmlNodeKind.Comment:
                sb.Append("<!--").Append(Data).Append("-->");
                return;
        }
        sb.Append('<').Append(Name);
        foreach (var (key, value) in Attributes)
        {
            sb.Append(' ').Append(key);
            if (value.Length == 0) continue;
            sb.Append("=\"");
            HtmlEscaper.AppendAttribute(sb, value);
            sb.Append('"');
        }
        sb.Append('>');
        if (HtmlParser.IsVoid(Name)) return;
        if (Name is "script" or "style") // raw text: written as it came, never escaped
            foreach (var child in Children) sb.Append(child.Data);
        else
            foreach (var child in Children) child.WriteTo(sb);
        sb.Append("</").Append(Name).Append('>');
    }

    public string ToHtml()
    {
        var sb = new StringBuilder();
        WriteTo(sb);
        return sb.ToString();
    }
}

/// <summary>The nodes a plain HTML string parses to, with its source kept for a cheap equality check.</summary>
public sealed class HtmlFragment(string source, List<HtmlNode> nodes)
{
    public string Source { get; } = source;
    public List<HtmlNode> Nodes { get; } = nodes;
    public void WriteTo(StringBuilder sb) { foreach (var n in Nodes) n.WriteTo(sb); }
}
