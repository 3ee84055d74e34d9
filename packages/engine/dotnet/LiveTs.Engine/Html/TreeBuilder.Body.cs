namespace LiveTs.Engine.Html;

/// <summary>
/// The "in body" insertion mode (§13.2.6.4.7), where nearly all of a render's markup is handled,
/// and the adoption agency algorithm that repairs misnested formatting elements.
/// </summary>
internal sealed partial class TreeBuilder
{
    private void InBody(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.Comment:
                InsertComment(token);
                return;
            case TokenKind.Doctype:
                Error("unexpected-doctype", token);
                return;
            case TokenKind.EndOfFile:
                if (templateModes.Count > 0) InTemplate(token);
                // otherwise: stop parsing (open elements stay as they are)
                return;
            case TokenKind.StartTag:
                BodyStartTag(token);
                return;
            case TokenKind.EndTag:
                BodyEndTag(token);
                return;
        }
    }

    private void BodyStartTag(Token token)
    {
        switch (token.Tag)
        {
            case Tag.Html:
                Error("unexpected-start-tag", token);
                if (StackHas(Tag.Template)) return;
                tree.AddMissingAttributes(open[0], token);
                return;
            case Tag.Base or Tag.Basefont or Tag.Bgsound or Tag.Link or Tag.Meta or Tag.Noframes or Tag.Script
                or Tag.Style or Tag.Template or Tag.Title:
                InHead(token);
                return;
            case Tag.Body:
                Error("unexpected-start-tag", token);
                if (open.Count == 1 || !IsHtml(open[1], Tag.Body) || StackHas(Tag.Template)) return;
                framesetOk = false;
                tree.AddMissingAttributes(open[1], token);
                return;
            case Tag.Frameset:
                Error("unexpected-start-tag", token);
                if (open.Count == 1 || !IsHtml(open[1], Tag.Body) || !framesetOk) return;
                tree.Detach(open[1]);
                while (open.Count > 1) Pop();
                InsertHtmlElement(token);
                mode = InsertionMode.InFrameset;
                return;
            case Tag.Address or Tag.Article or Tag.Aside or Tag.Blockquote or Tag.Center or Tag.Details or Tag.Dialog
                or Tag.Dir or Tag.Div or Tag.Dl or Tag.Fieldset or Tag.Figcaption or Tag.Figure or Tag.Footer or Tag.Header
                or Tag.Hgroup or Tag.Main or Tag.Menu or Tag.Nav or Tag.Ol or Tag.P or Tag.Search or Tag.Section
                or Tag.Summary or Tag.Ul:
                ClosePIfInButtonScope();
                InsertHtmlElement(token);
                return;
            case Tag.H1 or Tag.H2 or Tag.H3 or Tag.H4 or Tag.H5 or Tag.H6:
                ClosePIfInButtonScope();
                if (Ns(CurrentNode) == HtmlNamespace.Html && ElementCategories.IsHeading(TagOf(CurrentNode)))
                {
                    Error("nested-heading", token);
                    Pop();
                }
                InsertHtmlElement(token);
                return;
            case Tag.Pre or Tag.Listing:
                ClosePIfInButtonScope();
                InsertHtmlElement(token);
                skipNextNewline = true;
                framesetOk = false;
                return;
            case Tag.Form:
                if (formElement != None && !StackHas(Tag.Template))
                {
                    Error("unexpected-start-tag", token);
                    return;
                }
                ClosePIfInButtonScope();
                var form = InsertHtmlElement(token);
                if (!StackHas(Tag.Template)) formElement = form;
                return;
            case Tag.Li:
            case Tag.Dd or Tag.Dt:
                StartListItem(token);
                return;
            case Tag.Plaintext:
                ClosePIfInButtonScope();
                InsertHtmlElement(token);
                tokenizer.State = TokenizerState.Plaintext;
                return;
            case Tag.Button:
                if (HasInScope(Tag.Button))
                {
                    Error("unexpected-start-tag", token);
                    GenerateImpliedEndTags();
                    PopUntil(Tag.Button);
                }
                ReconstructActiveFormattingElements();
                InsertHtmlElement(token);
                framesetOk = false;
                return;
            case Tag.A:
                if (formatting.LastAfterMarker((int)Tag.A) is var openA and not None)
                {
                    Error("unexpected-start-tag-implies-end-tag", token);
                    if (!AdoptionAgency(token)) AnyOtherEndTag(token);
                    formatting.Remove(openA);
                    RemoveFromStack(openA);
                }
                ReconstructActiveFormattingElements();
                PushFormatting(InsertHtmlElement(token));
                return;
            case Tag.B or Tag.Big or Tag.Code or Tag.Em or Tag.Font or Tag.I or Tag.S or Tag.Small or Tag.Strike
                or Tag.Strong or Tag.Tt or Tag.U:
                ReconstructActiveFormattingElements();
                PushFormatting(InsertHtmlElement(token));
                return;
            case Tag.Nobr:
                ReconstructActiveFormattingElements();
                if (HasInScope(Tag.Nobr))
                {
                    Error("unexpected-start-tag-implies-end-tag", token);
                    if (!AdoptionAgency(token)) AnyOtherEndTag(token);
                    ReconstructActiveFormattingElements();
                }
                PushFormatting(InsertHtmlElement(token));
                return;
            case Tag.Applet or Tag.Marquee or Tag.Object:
                ReconstructActiveFormattingElements();
                InsertHtmlElement(token);
                formatting.PushMarker();
                framesetOk = false;
                return;
            case Tag.Table:
                if (!quirks) ClosePIfInButtonScope();
                InsertHtmlElement(token);
                framesetOk = false;
                mode = InsertionMode.InTable;
                return;
            case Tag.Area or Tag.Br or Tag.Embed or Tag.Img or Tag.Keygen or Tag.Wbr:
                ReconstructActiveFormattingElements();
                InsertHtmlElement(token);
                Pop();
                token.SelfClosingAcknowledged = true;
                framesetOk = false;
                return;
            case Tag.Input:
                if (context != None && IsHtml(context, Tag.Select))
                {
                    Error("unexpected-start-tag", token);
                    return;
                }
                if (HasInScope(Tag.Select))
                {
                    Error("unexpected-start-tag", token);
                    PopUntil(Tag.Select);
                }
                ReconstructActiveFormattingElements();
                InsertHtmlElement(token);
                Pop();
                token.SelfClosingAcknowledged = true;
                if (!token.TryGetAttribute(KnownNames.Type, out var type) || !type.Equals("hidden", StringComparison.OrdinalIgnoreCase)) framesetOk = false;
                return;
            case Tag.Param or Tag.Source or Tag.Track:
                InsertHtmlElement(token);
                Pop();
                token.SelfClosingAcknowledged = true;
                return;
            case Tag.Hr:
                ClosePIfInButtonScope();
                if (HasInScope(Tag.Select))
                {
                    GenerateImpliedEndTags();
                    if (HasInScope(Tag.Option) || HasInScope(Tag.Optgroup)) Error("unexpected-start-tag", token);
                }
                InsertHtmlElement(token);
                Pop();
                token.SelfClosingAcknowledged = true;
                framesetOk = false;
                return;
            case Tag.Image:
                Error("image-is-not-img", token);
                token.NameId = (int)Tag.Img;
                token.Tag = Tag.Img;
                BodyStartTag(token);
                return;
            case Tag.Textarea:
                InsertHtmlElement(token);
                skipNextNewline = true;
                tokenizer.State = TokenizerState.Rcdata;
                originalMode = mode;
                framesetOk = false;
                mode = InsertionMode.Text;
                return;
            case Tag.Xmp:
                ClosePIfInButtonScope();
                ReconstructActiveFormattingElements();
                framesetOk = false;
                ParseTextElement(token, TokenizerState.Rawtext);
                return;
            case Tag.Iframe:
                framesetOk = false;
                ParseTextElement(token, TokenizerState.Rawtext);
                return;
            case Tag.Noembed:
                ParseTextElement(token, TokenizerState.Rawtext);
                return;
            case Tag.Noscript when scripting:
                ParseTextElement(token, TokenizerState.Rawtext);
                return;
            case Tag.Select:
                if (context != None && IsHtml(context, Tag.Select))
                {
                    Error("unexpected-start-tag", token);
                    return;
                }
                if (HasInScope(Tag.Select))
                {
                    Error("unexpected-start-tag", token);
                    PopUntil(Tag.Select);
                    return;
                }
                ReconstructActiveFormattingElements();
                InsertHtmlElement(token);
                framesetOk = false;
                return;
            case Tag.Option:
                if (HasInScope(Tag.Select))
                {
                    GenerateImpliedEndTags(Tag.Optgroup);
                    if (HasInScope(Tag.Option)) Error("unexpected-start-tag", token);
                }
                else if (CurrentIs(Tag.Option)) Pop();
                ReconstructActiveFormattingElements();
                InsertHtmlElement(token);
                return;
            case Tag.Optgroup:
                if (HasInScope(Tag.Select))
                {
                    GenerateImpliedEndTags();
                    if (HasInScope(Tag.Option) || HasInScope(Tag.Optgroup)) Error("unexpected-start-tag", token);
                }
                else if (CurrentIs(Tag.Option)) Pop();
                ReconstructActiveFormattingElements();
                InsertHtmlElement(token);
                return;
            case Tag.Rb or Tag.Rtc:
                if (HasInScope(Tag.Ruby))
                {
                    GenerateImpliedEndTags();
                    if (!CurrentIs(Tag.Ruby)) Error("unexpected-start-tag", token);
                }
                InsertHtmlElement(token);
                return;
            case Tag.Rp or Tag.Rt:
                if (HasInScope(Tag.Ruby))
                {
                    GenerateImpliedEndTags(Tag.Rtc);
                    if (!CurrentIs(Tag.Rtc) && !CurrentIs(Tag.Ruby)) Error("unexpected-start-tag", token);
                }
                InsertHtmlElement(token);
                return;
            case Tag.Math:
                ReconstructActiveFormattingElements();
                InsertForeignElement(token, HtmlNamespace.MathML);
                return;
            case Tag.Svg:
                ReconstructActiveFormattingElements();
                InsertForeignElement(token, HtmlNamespace.Svg);
                return;
            case Tag.Caption or Tag.Col or Tag.Colgroup or Tag.Frame or Tag.Head or Tag.Tbody or Tag.Td or Tag.Tfoot
                or Tag.Th or Tag.Thead or Tag.Tr:
                Error("unexpected-start-tag", token);
                return;
        }
        ReconstructActiveFormattingElements();
        InsertHtmlElement(token);
    }

    /// <summary>&lt;li&gt;, &lt;dd&gt;, &lt;dt&gt;: an open item of the same kind closes first, unless a block boundary is in between.</summary>
    private void StartListItem(Token token)
    {
        framesetOk = false;
        bool li = token.Tag == Tag.Li;
        for (int i = open.Count - 1; i >= 0; i--)
        {
            var node = open[i];
            var tag = TagOf(node);
            bool html = Ns(node) == HtmlNamespace.Html;
            if (html && (li ? tag == Tag.Li : tag is Tag.Dd or Tag.Dt))
            {
                GenerateImpliedEndTags(tag);
                if (!CurrentIs(tag)) Error("end-tag-too-early", token);
                PopUntil(tag);
                break;
            }
            if (IsSpecial(node) && !(html && tag is Tag.Address or Tag.Div or Tag.P)) break;
        }
        ClosePIfInButtonScope();
        InsertHtmlElement(token);
    }

    private bool IsSpecial(int node) => Ns(node) switch
    {
        HtmlNamespace.Html => ElementCategories.IsSpecial(TagOf(node)),
        HtmlNamespace.MathML => TagOf(node) is Tag.Mi or Tag.Mo or Tag.Mn or Tag.Ms or Tag.Mtext or Tag.AnnotationXml,
        _ => TagOf(node) is Tag.ForeignObject or Tag.Desc or Tag.Title,
    };

    private void BodyEndTag(Token token)
    {
        switch (token.Tag)
        {
            case Tag.Template:
                InHead(token);
                return;
            case Tag.Body:
            case Tag.Html:
                if (!HasInScope(Tag.Body))
                {
                    Error("unexpected-end-tag", token);
                    return;
                }
                mode = InsertionMode.AfterBody;
                if (token.Tag == Tag.Html) AfterBody(token);
                return;
            case Tag.Address or Tag.Article or Tag.Aside or Tag.Blockquote or Tag.Button or Tag.Center or Tag.Details
                or Tag.Dialog or Tag.Dir or Tag.Div or Tag.Dl or Tag.Fieldset or Tag.Figcaption or Tag.Figure or Tag.Footer
                or Tag.Header or Tag.Hgroup or Tag.Listing or Tag.Main or Tag.Menu or Tag.Nav or Tag.Ol or Tag.Pre
                or Tag.Search or Tag.Section or Tag.Select or Tag.Summary or Tag.Ul:
                if (!HasInScope(token.Tag))
                {
                    Error("unexpected-end-tag", token);
                    return;
                }
                GenerateImpliedEndTags();
                if (!CurrentIs(token.Tag)) Error("end-tag-too-early", token);
                PopUntil(token.Tag);
                return;
            case Tag.Form:
                if (!StackHas(Tag.Template))
                {
                    var node = formElement;
                    formElement = None;
                    if (node == None || !HasNodeInScope(node))
                    {
                        Error("unexpected-end-tag", token);
                        return;
                    }
                    GenerateImpliedEndTags();
                    if (CurrentNode != node) Error("end-tag-too-early", token);
                    RemoveFromStack(node);
                }
                else
                {
                    if (!HasInScope(Tag.Form))
                    {
                        Error("unexpected-end-tag", token);
                        return;
                    }
                    GenerateImpliedEndTags();
                    if (!CurrentIs(Tag.Form)) Error("end-tag-too-early", token);
                    PopUntil(Tag.Form);
                }
                return;
            case Tag.P:
                if (!HasInScope(Tag.P, Scope.Button))
                {
                    Error("unexpected-end-tag", token);
                    InsertImpliedElement(Tag.P);
                }
                ClosePElement();
                return;
            case Tag.Li:
            case Tag.Dd or Tag.Dt:
                if (!HasInScope(token.Tag, token.Tag == Tag.Li ? Scope.ListItem : Scope.Default))
                {
                    Error("unexpected-end-tag", token);
                    return;
                }
                GenerateImpliedEndTags(token.Tag);
                if (!CurrentIs(token.Tag)) Error("end-tag-too-early", token);
                PopUntil(token.Tag);
                return;
            case Tag.H1 or Tag.H2 or Tag.H3 or Tag.H4 or Tag.H5 or Tag.H6:
                if (!HasHeadingInScope())
                {
                    Error("unexpected-end-tag", token);
                    return;
                }
                GenerateImpliedEndTags();
                if (!CurrentIs(token.Tag)) Error("end-tag-too-early", token);
                PopUntilHeading();
                return;
            case Tag.A or Tag.B or Tag.Big or Tag.Code or Tag.Em or Tag.Font or Tag.I or Tag.Nobr or Tag.S or Tag.Small
                or Tag.Strike or Tag.Strong or Tag.Tt or Tag.U:
                if (!AdoptionAgency(token)) AnyOtherEndTag(token);
                return;
            case Tag.Applet or Tag.Marquee or Tag.Object:
                if (!HasInScope(token.Tag))
                {
                    Error("unexpected-end-tag", token);
                    return;
                }
                GenerateImpliedEndTags();
                if (!CurrentIs(token.Tag)) Error("end-tag-too-early", token);
                PopUntil(token.Tag);
                formatting.ClearToLastMarker();
                return;
            case Tag.Br:
                Error("unexpected-end-tag-br", token);
                token.ClearAttributes();
                token.Kind = TokenKind.StartTag;
                BodyStartTag(token);
                return;
        }
        AnyOtherEndTag(token);
    }

    /// <summary>"Any other end tag": close the nearest element of that name, unless a special element is in the way.</summary>
    private void AnyOtherEndTag(Token token)
    {
        for (int i = open.Count - 1; i >= 0; i--)
        {
            var node = open[i];
            if (Ns(node) == HtmlNamespace.Html && tree.NameId(node) == token.NameId)
            {
                GenerateImpliedEndTags(TagOf(node));
                if (node != CurrentNode) Error("end-tag-too-early", token);
                PopUntilNode(node);
                return;
            }
            if (IsSpecial(node))
            {
                Error("unexpected-end-tag", token);
                return;
            }
        }
    }

    /// <summary>
    /// The adoption agency algorithm (§13.2.6.4.7): on the end tag of a formatting element that isn't
    /// the current node, moves the misnested content so the formatting still applies where the
    /// author meant it. Returns false when the caller should treat the token as "any other end tag".
    /// </summary>
    private bool AdoptionAgency(Token token)
    {
        int subject = token.NameId;
        var current = CurrentNode;
        if (Ns(current) == HtmlNamespace.Html && tree.NameId(current) == subject && !formatting.Contains(current))
        {
            Pop();
            return true;
        }
        for (int outer = 0; outer < 8; outer++)
        {
            var formattingElement = formatting.LastAfterMarker(subject);
            if (formattingElement == None) return false;
            int feIndex = open.LastIndexOf(formattingElement);
            if (feIndex < 0)
            {
                Error("adoption-agency-1.2", token);
                formatting.Remove(formattingElement);
                return true;
            }
            if (!HasNodeInScope(formattingElement))
            {
                Error("adoption-agency-4.4", token);
                return true;
            }
            if (formattingElement != CurrentNode) Error("adoption-agency-1.3", token);

            int furthestBlock = None;
            int fbIndex = -1;
            for (int i = feIndex + 1; i < open.Count; i++)
                if (IsSpecial(open[i])) { furthestBlock = open[i]; fbIndex = i; break; }
            if (furthestBlock == None)
            {
                while (open.Count > feIndex) Pop();
                formatting.Remove(formattingElement);
                return true;
            }

            var commonAncestor = open[feIndex - 1];
            int bookmark = formatting.IndexOf(formattingElement);
            var node = furthestBlock;
            var lastNode = furthestBlock;
            int nodeIndex = fbIndex;
            for (int inner = 1; ; inner++)
            {
                nodeIndex--;
                node = open[nodeIndex];
                if (node == formattingElement) break;
                int nodeEntry = formatting.IndexOf(node);
                if (inner > 3 && nodeEntry >= 0)
                {
                    formatting.Remove(node);
                    if (nodeEntry < bookmark) bookmark--;
                    nodeEntry = -1;
                }
                if (nodeEntry < 0)
                {
                    open.RemoveAt(nodeIndex);
                    continue;
                }
                var replacement = tree.CloneElement(node);
                formatting.Replace(nodeEntry, replacement);
                open.Replace(nodeIndex, replacement);
                node = replacement;
                if (lastNode == furthestBlock) bookmark = nodeEntry + 1;
                tree.Detach(lastNode);
                tree.AppendChild(node, lastNode);
                lastNode = node;
            }

            tree.Detach(lastNode);
            InsertAt(AppropriatePlace(commonAncestor), lastNode);

            var newElement = tree.CloneElement(formattingElement);
            tree.MoveChildren(furthestBlock, newElement);
            tree.AppendChild(furthestBlock, newElement);

            int oldEntry = formatting.IndexOf(formattingElement);
            formatting.Remove(formattingElement);
            if (oldEntry < bookmark) bookmark--;
            formatting.Insert(Math.Min(bookmark, formatting.Count), newElement);

            open.Remove(formattingElement);
            open.Insert(open.IndexOf(furthestBlock) + 1, newElement);
        }
        return true;
    }
}
