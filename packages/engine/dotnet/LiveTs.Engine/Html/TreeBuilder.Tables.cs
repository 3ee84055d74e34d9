namespace LiveTs.Engine.Html;

/// <summary>
/// The table insertion modes (§13.2.6.4.9–15): implied &lt;tbody&gt; and &lt;tr&gt;, cells closing each other,
/// and foster parenting — content that isn't allowed in a table is moved to just before it, which
/// is why "&lt;table&gt;x&lt;tr&gt;" puts the x above the table in every browser.
/// </summary>
internal sealed partial class TreeBuilder
{
    private void ClearStackBackTo(Tag a, Tag b = Tag.Unknown, Tag c = Tag.Unknown)
    {
        while (open.Count > 0)
        {
            var node = CurrentNode;
            var tag = TagOf(node);
            if (Ns(node) == HtmlNamespace.Html && (tag == a || tag == b || tag == c || tag is Tag.Template or Tag.Html)) return;
            Pop();
        }
    }

    private void ClearStackBackToTableContext() => ClearStackBackTo(Tag.Table);
    private void ClearStackBackToTableBodyContext() => ClearStackBackTo(Tag.Tbody, Tag.Tfoot, Tag.Thead);
    private void ClearStackBackToTableRowContext() => ClearStackBackTo(Tag.Tr);

