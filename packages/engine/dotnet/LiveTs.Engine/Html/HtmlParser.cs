namespace LiveTs.Engine.Html;

/// <summary>
/// Parses the plain HTML string a view's <c>render()</c> returns into the tree the browser builds
/// from it (docs/design.md §2.4): the WHATWG tokenizer (<see cref="Tokenizer"/>) and tree builder
/// (<see cref="TreeBuilder"/>), checked against the html5lib conformance tests. Malformed markup
/// never throws: parse errors are recorded and recovered from exactly as browsers do.
/// </summary>
public static class HtmlParser
{
    /// <summary>
    /// The engine parses as the browser does with scripting on: &lt;noscript&gt; content is then text.
    /// The client inserts our HTML through a template element in a scripted page, which behaves so.
    /// </summary>
    private const bool Scripting = true;

    /// <summary>The void elements: no content, no end tag.</summary>
    public static bool IsVoid(string name) =>
        name is "area" or "base" or "br" or "col" or "embed" or "hr" or "img" or "input" or "link" or "meta" or "source" or "track" or "wbr";

    /// <summary>Elements whose content the tokenizer reads as text, not markup (raw text and escapable raw text).</summary>
    public static bool IsRawText(string name) =>
        name is "script" or "style" or "textarea" or "title" or "xmp" or "iframe" or "noembed" or "noframes" or "noscript" or "plaintext";

    /// <summary>
    /// The HTML fragment parsing algorithm with a &lt;body&gt; context element: what a view's render is,
    /// and what the browser does with it when the client inserts it.
    /// </summary>
    public static HtmlFragment ParseFragment(string html) => ParseFragment(html, "body");

    /// <summary>The fragment parsing algorithm with any context element (as innerHTML on that element).</summary>
    public static HtmlFragment ParseFragment(string html, string contextName, HtmlNamespace contextNamespace = HtmlNamespace.Html, bool scripting = Scripting)
    {
        var errors = new ParseErrors();
        var context = ContextElement(contextName, contextNamespace);
        var nodes = TreeBuilder.ParseFragment(html, context, scripting, errors);
        return new HtmlFragment(html, nodes) { Errors = errors };
    }

    /// <summary>Parses a full document, from the doctype on (§13.2).</summary>
    public static HtmlDocument ParseDocument(string html, bool scripting = Scripting) => TreeBuilder.ParseDocument(html, scripting);

    private static readonly HtmlNode BodyContext = new("body", Tag.Body, HtmlNamespace.Html, null);

    private static HtmlNode ContextElement(string name, HtmlNamespace ns)
    {
        if (name == "body" && ns == HtmlNamespace.Html) return BodyContext;
        string lower = name.ToLowerInvariant();
        var tag = KnownNames.TagOf(lower);
        string localName = ns == HtmlNamespace.Svg ? ForeignNames.SvgTagName(lower) : lower;
        return new HtmlNode(localName, tag, ns, null);
    }
}
