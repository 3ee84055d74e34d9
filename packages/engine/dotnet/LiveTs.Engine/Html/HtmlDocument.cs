namespace LiveTs.Engine.Html;

/// <summary>A parsed full document: its children (doctype, comments, the html element) and its mode.</summary>
internal sealed class HtmlDocument(HtmlTree tree, int root, bool quirks, ParseErrors errors)
{
    public HtmlTree Tree { get; } = tree;
    /// <summary>The document node: its children are the doctype, comments and &lt;html&gt;.</summary>
    public int Root { get; } = root;
    /// <summary>True when the doctype (or its absence) puts the page in quirks mode.</summary>
    public bool Quirks { get; } = quirks;
    public ParseErrors Errors { get; } = errors;
}