    private void InTable(Token token)
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
                InBody(token);
                return;
            case TokenKind.StartTag:
                switch (token.Tag)
                {
                    case Tag.Caption:
                        ClearStackBackToTableContext();
                        formatting.PushMarker();
                        InsertHtmlElement(token);
                        mode = InsertionMode.InCaption;
                        return;
                    case Tag.Colgroup:
                        ClearStackBackToTableContext();
                        InsertHtmlElement(token);
                        mode = InsertionMode.InColumnGroup;
                        return;
                    case Tag.Col:
                        ClearStackBackToTableContext();
                        InsertImpliedElement(Tag.Colgroup);
                        mode = InsertionMode.InColumnGroup;
                        InColumnGroup(token);
                        return;
                    case Tag.Tbody or Tag.Tfoot or Tag.Thead:
                        ClearStackBackToTableContext();
                        InsertHtmlElement(token);
                        mode = InsertionMode.InTableBody;
                        return;
                    case Tag.Td or Tag.Th or Tag.Tr:
                        ClearStackBackToTableContext();
                        InsertImpliedElement(Tag.Tbody);
                        mode = InsertionMode.InTableBody;
                        InTableBody(token);
                        return;
                    case Tag.Table:
                        Error("unexpected-start-tag-implies-end-tag", token);
                        if (!HasInScope(Tag.Table, Scope.Table)) return;
                        PopUntil(Tag.Table);
                        ResetInsertionMode();
                        Dispatch(mode, token);
                        return;
                    case Tag.Style or Tag.Script or Tag.Template:
                        InHead(token);
                        return;
                    case Tag.Input:
                        if (!token.TryGetAttribute(KnownNames.Type, out var type) || !type.Equals("hidden", StringComparison.OrdinalIgnoreCase)) break;
                        Error("unexpected-hidden-input-in-table", token);
                        InsertHtmlElement(token);
                        Pop();
                        token.SelfClosingAcknowledged = true;
                        return;
                    case Tag.Form:
                        Error("unexpected-form-in-table", token);
                        if (StackHas(Tag.Template) || formElement != None) return;
                        formElement = InsertHtmlElement(token);
                        Pop();
                        return;
                }
                break;
            case TokenKind.EndTag:
                switch (token.Tag)
                {
                    case Tag.Table:
                        if (!HasInScope(Tag.Table, Scope.Table))
                        {
                            Error("unexpected-end-tag", token);
                            return;
                        }
                        PopUntil(Tag.Table);
                        ResetInsertionMode();
                        return;
                    case Tag.Body or Tag.Caption or Tag.Col or Tag.Colgroup or Tag.Html or Tag.Tbody or Tag.Td or Tag.Tfoot
                        or Tag.Th or Tag.Thead or Tag.Tr:
                        Error("unexpected-end-tag", token);
                        return;
                    case Tag.Template:
                        InHead(token);
                        return;
                }
                break;
        }
        Error("unexpected-token-in-table", token);
        fosterParenting = true;
        InBody(token);
        fosterParenting = false;
    }

    /// <summary>
    /// The characters gathered in "in table text" go in as text when they are all whitespace, and
    /// are foster-parented (with a parse error) when any is not.
    /// </summary>
    private void InTableText(Token token)
    {
        if (pendingTableText.Length > 0)
        {
            if (pendingTableTextHasNonWhitespace)
            {
                Error("unexpected-chars-in-table", token);
                fosterParenting = true;
                BodyCharacters(PendingTableText);
                fosterParenting = false;
            }
            else InsertCharacters(PendingTableText);
            pendingTableText.Clear();
            pendingTableTextStart = -1;
        }
        mode = originalMode;
        Dispatch(mode, token);
    }

    private void InCaption(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.EndTag when token.Tag == Tag.Caption:
                CloseCaption(token);
                return;
            case TokenKind.StartTag when token.Tag is Tag.Caption or Tag.Col or Tag.Colgroup or Tag.Tbody or Tag.Td
                or Tag.Tfoot or Tag.Th or Tag.Thead or Tag.Tr:
            case TokenKind.EndTag when token.Tag == Tag.Table:
                if (CloseCaption(token)) InTable(token);
                return;
            case TokenKind.EndTag when token.Tag is Tag.Body or Tag.Col or Tag.Colgroup or Tag.Html or Tag.Tbody or Tag.Td
                or Tag.Tfoot or Tag.Th or Tag.Thead or Tag.Tr:
                Error("unexpected-end-tag", token);
                return;
        }
        InBody(token);
    }

    private bool CloseCaption(Token token)
    {
        if (!HasInScope(Tag.Caption, Scope.Table))
        {
            Error("unexpected-end-tag", token);
            return false;
        }
        GenerateImpliedEndTags();
        if (!CurrentIs(Tag.Caption)) Error("end-tag-too-early", token);
        PopUntil(Tag.Caption);
        formatting.ClearToLastMarker();
        mode = InsertionMode.InTable;
        return true;
    }

    private void InColumnGroup(Token token)
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
                InBody(token);
                return;
            case TokenKind.StartTag:
                switch (token.Tag)
                {
                    case Tag.Html:
                        InBody(token);
                        return;
                    case Tag.Col:
                        InsertHtmlElement(token);
                        Pop();
                        token.SelfClosingAcknowledged = true;
                        return;
                    case Tag.Template:
                        InHead(token);
                        return;
                }
                break;
            case TokenKind.EndTag:
                switch (token.Tag)
                {
                    case Tag.Colgroup:
                        if (!CurrentIs(Tag.Colgroup))
                        {
                            Error("unexpected-end-tag", token);
                            return;
                        }
                        Pop();
                        mode = InsertionMode.InTable;
                        return;
                    case Tag.Col:
                        Error("unexpected-end-tag", token);
                        return;
                    case Tag.Template:
                        InHead(token);
                        return;
                }
                break;
        }
        if (!CurrentIs(Tag.Colgroup))
        {
            Error("unexpected-token-in-column-group", token);
            return;
        }
        Pop();
        mode = InsertionMode.InTable;
        InTable(token);
    }

    private void InTableBody(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.StartTag:
                switch (token.Tag)
                {
                    case Tag.Tr:
                        ClearStackBackToTableBodyContext();
                        InsertHtmlElement(token);
                        mode = InsertionMode.InRow;
                        return;
                    case Tag.Th or Tag.Td:
                        Error("unexpected-cell-in-table-body", token);
                        ClearStackBackToTableBodyContext();
                        InsertImpliedElement(Tag.Tr);
                        mode = InsertionMode.InRow;
                        InRow(token);
                        return;
                    case Tag.Caption or Tag.Col or Tag.Colgroup or Tag.Tbody or Tag.Tfoot or Tag.Thead:
                        if (!CloseTableBody(token)) return;
                        InTable(token);
                        return;
                }
                break;
            case TokenKind.EndTag:
                switch (token.Tag)
                {
                    case Tag.Tbody or Tag.Tfoot or Tag.Thead:
                        if (!HasInScope(token.Tag, Scope.Table))
                        {
                            Error("unexpected-end-tag", token);
                            return;
                        }
                        ClearStackBackToTableBodyContext();
                        Pop();
                        mode = InsertionMode.InTable;
                        return;
                    case Tag.Table:
                        if (!CloseTableBody(token)) return;
                        InTable(token);
                        return;
                    case Tag.Body or Tag.Caption or Tag.Col or Tag.Colgroup or Tag.Html or Tag.Td or Tag.Th or Tag.Tr:
                        Error("unexpected-end-tag", token);
                        return;
                }
                break;
        }
        InTable(token);
    }

    private bool CloseTableBody(Token token)
    {
        if (!HasInTableScope(Tag.Tbody, Tag.Thead, Tag.Tfoot))
        {
            Error("unexpected-token", token);
            return false;
        }
        ClearStackBackToTableBodyContext();
        Pop();
        mode = InsertionMode.InTable;
        return true;
    }

    private void InRow(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.StartTag:
                switch (token.Tag)
                {
                    case Tag.Th or Tag.Td:
                        ClearStackBackToTableRowContext();
                        InsertHtmlElement(token);
                        mode = InsertionMode.InCell;
                        formatting.PushMarker();
                        return;
                    case Tag.Caption or Tag.Col or Tag.Colgroup or Tag.Tbody or Tag.Tfoot or Tag.Thead or Tag.Tr:
                        if (CloseRow(token)) InTableBody(token);
                        return;
                }
                break;
            case TokenKind.EndTag:
                switch (token.Tag)
                {
                    case Tag.Tr:
                        CloseRow(token);
                        return;
                    case Tag.Table:
                        if (CloseRow(token)) InTableBody(token);
                        return;
                    case Tag.Tbody or Tag.Tfoot or Tag.Thead:
                        if (!HasInScope(token.Tag, Scope.Table))
                        {
                            Error("unexpected-end-tag", token);
                            return;
                        }
                        if (CloseRow(token)) InTableBody(token);
                        return;
                    case Tag.Body or Tag.Caption or Tag.Col or Tag.Colgroup or Tag.Html or Tag.Td or Tag.Th:
                        Error("unexpected-end-tag", token);
                        return;
                }
                break;
        }
        InTable(token);
    }

    private bool CloseRow(Token token)
    {
        if (!HasInScope(Tag.Tr, Scope.Table))
        {
            Error("unexpected-end-tag", token);
            return false;
        }
        ClearStackBackToTableRowContext();
        Pop();
        mode = InsertionMode.InTableBody;
        return true;
    }

    private void InCell(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.EndTag when token.Tag is Tag.Td or Tag.Th:
                if (!HasInScope(token.Tag, Scope.Table))
                {
                    Error("unexpected-end-tag", token);
                    return;
                }
                GenerateImpliedEndTags();
                if (!CurrentIs(token.Tag)) Error("end-tag-too-early", token);
                PopUntil(token.Tag);
                formatting.ClearToLastMarker();
                mode = InsertionMode.InRow;
                return;
            case TokenKind.StartTag when token.Tag is Tag.Caption or Tag.Col or Tag.Colgroup or Tag.Tbody or Tag.Td
                or Tag.Tfoot or Tag.Th or Tag.Thead or Tag.Tr:
                if (!HasInTableScope(Tag.Td, Tag.Th))
                {
                    Error("unexpected-start-tag", token);
                    return;
                }
                CloseCell();
                InRow(token);
                return;
            case TokenKind.EndTag when token.Tag is Tag.Body or Tag.Caption or Tag.Col or Tag.Colgroup or Tag.Html:
                Error("unexpected-end-tag", token);
                return;
            case TokenKind.EndTag when token.Tag is Tag.Table or Tag.Tbody or Tag.Tfoot or Tag.Thead or Tag.Tr:
                if (!HasInScope(token.Tag, Scope.Table))
                {
                    Error("unexpected-end-tag", token);
                    return;
                }
                CloseCell();
                InRow(token);
                return;
        }
        InBody(token);
    }

    private void CloseCell()
    {
        GenerateImpliedEndTags();
        if (!CurrentIs(Tag.Td) && !CurrentIs(Tag.Th)) Error("end-tag-too-early");
        while (open.Count > 0)
        {
            var node = CurrentNode;
            Pop();
            if (Ns(node) == HtmlNamespace.Html && TagOf(node) is Tag.Td or Tag.Th) break;
        }
        formatting.ClearToLastMarker();
        mode = InsertionMode.InRow;
    }
}
