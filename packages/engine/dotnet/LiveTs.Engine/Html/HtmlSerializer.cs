using System.Text;

namespace LiveTs.Engine.Html;

/// <summary>
/// Writes nodes back to markup by the spec's fragment serialization algorithm, so that the browser,
/// parsing what we send, builds the tree we diffed: raw-text elements' text goes out unescaped,
/// void elements get no end tag, a template writes its content. It walks with its own stack, not
/// recursion, so no tree is too deep to write.
/// </summary>
internal static class HtmlSerializer
{
    public static void Write(StringBuilder sb, HtmlTree tree, int root)
    {
        var kind = tree.Kind(root);
        if (kind is not (HtmlNodeKind.Element or HtmlNodeKind.Document or HtmlNodeKind.DocumentFragment))
        {
            WriteLeaf(sb, tree, root);
            return;
        }
        // each entry: an open element (or the root container) and the next of its children to write
        var stack = new Stack<(int Node, int Next)>();
        stack.Push((root, Open(sb, tree, root)));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next != HtmlTree.None)
            {
                stack.Push((node, tree.Next(next)));
                if (tree.Kind(next) == HtmlNodeKind.Element) stack.Push((next, Open(sb, tree, next)));
                else WriteLeaf(sb, tree, next);
                continue;
            }
            if (tree.Kind(node) == HtmlNodeKind.Element && !IsVoid(tree, node)) sb.Append("</").Append(tree.Name(node)).Append('>');
        }
    }

    private static bool IsVoid(HtmlTree tree, int node) =>
        tree.Namespace(node) == HtmlNamespace.Html && ElementCategories.IsVoid(tree.Tag(node));

    /// <summary>Writes a start tag; returns the first child to write (none for a void element; a template's content's).</summary>
    private static int Open(StringBuilder sb, HtmlTree tree, int node)
    {
        if (tree.Kind(node) != HtmlNodeKind.Element) return tree.FirstChild(node);
        sb.Append('<').Append(tree.Name(node));
        for (int i = 0; i < tree.AttributeCount(node); i++)
        {
            sb.Append(' ').Append(tree.Names[tree.AttributeName(node, i)]);
            var value = tree.AttributeValue(node, i);
            if (value.Length == 0) continue;
            sb.Append("=\"");
            AppendEscaped(sb, value, attribute: true);
            sb.Append('"');
        }
        sb.Append('>');
        if (IsVoid(tree, node)) return HtmlTree.None;
        bool html = tree.Namespace(node) == HtmlNamespace.Html;
        if (html && tree.Tag(node) == Tag.Template && tree.TemplateContent(node) is var content and not HtmlTree.None)
            return tree.FirstChild(content);
        // The parser drops one newline right after <pre>, <textarea> and <listing>: a text that
        // starts with one needs another in front, or the browser would eat it.
        int first = tree.FirstChild(node);
        if (html && tree.Tag(node) is Tag.Pre or Tag.Textarea or Tag.Listing && first != HtmlTree.None
            && tree.Kind(first) == HtmlNodeKind.Text && tree.Text(first).StartsWith('\n'))
            sb.Append('\n');
        return first;
    }

    private static void WriteLeaf(StringBuilder sb, HtmlTree tree, int node)
    {
        switch (tree.Kind(node))
        {
            case HtmlNodeKind.Text:
                int parent = tree.Parent(node);
                if (parent != HtmlTree.None && tree.Kind(parent) == HtmlNodeKind.Element && tree.Namespace(parent) == HtmlNamespace.Html
                    && ElementCategories.WritesRawText(tree.Tag(parent))) sb.Append(tree.Text(node));
                else AppendEscaped(sb, tree.Text(node), attribute: false);
                return;
            case HtmlNodeKind.Comment:
                sb.Append("<!--").Append(tree.Text(node)).Append("-->");
                return;
            case HtmlNodeKind.Doctype:
                sb.Append("<!DOCTYPE ").Append(tree.Doctype(node).Name).Append('>');
                return;
        }
    }

    /// <summary>
    /// Escapes text or an attribute value. A CR (only a character reference can put one in the tree)
    /// goes out as &amp;#13;: written raw, the browser's input preprocessing would turn it into LF.
    /// </summary>
    private static void AppendEscaped(StringBuilder sb, ReadOnlySpan<char> text, bool attribute)
    {
        while (true)
        {
            int cr = text.IndexOf('\r');
            var part = cr < 0 ? text : text[..cr];
            if (attribute) HtmlEscaper.AppendAttribute(sb, part);
            else HtmlEscaper.AppendText(sb, part);
            if (cr < 0) return;
            sb.Append("&#13;");
            text = text[(cr + 1)..];
        }
    }
}
