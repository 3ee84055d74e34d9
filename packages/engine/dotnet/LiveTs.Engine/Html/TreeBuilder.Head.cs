namespace LiveTs.Engine.Html;

/// <summary>
/// The insertion modes up to the body (§13.2.6.4.1–6) and the "text" mode of raw text elements: where
/// the doctype sets quirks mode, and &lt;html&gt;, &lt;head&gt; and &lt;body&gt; are implied when the markup leaves
/// them out, as a render's fragment always does.
/// </summary>
internal sealed partial class TreeBuilder
{
    private void Initial(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.Comment:
                InsertComment(token, document);
                return;
            case TokenKind.Doctype:
                if (token.DoctypeName != "html" || token.PublicId is not null || (token.SystemId is not null && token.SystemId != "about:legacy-compat"))
                    Error("unexpected-doctype", token);
                tree.AppendChild(document, tree.NewDoctype(token.DoctypeName ?? "", token.PublicId, token.SystemId));
                quirks = QuirksMode.IsQuirks(token.DoctypeName, token.PublicId, token.SystemId, token.ForceQuirks);
                mode = InsertionMode.BeforeHtml;
                return;
        }
        Error("expected-doctype", token);
        quirks = true;
        mode = InsertionMode.BeforeHtml;
        BeforeHtml(token);
    }

    private void InsertRootElement(Token? token)
    {
        var html = token is null ? tree.NewElement((int)Tag.Html, Tag.Html, HtmlNamespace.Html) : CreateElement(token, HtmlNamespace.Html);
        tree.AppendChild(document, html);
        open.Add(html);
        mode = InsertionMode.BeforeHead;
    }

    private void BeforeHtml(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.Doctype:
                Error("unexpected-doctype", token);
                return;
            case TokenKind.Comment:
                InsertComment(token, document);
                return;
            case TokenKind.StartTag when token.Tag == Tag.Html:
                InsertRootElement(token);
                return;
            case TokenKind.EndTag when token.Tag is not (Tag.Head or Tag.Body or Tag.Html or Tag.Br):
                Error("unexpected-end-tag", token);
                return;
        }
        InsertRootElement(null);
        BeforeHead(token);
    }

    private void BeforeHead(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.Comment:
                InsertComment(token);
                return;
            case TokenKind.Doctype:
                Error("unexpected-doctype", token);
                return;
            case TokenKind.StartTag when token.Tag == Tag.Html:
                InBody(token);
                return;
            case TokenKind.StartTag when token.Tag == Tag.Head:
                headElement = InsertHtmlElement(token);
                mode = InsertionMode.InHead;
                return;
            case TokenKind.EndTag when token.Tag is not (Tag.Head or Tag.Body or Tag.Html or Tag.Br):
                Error("unexpected-end-tag", token);
                return;
        }
        headElement = InsertImpliedElement(Tag.Head);
        mode = InsertionMode.InHead;
        InHead(token);
    }

    private void InHead(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.Comment:
                InsertComment(token);
                return;
            case TokenKind.Doctype:
                Error("unexpected-doctype", token);
                return;
            case TokenKind.StartTag:
                switch (token.Tag)
                {
                    case Tag.Html:
                        InBody(token);
                        return;
                    case Tag.Base or Tag.Basefont or Tag.Bgsound or Tag.Link or Tag.Meta:
                        InsertHtmlElement(token);
                        Pop();
                        token.SelfClosingAcknowledged = true;
                        return;
                    case Tag.Title:
                        ParseTextElement(token, TokenizerState.Rcdata);
                        return;
                    case Tag.Noscript when scripting:
                    case Tag.Noframes or Tag.Style:
                        ParseTextElement(token, TokenizerState.Rawtext);
                        return;
                    case Tag.Noscript:
                        InsertHtmlElement(token);
                        mode = InsertionMode.InHeadNoscript;
                        return;
                    case Tag.Script:
                        ParseTextElement(token, TokenizerState.ScriptData);
                        return;
                    case Tag.Template:
                        InsertHtmlElement(token);
                        formatting.PushMarker();
                        framesetOk = false;
                        mode = InsertionMode.InTemplate;
                        templateModes.Add(InsertionMode.InTemplate);
                        return;
                    case Tag.Head:
                        Error("unexpected-start-tag", token);
                        return;
                }
                break;
            case TokenKind.EndTag:
                switch (token.Tag)
                {
                    case Tag.Head:
                        Pop();
                        mode = InsertionMode.AfterHead;
                        return;
                    case Tag.Body or Tag.Html or Tag.Br:
                        break;
                    case Tag.Template:
                        EndTemplate(token);
                        return;
                    default:
                        Error("unexpected-end-tag", token);
                        return;
                }
                break;
        }
        Pop();
        mode = InsertionMode.AfterHead;
        AfterHead(token);
    }

    private void EndTemplate(Token token)
    {
        if (!StackHas(Tag.Template))
        {
            Error("unexpected-end-tag", token);
            return;
        }
        GenerateImpliedEndTagsThoroughly();
        if (!CurrentIs(Tag.Template)) Error("end-tag-too-early", token);
        PopUntil(Tag.Template);
        formatting.ClearToLastMarker();
        templateModes.RemoveAt(templateModes.Count - 1);
        ResetInsertionMode();
    }

    private void InHeadNoscript(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.Doctype:
                Error("unexpected-doctype", token);
                return;
            case TokenKind.Comment:
                InHead(token);
                return;
            case TokenKind.StartTag:
                switch (token.Tag)
                {
                    case Tag.Html: InBody(token); return;
                    case Tag.Basefont or Tag.Bgsound or Tag.Link or Tag.Meta or Tag.Noframes or Tag.Style: InHead(token); return;
                    case Tag.Head or Tag.Noscript: Error("unexpected-start-tag", token); return;
                }
                break;
            case TokenKind.EndTag:
                if (token.Tag == Tag.Noscript)
                {
                    Pop();
                    mode = InsertionMode.InHead;
                    return;
                }
                if (token.Tag != Tag.Br)
                {
                    Error("unexpected-end-tag", token);
                    return;
                }
                break;
        }
        Error("unexpected-token-in-noscript", token);
        Pop();
        mode = InsertionMode.InHead;
        InHead(token);
    }

    private void AfterHead(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.Comment:
                InsertComment(token);
                return;
            case TokenKind.Doctype:
                Error("unexpected-doctype", token);
                return;
            case TokenKind.StartTag:
                switch (token.Tag)
                {
                    case Tag.Html:
                        InBody(token);
                        return;
                    case Tag.Body:
                        InsertHtmlElement(token);
                        framesetOk = false;
                        mode = InsertionMode.InBody;
                        return;
                    case Tag.Frameset:
                        InsertHtmlElement(token);
                        mode = InsertionMode.InFrameset;
                        return;
                    case Tag.Base or Tag.Basefont or Tag.Bgsound or Tag.Link or Tag.Meta or Tag.Noframes or Tag.Script
                        or Tag.Style or Tag.Template or Tag.Title:
                        Error("unexpected-start-tag-after-head", token);
                        open.Add(headElement);
                        InHead(token);
                        RemoveFromStack(headElement);
                        return;
                    case Tag.Head:
                        Error("unexpected-start-tag", token);
                        return;
                }
                break;
            case TokenKind.EndTag:
                if (token.Tag == Tag.Template)
                {
                    InHead(token);
                    return;
                }
                if (token.Tag is not (Tag.Body or Tag.Html or Tag.Br))
                {
                    Error("unexpected-end-tag", token);
                    return;
                }
                break;
        }
        InsertImpliedElement(Tag.Body);
        mode = InsertionMode.InBody;
        InBody(token);
    }

    /// <summary>Inside &lt;script&gt;, &lt;style&gt;, &lt;title&gt;, &lt;textarea&gt;…: the tokenizer's text state ends at the matching end tag.</summary>
    private void TextMode(Token token)
    {
        if (token.Kind == TokenKind.EndOfFile)
        {
            Error("eof-in-text", token);
            Pop();
            mode = originalMode;
            Dispatch(mode, token);
            return;
        }
        if (token.Kind == TokenKind.EndTag)
        {
            Pop();
            mode = originalMode;
        }
    }
}
