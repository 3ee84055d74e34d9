using System.Text;
using LiveTs.Engine.Rendering;

namespace LiveTs.Engine.Html;

/// <summary>
/// Writes nodes back to markup by the spec's fragment serialization algorithm, so that the browser,
/// parsing what we send, builds the tree we diffed: raw-text elements' text goes out unescaped,
/// void elements get no end tag, a template writes its content. It walks with its own stack, not
/// recursion, so no tree is too deep to write.
/// </summary>
internal static class HtmlSerializer
{
    public static void Write(StringBuilder sb, HtmlNode root)
    {
        if (root.Kind != HtmlNodeKind.Element && root.Kind != HtmlNodeKind.Document && root.Kind != HtmlNodeKind.DocumentFragment)
        {
            WriteLeaf(sb, root);
            return;
        }
        var stack = new Stack<(HtmlNode Node, List<HtmlNode>? Children, int Next)>();
        Open(sb, root, stack);
        while (stack.Count > 0)
        {
            var (node, children, next) = stack.Pop();
            if (children is not null && next < children.Count)
            {
                stack.Push((node, children, next + 1));
                var child = children[next];
                if (child.Kind == HtmlNodeKind.Element) Open(sb, child, stack);
                else WriteLeaf(sb, child);
                continue;
            }
            if (node.Kind == HtmlNodeKind.Element) sb.Append("</").Append(node.Name).Append('>');
        }
    }

    /// <summary>Writes a start tag and pushes the element's children (nothing for a void element).</summary>
    private static void Open(StringBuilder sb, HtmlNode node, Stack<(HtmlNode, List<HtmlNode>?, int)> stack)
    {
        if (node.Kind != HtmlNodeKind.Element)
        {
            stack.Push((node, node.ChildList, 0));
            return;
        }
        sb.Append('<').Append(node.Name);
        if (node.HasAttributes)
            foreach (var (key, value) in node.Attributes)
            {
                sb.Append(' ').Append(key);
                if (value.Length == 0) continue;
                sb.Append("=\"");
                AppendEscaped(sb, value, attribute: true);
                sb.Append('"');
            }
        sb.Append('>');
        bool html = node.Namespace == HtmlNamespace.Html;
        if (html && ElementCategories.SerializesAsVoid(node.Tag)) return;
        if (html && node.Tag == Tag.Template && node.TemplateContent is { } content)
        {
            stack.Push((node, content.ChildList, 0));
            return;
        }
        // The parser drops one newline right after <pre>, <textarea> and <listing>: a text that
        // starts with one needs another in front, or the browser would eat it.
        if (html && node.Tag is Tag.Pre or Tag.Textarea or Tag.Listing && node.HasChildren
            && node.Children[0] is { Kind: HtmlNodeKind.Text } first && first.Data.StartsWith('\n'))
            sb.Append('\n');
        stack.Push((node, node.ChildList, 0));
    }

    private static void WriteLeaf(StringBuilder sb, HtmlNode node)
    {
        switch (node.Kind)
        {
            case HtmlNodeKind.Text:
                var parent = node.Parent;
                if (parent is not null && parent.Namespace == HtmlNamespace.Html && WritesRawText(parent.Tag)) sb.Append(node.Data);
                else AppendEscaped(sb, node.Data, attribute: false);
                return;
            case HtmlNodeKind.Comment:
                sb.Append("<!--").Append(node.Data).Append("-->");
                return;
            case HtmlNodeKind.Doctype:
                sb.Append("<!DOCTYPE ").Append(node.Name).Append('>');
                return;
        }
    }

    /// <summary>
    /// Escapes text or an attribute value. A CR (only a character reference can put one in the tree)
    /// goes out as &amp;#13;: written raw, the browser's input preprocessing would turn it into LF.
    /// </summary>
    private static void AppendEscaped(StringBuilder sb, string text, bool attribute)
    {
        if (!text.Contains('\r'))
        {
            if (attribute) HtmlEscaper.AppendAttribute(sb, text);
            else HtmlEscaper.AppendText(sb, text);
            return;
        }
        var parts = text.Split('\r');
        for (int i = 0; i < parts.Length; i++)
        {
            if (i > 0) sb.Append("&#13;");
            if (attribute) HtmlEscaper.AppendAttribute(sb, parts[i]);
            else HtmlEscaper.AppendText(sb, parts[i]);
        }
    }

    /// <summary>
    /// Elements whose text the tokenizer reads raw. noscript is among them because the engine parses
    /// with scripting on, as the browser does, so a noscript's content is one text node.
    /// </summary>
    private static bool WritesRawText(Tag tag) =>
        tag is Tag.Style or Tag.Script or Tag.Xmp or Tag.Iframe or Tag.Noembed or Tag.Noframes or Tag.Plaintext or Tag.Noscript;
}
