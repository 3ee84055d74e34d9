using System.Text;

namespace LiveTs.Engine.Html;

/// <summary>
/// Parses a plain HTML string returned by <c>render()</c> into nodes. This is the simple version
/// (issue 2): tags, attributes, text, comments, void and raw-text elements, common character
/// references, and end tags that close the nearest matching open element. The implied-tag rules of
/// the HTML5 tree builder (auto-closing &lt;p&gt;, table fix-ups) come with the full parser.
/// The server writes the parsed tree back out, so the browser sees markup it parses the same way.
/// </summary>
public static class HtmlParser
{
    private static readonly HashSet<string> VoidElements =
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];
    private static readonly HashSet<string> RawTextElements = ["script", "style", "textarea", "title"];

    public static bool IsVoid(string name) => VoidElements.Contains(name);
    public static bool IsRawText(string name) => RawTextElements.Contains(name);

    public static HtmlFragment ParseFragment(string html)
    {
        var root = new HtmlNode { Kind = HtmlNodeKind.Element, Name = "#root" };
        var open = new List<HtmlNode> { root };
        var text = new StringBuilder();
        int i = 0;

        void FlushText()
        {
            if (text.Length == 0) return;
            open[^1].Children.Add(new HtmlNode { Kind = HtmlNodeKind.Text, Name = text.ToString() });
            text.Clear();
        }

        while (i < html.Length)
        {
            char c = html[i];
            if (c == '&') { i = CharacterReference.Decode(html, i, text); continue; }
            if (c != '<' || i + 1 >= html.Length) { text.Append(c); i++; continue; }
            char next = html[i + 1];
            if (next == '!' && string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                FlushText();
                int end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                string data = end < 0 ? html[(i + 4)..] : html[(i + 4)..end];
                open[^1].Children.Add(new HtmlNode { Kind = HtmlNodeKind.Comment, Name = data });
                i = end < 0 ? html.Length : end + 3;
                continue;
            }
            if (next == '!' || next == '?')
            {
                // doctype or bogus comment: not part of a body fragment
                int end = html.IndexOf('>', i);
                i = end < 0 ? html.Length : end + 1;
                continue;
            }
            if (next == '/' && i + 2 < html.Length && char.IsAsciiLetter(html[i + 2]))
            {
                FlushText();
                int nameEnd = i + 2;
                while (nameEnd < html.Length && !IsSpace(html[nameEnd]) && html[nameEnd] != '>' && html[nameEnd] != '/') nameEnd++;
                string name = html[(i + 2)..nameEnd].ToLowerInvariant();
                int close = html.IndexOf('>', nameEnd);
                i = close < 0 ? html.Length : close + 1;
                for (int k = open.Count - 1; k > 0; k--)
                {
                    if (open[k].Name != name) continue;
                    open.RemoveRange(k, open.Count - k);
                    break;
                }
                continue;
            }
            if (!char.IsAsciiLetter(next)) { text.Append(c); i++; continue; }

            FlushText();
            var element = ReadStartTag(html, ref i, out bool selfClosing);
            open[^1].Children.Add(element);
            if (IsRawText(element.Name))
            {
                string endTag = "</" + element.Name;
                int end = html.IndexOf(endTag, i, StringComparison.OrdinalIgnoreCase);
                string content = end < 0 ? html[i..] : html[i..end];
                if (content.Length > 0)
                {
                    // textarea and title decode character references; script and style do not
                    var data = new StringBuilder();
                    if (element.Name is "textarea" or "title")
                        for (int k = 0; k < content.Length;)
                            if (content[k] == '&') k = CharacterReference.Decode(content, k, data);
                            else data.Append(content[k++]);
                    else data.Append(content);
                    element.Children.Add(new HtmlNode { Kind = HtmlNodeKind.Text, Name = data.ToString() });
                }
                if (end < 0) { i = html.Length; continue; }
                int close = html.IndexOf('>', end);
                i = close < 0 ? html.Length : close + 1;
                continue;
            }
            if (!selfClosing && !IsVoid(element.Name)) open.Add(element);
        }
        FlushText();
        return new HtmlFragment(html, root.Children);
    }

    private static HtmlNode ReadStartTag(string html, ref int i, out bool selfClosing)
    {
        int start = i + 1;
        int p = start;
        while (p < html.Length && !IsSpace(html[p]) && html[p] != '>' && html[p] != '/') p++;
        var element = new HtmlNode { Kind = HtmlNodeKind.Element, Name = html[start..p].ToLowerInvariant() };
        selfClosing = false;
        while (p < html.Length)
        {
            char c = html[p];
            if (IsSpace(c)) { p++; continue; }
            if (c == '>') { p++; break; }
            if (c == '/') { selfClosing = p + 1 < html.Length && html[p + 1] == '>'; p++; continue; }
            int nameStart = p;
            while (p < html.Length && !IsSpace(html[p]) && html[p] != '>' && html[p] != '/' && html[p] != '=') p++;
            if (p == nameStart) p++; // a stray '=' starts a name in HTML
            string name = html[nameStart..p].ToLowerInvariant();
            while (p < html.Length && IsSpace(html[p])) p++;
            string value = "";
            if (p < html.Length && html[p] == '=')
            {
                p++;
                while (p < html.Length && IsSpace(html[p])) p++;
                var sb = new StringBuilder();
                if (p < html.Length && (html[p] == '"' || html[p] == '\''))
                {
                    char quote = html[p++];
                    while (p < html.Length && html[p] != quote)
                        if (html[p] == '&') p = CharacterReference.Decode(html, p, sb);
                        else sb.Append(html[p++]);
                    p++;
                }
                else
                {
                    while (p < html.Length && !IsSpace(html[p]) && html[p] != '>')
                        if (html[p] == '&') p = CharacterReference.Decode(html, p, sb);
                        else sb.Append(html[p++]);
                }
                value = sb.ToString();
            }
            // the first of duplicate attributes wins, as in browsers
            if (element.Attribute(name) is null) element.Attributes.Add(new(name, value));
        }
        i = Math.Min(p, html.Length);
        return element;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';
}
