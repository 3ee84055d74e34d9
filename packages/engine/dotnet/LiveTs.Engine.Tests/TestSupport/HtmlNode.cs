using System.Text;
using LiveTs.Engine.Html;

namespace LiveTs.Engine.Tests.TestSupport;

/// <summary>
/// A node of the engine's flat <see cref="HtmlTree"/> seen as an object, for the tests' assertions
/// and the html5lib dumps: its lists are built when asked for. The engine itself reads the tree's
/// arrays directly.
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

/// <summary>The parsed nodes of a fragment or a document as <see cref="HtmlNode"/> lists, and a fragment written back as one string.</summary>
internal static class HtmlTreeViews
{
    extension(HtmlFragment fragment)
    {
        public List<HtmlNode> Nodes => HtmlNode.ChildrenOf(fragment.Tree, fragment.Root);

        public string ToHtmlString()
        {
            var sb = new StringBuilder();
            fragment.WriteTo(sb);
            return sb.ToString();
        }
    }

    extension(HtmlDocument document)
    {
        public List<HtmlNode> Nodes => HtmlNode.ChildrenOf(document.Tree, document.Root);
    }
}
