namespace LiveTs.Engine.Html;

/// <summary>
/// The modes after &lt;/body&gt; and the frameset ones (§13.2.6.4.19–23). Content after &lt;/body&gt; or
/// &lt;/html&gt; goes back into the body, as browsers do; framesets only take frames and whitespace.
/// </summary>
internal sealed partial class TreeBuilder
{
    private void AfterBody(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.Comment:
                InsertComment(token, open[0]);
                return;
            case TokenKind.Doctype:
                Error("unexpected-doctype", token);
                return;
            case TokenKind.StartTag when token.Tag == Tag.Html:
                InBody(token);
                return;
            case TokenKind.EndTag when token.Tag == Tag.Html:
                if (context != None) Error("unexpected-end-tag", token);
                else mode = InsertionMode.AfterAfterBody;
                return;
            case TokenKind.EndOfFile:
                return;
        }
        Error("unexpected-token-after-body", token);
        mode = InsertionMode.InBody;
        InBody(token);
    }

    private void InFrameset(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.Comment:
                InsertComment(token);
                return;
            case TokenKind.StartTag:
                switch (token.Tag)
                {
                    case Tag.Html: InBody(token); return;
                    case Tag.Frameset: InsertHtmlElement(token); return;
                    case Tag.Frame:
                        InsertHtmlElement(token);
                        Pop();
                        token.SelfClosingAcknowledged = true;
                        return;
                    case Tag.Noframes: InHead(token); return;
                }
                break;
            case TokenKind.EndTag when token.Tag == Tag.Frameset:
                if (open.Count == 1)
                {
                    Error("unexpected-end-tag", token);
                    return;
                }
                Pop();
                if (context == None && !CurrentIs(Tag.Frameset)) mode = InsertionMode.AfterFrameset;
                return;
            case TokenKind.EndOfFile:
                if (open.Count > 1) Error("eof-in-frameset", token);
                return;
        }
        Error("unexpected-token-in-frameset", token);
    }

    private void AfterFrameset(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.Comment:
                InsertComment(token);
                return;
            case TokenKind.StartTag when token.Tag == Tag.Html:
                InBody(token);
                return;
            case TokenKind.EndTag when token.Tag == Tag.Html:
                mode = InsertionMode.AfterAfterFrameset;
                return;
            case TokenKind.StartTag when token.Tag == Tag.Noframes:
                InHead(token);
                return;
            case TokenKind.EndOfFile:
                return;
        }
        Error("unexpected-token-after-frameset", token);
    }

    private void AfterAfterBody(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.Comment:
                InsertComment(token, document);
                return;
            case TokenKind.Doctype:
            case TokenKind.StartTag when token.Tag == Tag.Html:
                InBody(token);
                return;
            case TokenKind.EndOfFile:
                return;
        }
        Error("unexpected-token-after-body", token);
        mode = InsertionMode.InBody;
        InBody(token);
    }

    private void AfterAfterFrameset(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.Comment:
                InsertComment(token, document);
                return;
            case TokenKind.Doctype:
            case TokenKind.StartTag when token.Tag == Tag.Html:
                InBody(token);
                return;
            case TokenKind.StartTag when token.Tag == Tag.Noframes:
                InHead(token);
                return;
            case TokenKind.EndOfFile:
                return;
        }
        Error("unexpected-token-after-frameset", token);
    }
}
