namespace LiveTs.Engine.Html;

/// <summary>
/// The "in template" insertion mode (§13.2.6.4.18): a template's content may be any part of a
/// table or a body, so the first tag inside decides which mode parses the rest; the stack of
/// template insertion modes remembers that choice for nested templates.
/// </summary>
internal sealed partial class TreeBuilder
{
    private void InTemplate(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.Comment:
            case TokenKind.Doctype:
                InBody(token);
                return;
            case TokenKind.StartTag:
                switch (token.Tag)
                {
                    case Tag.Base or Tag.Basefont or Tag.Bgsound or Tag.Link or Tag.Meta or Tag.Noframes or Tag.Script
                        or Tag.Style or Tag.Template or Tag.Title:
                        InHead(token);
                        return;
                    case Tag.Caption or Tag.Colgroup or Tag.Tbody or Tag.Tfoot or Tag.Thead:
                        SwitchTemplateMode(InsertionMode.InTable, token);
                        return;
                    case Tag.Col:
                        SwitchTemplateMode(InsertionMode.InColumnGroup, token);
                        return;
                    case Tag.Tr:
                        SwitchTemplateMode(InsertionMode.InTableBody, token);
                        return;
                    case Tag.Td or Tag.Th:
                        SwitchTemplateMode(InsertionMode.InRow, token);
                        return;
                    default:
                        SwitchTemplateMode(InsertionMode.InBody, token);
                        return;
                }
            case TokenKind.EndTag:
                if (token.Tag == Tag.Template) InHead(token);
                else Error("unexpected-end-tag", token);
                return;
            case TokenKind.EndOfFile:
                if (!StackHas(Tag.Template)) return; // fragment case: stop parsing
                Error("eof-in-template", token);
                PopUntil(Tag.Template);
                formatting.ClearToLastMarker();
                templateModes.RemoveAt(templateModes.Count - 1);
                ResetInsertionMode();
                Dispatch(mode, token);
                return;
        }
    }

    private void SwitchTemplateMode(InsertionMode newMode, Token token)
    {
        templateModes[^1] = newMode;
        mode = newMode;
        Dispatch(mode, token);
    }
}
