using System.Text;

namespace LiveTs.Engine.Html;

/// <summary>The nodes a plain HTML string parses to (the children of <see cref="Root"/>), with its source kept for a cheap equality check.</summary>
internal sealed class HtmlFragment(HtmlTree tree, int root)
{
    /// <summary>The (preprocessed) HTML the fragment was parsed from.</summary>
    public ReadOnlySpan<char> Source => Tree.Source;
    public HtmlTree Tree { get; } = tree;

    /// <summary>The context it was parsed in (TreeBuilder.Resume.cs).</summary>
    internal string ContextKey { get; init; } = "";

    /// <summary>
    /// True while exactly one connection shows this parse and nothing else holds it: then its
    /// storage may be reused once that connection shows another (Diffing/ViewRenderer.cs). Whatever
    /// else keeps a fragment (a shared first render, a remembered transition) clears it.
    /// </summary>
    public bool Recyclable { get; set; }

    /// <summary>The node whose children are the fragment's nodes (the fragment algorithm's &lt;html&gt; root).</summary>
    public int Root { get; } = root;

    /// <summary>Parse errors seen (recovered from as browsers do); null when not collected.</summary>
    public ParseErrors? Errors { get; init; }

    public void WriteTo(StringBuilder sb)
    {
        for (int c = Tree.FirstChild(Root); c != HtmlTree.None; c = Tree.Next(c)) HtmlSerializer.Write(sb, Tree, c);
    }
}
