using System.Text;

namespace LiveTs.Engine.Html;

/// <summary>
/// A node of an <see cref="HtmlTree"/> seen as an object, for code that reads a tree now and then
/// (tests, the html5lib dumps): its lists are built when asked for. The engine's hot paths (the
/// differ, the serializer) read the tree's arrays directly.
/// </summary>
internal readonly struct HtmlNode(HtmlTree tree, int id) : IEquatable<HtmlNode>
{
    public HtmlTree Tree { get; } = tree;
    public int Id { get; } = id;

    public HtmlNodeKind Kind => Tree.Kind(Id);

    /// <summary>Element: the local name. Doctype: its name. Text and comment: the data.</summary>
    public string Name => Kind switch
    {
        HtmlNodeKind.Element => Tree.Name(Id),
        HtmlNodeKind.Doctype => Tree.Doctype(Id).Name,
        HtmlNodeKind.Text or HtmlNodeKind.Comment => Data,
        HtmlNodeKind.Document => "#document",
        _ => "#document-fragment",
    };

    public string Data => new(Tree.Text(Id));

    public HtmlNamespace Namespace => Tree.Namespace(Id);

    /// <summary>Attributes in source order; foreign ones keep their prefix ("xlink:href").</summary>
    public List<KeyValuePair<string, string>> Attributes
    {
        get
        {
            var list = new List<KeyValuePair<string, string>>();
            for (int i = 0; i < Tree.AttributeCount(Id); i++)
                list.Add(new(Tree.Names[Tree.AttributeName(Id, i)], new string(Tree.AttributeValue(Id, i))));
            return list;
        }
    }

    /// <summary>Child nodes. A &lt;template&gt;'s content is not here but in <see cref="TemplateContent"/>, as in the DOM.</summary>
    public List<HtmlNode> Children => ChildrenOf(Tree, Id);

    public HtmlNode? TemplateContent => Tree.TemplateContent(Id) is var c and not HtmlTree.None ? new HtmlNode(Tree, c) : null;

    public string? PublicId => Tree.Doctype(Id).PublicId;
    public string? SystemId => Tree.Doctype(Id).SystemId;

    public string? Attribute(string name)
    {
        for (int i = 0; i < Tree.AttributeCount(Id); i++)
            if (Tree.Names[Tree.AttributeName(Id, i)] == name) return new string(Tree.AttributeValue(Id, i));
        return null;
    }

    /// <summary>Identity for keyed diffing: id first, then ts-key (docs/design.md §2.4).</summary>
    public string? Key => Tree.TryGetKey(Id, out var key) ? new string(key) : null;

    public string ToHtml()
    {
        var sb = new StringBuilder();
        HtmlSerializer.Write(sb, Tree, Id);
        return sb.ToString();
    }

    internal static List<HtmlNode> ChildrenOf(HtmlTree tree, int parent)
    {
        var list = new List<HtmlNode>();
        for (int c = tree.FirstChild(parent); c != HtmlTree.None; c = tree.Next(c)) list.Add(new HtmlNode(tree, c));
        return list;
    }

    public bool Equals(HtmlNode other) => ReferenceEquals(Tree, other.Tree) && Id == other.Id;
    public override bool Equals(object? obj) => obj is HtmlNode other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(Tree, Id);
}

/// <summary>The nodes a plain HTML string parses to (the children of <see cref="Root"/>), with its source kept for a cheap equality check.</summary>
internal sealed class HtmlFragment(string source, HtmlTree tree, int root)
{
    public string Source { get; } = source;
    public HtmlTree Tree { get; } = tree;

    /// <summary>The node whose children are the fragment's nodes (the fragment algorithm's &lt;html&gt; root).</summary>
    public int Root { get; } = root;

    public List<HtmlNode> Nodes => HtmlNode.ChildrenOf(Tree, Root);

    /// <summary>Parse errors seen (recovered from as browsers do); null when not collected.</summary>
    public ParseErrors? Errors { get; init; }

    public void WriteTo(StringBuilder sb)
    {
        for (int c = Tree.FirstChild(Root); c != HtmlTree.None; c = Tree.Next(c)) HtmlSerializer.Write(sb, Tree, c);
    }

    public string ToHtmlString()
    {
        var sb = new StringBuilder();
        WriteTo(sb);
        return sb.ToString();
    }
}

/// <summary>A parsed full document: its children (doctype, comments, the html element) and its mode.</summary>
internal sealed class HtmlDocument(HtmlTree tree, int root, bool quirks, ParseErrors errors)
{
    public HtmlTree Tree { get; } = tree;
    public List<HtmlNode> Nodes => HtmlNode.ChildrenOf(Tree, root);
    /// <summary>True when the doctype (or its absence) puts the page in quirks mode.</summary>
    public bool Quirks { get; } = quirks;
    public ParseErrors Errors { get; } = errors;
}
