namespace LiveTs.Engine.Html;

/// <summary>
/// "In foreign content" (§13.2.6.5): tokens inside &lt;svg&gt; and &lt;math&gt;. Elements there take the
/// namespace of their parent and keep self-closing tags; an HTML-only tag such as &lt;div&gt; or &lt;p&gt;
/// breaks out of the foreign subtree and is handled by the normal HTML rules.
/// </summary>
internal sealed partial class TreeBuilder
{
    private void ForeignCharacters(TextRun text)
    {
        if (text.Span.IndexOf('\0') >= 0)
        {
            // U+0000 becomes U+FFFD here (in HTML content it would be dropped)
            ForeignCharactersWithNul(text);
            return;
        }
        InsertCharacters(text);
        if (framesetOk && LeadingWhitespace(text) < text.Length) framesetOk = false;
    }

    /// <summary>A U+0000 turned into U+FFFD doesn't count as content for frameset-ok; only real characters do.</summary>
    private void ForeignCharactersWithNul(TextRun text)
    {
        bool content = false;
        foreach (char c in text.Span)
            if (c != '\0' && !IsWhitespace(c)) { content = true; break; }
        bool keep = framesetOk;
        Span<char> copy = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        text.Span.CopyTo(copy);
        for (int i = 0; i < copy.Length; i++)
            if (copy[i] == '\0') { Error("unexpected-null-character"); copy[i] = '\uFFFD'; }
        InsertCharacters(TextRun.Copied(copy));
        framesetOk = keep && !content;
    }

    private static bool BreaksOutOfForeignContent(Token token)
    {
        if (token.Kind == TokenKind.EndTag) return token.Tag is Tag.Br or Tag.P;
        switch (token.Tag)
        {
            case Tag.B or Tag.Big or Tag.Blockquote or Tag.Body or Tag.Br or Tag.Center or Tag.Code or Tag.Dd or Tag.Div
                or Tag.Dl or Tag.Dt or Tag.Em or Tag.Embed or Tag.H1 or Tag.H2 or Tag.H3 or Tag.H4 or Tag.H5 or Tag.H6
                or Tag.Head or Tag.Hr or Tag.I or Tag.Img or Tag.Li or Tag.Listing or Tag.Menu or Tag.Meta or Tag.Nobr
                or Tag.Ol or Tag.P or Tag.Pre or Tag.Ruby or Tag.S or Tag.Small or Tag.Span or Tag.Strong or Tag.Strike
                or Tag.Sub or Tag.Sup or Tag.Table or Tag.Tt or Tag.U or Tag.Ul or Tag.Var:
                return true;
            case Tag.Font:
                return token.HasAttribute(KnownNames.Color) || token.HasAttribute(KnownNames.Face) || token.HasAttribute(KnownNames.Size);
            default:
                return false;
        }
    }

    private bool IsHtmlIntegrationPoint(int node) =>
        Ns(node) == HtmlNamespace.Svg ? TagOf(node) is Tag.ForeignObject or Tag.Desc or Tag.Title
        : Ns(node) == HtmlNamespace.MathML && TagOf(node) == Tag.AnnotationXml && tree.IsAnnotationHtml(node);

    private bool IsMathMLTextIntegrationPoint(int node) =>
        Ns(node) == HtmlNamespace.MathML && TagOf(node) is Tag.Mi or Tag.Mo or Tag.Mn or Tag.Ms or Tag.Mtext;

    private void ForeignToken(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.Comment:
                InsertComment(token);
                return;
            case TokenKind.Doctype:
                Error("unexpected-doctype", token);
                return;
        }
        if ((token.Kind == TokenKind.StartTag || token.Kind == TokenKind.EndTag) && BreaksOutOfForeignContent(token))
        {
            Error("html-tag-in-foreign-content", token);
            while (open.Count > 1 || context == None)
            {
                var node = CurrentNode;
                if (Ns(node) == HtmlNamespace.Html || IsMathMLTextIntegrationPoint(node) || IsHtmlIntegrationPoint(node)) break;
                Pop();
                if (open.Count == 0) break;
            }
            Dispatch(mode, token);
            return;
        }
        if (token.Kind == TokenKind.StartTag)
        {
            var ns = Ns(AdjustedCurrentNode);
            InsertForeignElement(token, ns);
            return;
        }
        // an end tag: close the nearest foreign element with that name, or hand over to the HTML rules
        int i = open.Count - 1;
        var element = open[i];
        if (!tree.Name(element).Equals(token.Name, StringComparison.OrdinalIgnoreCase)) Error("unexpected-end-tag-in-foreign-content", token);
        while (true)
        {
            if (i == 0) return;
            if (tree.Name(element).Equals(token.Name, StringComparison.OrdinalIgnoreCase))
            {
                while (open.Count > i) Pop();
                return;
            }
            i--;
            element = open[i];
            if (Ns(element) == HtmlNamespace.Html)
            {
                Dispatch(mode, token);
                return;
            }
        }
    }
}
