namespace LiveTs.Engine.Html;

/// <summary>
/// Parses the plain HTML string a view's <c>render()</c> returns into the tree the browser builds
/// from it (docs/design.md §2.4): the WHATWG tokenizer (<see cref="Tokenizer"/>) and tree builder
/// (<see cref="TreeBuilder"/>), checked against the html5lib conformance tests. Malformed markup
/// never throws: parse errors are recorded and recovered from exactly as browsers do.
/// </summary>
internal static class HtmlParser
{
    /// <summary>
    /// The engine parses as the browser does with scripting on: &lt;noscript&gt; content is then text.
    /// The client inserts our HTML through a template element in a scripted page, which behaves so.
    /// </summary>
    private const bool Scripting = true;

    /// <summary>
    /// The HTML fragment parsing algorithm with a &lt;body&gt; context element: what a view's render is,
    /// and what the browser does with it when the client inserts it.
    /// </summary>
    public static HtmlFragment ParseFragment(string html) => ParseFragment(html, "body");

    /// <summary>
    /// <see cref="ParseFragment(string)"/> into arrays from <paramref name="pool"/> (a renderer's):
    /// a page re-parsed on every render allocates almost nothing. With the connection's
    /// <paramref name="previous"/> parse, a big page starts from the last checkpoint of that parse
    /// inside what the two inputs share (TreeBuilder.Resume.cs).
    /// </summary>
    public static HtmlFragment ParseFragment(ReadOnlySpan<char> html, TreeStoragePool pool, HtmlFragment? previous = null) =>
        TreeBuilder.ParseFragment(html, "body", HtmlNamespace.Html, Scripting, new ParseErrors(), pool, previous, CheckpointSpacing(html.Length));

    /// <summary>Pages under this size are parsed whole every time: resuming would save little, and checkpoints cost memory.</summary>
    private const int MinResumable = 16 * 1024;

    /// <summary>About 32 checkpoints per page, at least 2 KB apart (each holds the open elements: a few hundred bytes).</summary>
    private static int CheckpointSpacing(int length) => length < MinResumable ? 0 : Math.Max(2048, length / 32);

    /// <summary>The fragment parsing algorithm with any context element (as innerHTML on that element).</summary>
    public static HtmlFragment ParseFragment(string html, string contextName, HtmlNamespace contextNamespace = HtmlNamespace.Html, bool scripting = Scripting) =>
        TreeBuilder.ParseFragment(html, contextName, contextNamespace, scripting, new ParseErrors());

    /// <summary>Parses a full document, from the doctype on (§13.2).</summary>
    public static HtmlDocument ParseDocument(string html, bool scripting = Scripting) => TreeBuilder.ParseDocument(html, scripting);
}
