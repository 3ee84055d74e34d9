using System.Text;

namespace LiveTs.Engine.Html;

/// <summary>Node types the parser produces (the DOM's, minus the ones HTML parsing never makes).</summary>
public enum HtmlNodeKind : byte { Element, Text, Comment, Doctype, Document, DocumentFragment }

/// <summary>The namespace of an element: HTML, or SVG / MathML for elements inside &lt;svg&gt; / &lt;math&gt;.</summary>
public enum HtmlNamespace : byte { Html, Svg, MathML }

/// <summary>
/// A node of a parsed plain-HTML render: element, text or comment, as the DOM has them (plus the
/// doctype and document nodes of a full-document parse, and a template's content fragment).
/// </summary>
public sealed class HtmlNode
{
    private List<KeyValuePair<string, string>>? attributes;
    private List<HtmlNode>? children;

    public HtmlNode() { }

    internal HtmlNode(HtmlNodeKind kind, string name)
    {
        Kind = kind;
        Name = name;
    }

    internal HtmlNode(string name, Tag tag, HtmlNamespace ns, List<KeyValuePair<string, string>>? attributes)
    {
        Kind = HtmlNodeKind.Element;
        Name = name;
        Tag = tag;
        Namespace = ns;
        this.attributes = attributes;
    }

    public HtmlNodeKind Kind { get; init; }

    /// <summary>
    /// Element: the local name (lower case for HTML; SVG keeps its camelCase, e.g. foreignObject).
    /// Text and comment: the (decoded) data. Doctype: its name.
    /// </summary>
    public string Name { get; internal set; } = "";

    public HtmlNamespace Namespace { get; init; }

    /// <summary>Attributes in source order; foreign ones keep their prefix ("xlink:href").</summary>
    public List<KeyValuePair<string, string>> Attributes => attributes ??= [];

    /// <summary>Child nodes. A &lt;template&gt;'s content is not here but in <see cref="TemplateContent"/>, as in the DOM.</summary>
    public List<HtmlNode> Children => children ??= [];

    // What few nodes have (a template's content, a doctype's identifiers) lives in a side object,
    // so the ten thousands of ordinary nodes of a page stay small: allocation is a third of parse time.
    private sealed class Rare
    {
        public HtmlNode? TemplateContent;
        public string? PublicId, SystemId;
    }

    private Rare? rare;

    /// <summary>The content fragment of a &lt;template&gt; element, else null.</summary>
    public HtmlNode? TemplateContent
    {
        get => rare?.TemplateContent;
        internal set => (rare ??= new Rare()).TemplateContent = value;
    }

    /// <summary>Doctype public and system identifiers (null when absent).</summary>
    public string? PublicId
    {
        get => rare?.PublicId;
        init => (rare ??= new Rare()).PublicId = value;
    }

    public string? SystemId
    {
        get => rare?.SystemId;
        init => (rare ??= new Rare()).SystemId = value;
    }

    public HtmlNode? Parent { get; internal set; }

    /// <summary>The known-name id of an element's lower-case name, for the tree builder's checks.</summary>
    internal Tag Tag { get; init; }

    /// <summary>A MathML annotation-xml whose encoding is text/html or application/xhtml+xml: HTML content inside.</summary>
    internal bool IsAnnotationHtml { get; init; }

    /// <summary>On the tree builder's stack of open elements (an element is on it at most once).</summary>
    internal bool IsOpen { get; set; }

    internal bool HasAttributes => attributes is { Count: > 0 };
    internal bool HasChildren => children is { Count: > 0 };
    internal List<HtmlNode>? ChildList => children;

    public string Data => Name;

    public string? Attribute(string name)
    {
        if (attributes is null) return null;
        foreach (var a in attributes) if (a.Key == name) return a.Value;
        return null;
    }

    private string? key;
    private bool keyRead;

    /// <summary>
    /// Identity for keyed diffing: id first, then ts-key (docs/design.md §2.4). Read once: a differ asks
    /// for it several times per node, and a parsed tree no longer changes.
    /// </summary>
    public string? Key
    {
        get
        {
            if (keyRead) return key;
            key = Kind == HtmlNodeKind.Element ? Attribute("id") ?? Attribute(Protocol.Vocabulary.DIRECTIVE_KEY) : null;
            keyRead = true;
            return key;
        }
    }

    /// <summary>Writes the node as HTML that a browser parses back to the same tree (<see cref="HtmlSerializer"/>).</summary>
    public void WriteTo(StringBuilder sb) => HtmlSerializer.Write(sb, this);

    public string ToHtml()
    {
        var sb = new StringBuilder();
        WriteTo(sb);
        return sb.ToString();
    }

    internal void AppendChild(HtmlNode child)
    {
        child.Parent = this;
        (children ??= []).Add(child);
    }

    internal void InsertChild(int index, HtmlNode child)
    {
        child.Parent = this;
        (children ??= []).Insert(index, child);
    }

    internal void RemoveChild(HtmlNode child)
    {
        // the parser moves nodes that were just inserted: search from the end
        if (children is not null)
        {
            int i = children.LastIndexOf(child);
            if (i >= 0) children.RemoveAt(i);
        }
        child.Parent = null;
    }

    /// <summary>A new element with the same name, namespace and attributes (the adoption agency's "element for the same token").</summary>
    internal HtmlNode CloneElement() =>
        new(Name, Tag, Namespace, attributes is null ? null : new List<KeyValuePair<string, string>>(attributes));
}

/// <summary>The nodes a plain HTML string parses to, with its source kept for a cheap equality check.</summary>
public sealed class HtmlFragment(string source, List<HtmlNode> nodes)
{
    public string Source { get; } = source;
    public List<HtmlNode> Nodes { get; } = nodes;

    /// <summary>Parse errors seen (recovered from as browsers do); null when not collected.</summary>
    public ParseErrors? Errors { get; init; }

    /// <summary>The fingerprint of the render tree this page was read from (Rendering.Fingerprint); 0 when unknown.</summary>
    public ulong Fingerprint { get; internal set; }

    public void WriteTo(StringBuilder sb) { foreach (var n in Nodes) n.WriteTo(sb); }

    public string ToHtmlString()
    {
        var sb = new StringBuilder();
        WriteTo(sb);
        return sb.ToString();
    }
}

/// <summary>A parsed full document: its children (doctype, comments, the html element) and its mode.</summary>
public sealed class HtmlDocument(HtmlNode root, bool quirks, ParseErrors errors)
{
    /// <summary>The document node; its children are the doctype, comments and &lt;html&gt;.</summary>
    public HtmlNode Root { get; } = root;
    public List<HtmlNode> Nodes => Root.Children;
    /// <summary>True when the doctype (or its absence) puts the page in quirks mode.</summary>
    public bool Quirks { get; } = quirks;
    public ParseErrors Errors { get; } = errors;
}
