using System.Text;
using LiveTs.Engine.Rendering;

namespace LiveTs.Engine.Html;

/// <summary>
/// Writes nodes back to markup by the spec's fragment serialization algorithm, so that the browser,
/// parsing what we send, builds the tree we diffed: raw-text elements' text goes out unescaped,
/// void elements get no end tag, a template writes its content.
/// </summary>
internal static class HtmlSerializer
{
    public static void Write(StringBuilder sb, HtmlNode node)
    {
        switch (node.Kind)
        {
            case HtmlNodeKind.Text:
                var parent = node.Parent;
                if (parent is not null && parent.Namespace == HtmlNamespace.Html && WritesRawText(parent.Tag)) sb.Append(node.Data);
                else HtmlEscaper.AppendText(sb, node.Data);
                return;
            case HtmlNodeKind.Comment:
                sb.Append("<!--").Append(node.Data).Append("-->");
                return;
            case HtmlNodeKind.Doctype:
                sb.Append("<!DOCTYPE ").Append(node.Name).Append('>');
                return;
            case HtmlNodeKind.Document:
            case HtmlNodeKind.DocumentFragment:
                WriteChildren(sb, node);
                return;
        }
        sb.Append('<').Append(node.Name);
        if (node.HasAttributes)
            foreach (var (key, value) in node.Attributes)
            {
                sb.Append(' ').Append(key);
                if (value.Length == 0) continue;
                sb.Append("=\"");
                HtmlEscaper.AppendAttribute(sb, value);
                sb.Append('"');
            }
        sb.Append('>');
        bool html = node.Namespace == HtmlNamespace.Html;
        if (html && ElementCategories.SerializesAsVoid(node.Tag)) return;
        if (html && node.Tag == Tag.Template && node.TemplateContent is not null) WriteChildren(sb, node.TemplateContent);
        else
        {
            // The parser drops one newline right after <pre>, <textarea> and <listing>: a text that
            // starts with one needs another in front, or the browser would eat it.
            if (html && node.Tag is Tag.Pre or Tag.Textarea or Tag.Listing && node.HasChildren
                && node.Children[0] is { Kind: HtmlNodeKind.Text } first && first.Data.StartsWith('\n'))
                sb.Append('\n');
            WriteChildren(sb, node);
        }
        sb.Append("</").Append(node.Name).Append('>');
    }

    private static void WriteChildren(StringBuilder sb, HtmlNode node)
    {
        var children = node.ChildList;
        if (children is null) return;
        foreach (var child in children) Write(sb, child);
    }

    /// <summary>
    /// Elements whose text the tokenizer reads raw. noscript is among them because the engine parses
    /// with scripting on, as the browser does, so a noscript's content is one text node.
    /// </summary>
    private static bool WritesRawText(Tag tag) =>
        tag is Tag.Style or Tag.Script or Tag.Xmp or Tag.Iframe or Tag.Noembed or Tag.Noframes or Tag.Plaintext or Tag.Noscript;
}
