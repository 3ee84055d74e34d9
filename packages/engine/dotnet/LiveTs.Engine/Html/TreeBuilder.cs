namespace LiveTs.Engine.Html;

/// <summary>
/// The HTML tree construction stage (§13.2.6): takes tokens and builds the tree a browser builds,
/// with every error recovery the spec defines (implied tags, misnested formatting, foster-parented
/// table content, foreign content). This file has the state and the shared algorithms; the
/// insertion modes are in the other TreeBuilder.*.cs files, grouped the way the spec groups them.
/// </summary>
internal sealed partial class TreeBuilder : ITokenSink
{
    private readonly HtmlNode document = new(HtmlNodeKind.Document, "#document");
    private readonly OpenElementStack open = new();
    private readonly ActiveFormattingElements formatting = new();
    private readonly List<InsertionMode> templateModes = [];
    private readonly ParseErrors errors;
    private readonly bool scripting;
    private const int MaxDepth = 512;
    private Tokenizer tokenizer = null!;

    private InsertionMode mode = InsertionMode.Initial;
    private InsertionMode originalMode;
    private HtmlNode? headElement;
    private HtmlNode? formElement;
    private HtmlNode? context; // the fragment case's context element
    private bool framesetOk = true;
    private bool fosterParenting;
    private bool quirks;
    private bool skipNextNewline; // after <pre>, <listing>, <textarea>: a leading newline is dropped
    private bool sawSelectedContent;

    // "in table text": character tokens gathered until something else arrives
    private readonly CharBuffer pendingTableText = new(64);
    private bool pendingTableTextHasNonWhitespace;

    private TreeBuilder(ParseErrors errors, bool scripting)
    {
        this.errors = errors;
        this.scripting = scripting;
    }

    /// <summary>Parses a whole document (§13.2.6 from the initial insertion mode).</summary>
    public static HtmlDocument ParseDocument(string html, bool scripting)
    {
        var errors = new ParseErrors();
        var builder = new TreeBuilder(errors, scripting);
        builder.tokenizer = new Tokenizer(Tokenizer.Preprocess(html), builder, errors);
        builder.tokenizer.Run();
        return new HtmlDocument(builder.document, builder.quirks, errors);
    }

    /// <summary>
    /// The HTML fragment parsing algorithm (§13.4): parses <paramref name="html"/> as the content of
    /// <paramref name="contextElement"/> (as innerHTML would) and returns the nodes it made.
    /// </summary>
    public static List<HtmlNode> ParseFragment(string html, HtmlNode contextElement, bool scripting, ParseErrors errors)
    {
        var builder = new TreeBuilder(errors, scripting) { context = contextElement };
        var tokenizer = builder.tokenizer = new Tokenizer(Tokenizer.Preprocess(html), builder, errors);
        if (contextElement.Namespace == HtmlNamespace.Html)
            tokenizer.State = contextElement.Tag switch
            {
                Tag.Title or Tag.Textarea => TokenizerState.Rcdata,
                Tag.Style or Tag.Xmp or Tag.Iframe or Tag.Noembed or Tag.Noframes => TokenizerState.Rawtext,
                Tag.Noscript when scripting => TokenizerState.Rawtext,
                Tag.Script => TokenizerState.ScriptData,
                Tag.Plaintext => TokenizerState.Plaintext,
                _ => TokenizerState.Data,
            };
        var root = new HtmlNode("html", Tag.Html, HtmlNamespace.Html, null);
        builder.document.AppendChild(root);
        builder.open.Add(root);
        if (contextElement.Namespace == HtmlNamespace.Html && contextElement.Tag == Tag.Template)
            builder.templateModes.Add(InsertionMode.InTemplate);
        builder.ResetInsertionMode();
        for (var node = contextElement; node is not null; node = node.Parent)
            if (node.Namespace == HtmlNamespace.Html && node.Tag == Tag.Form) { builder.formElement = node; break; }
        tokenizer.Run();
        var nodes = root.ChildList ?? [];
        foreach (var node in nodes) node.Parent = null;
        return nodes;
    }

    private void Error(string what, Token? token = null) => errors.Add(what, token?.Offset ?? -1);

    // ---- the stack of open elements ----------------------------------------------------------------

    private HtmlNode CurrentNode => open[open.Count - 1];

    /// <summary>The context element stands in for the root while only the root is open (fragment case).</summary>
    private HtmlNode? AdjustedCurrentNode =>
        open.Count == 0 ? null : context is not null && open.Count == 1 ? context : open[open.Count - 1];

    private static bool IsHtml(HtmlNode node, Tag tag) => node.Tag == tag && node.Namespace == HtmlNamespace.Html;

    private bool CurrentIs(Tag tag) => open.Count > 0 && IsHtml(open[open.Count - 1], tag);

    private void Pop()
    {
        var node = open[open.Count - 1];
        open.RemoveAt(open.Count - 1);
        if (sawSelectedContent && IsHtml(node, Tag.Option)) MaybeCloneIntoSelectedContent(node);
    }

    /// <summary>Pops until an HTML element with <paramref name="tag"/> has been popped.</summary>
    private void PopUntil(Tag tag)
    {
        while (open.Count > 0)
        {
            bool match = IsHtml(CurrentNode, tag);
            Pop();
            if (match) return;
        }
    }

    private void PopUntilHeading()
    {
        while (open.Count > 0)
        {
            var node = CurrentNode;
            Pop();
            if (node.Namespace == HtmlNamespace.Html && ElementCategories.IsHeading(node.Tag)) return;
        }
    }

    private void PopUntilNode(HtmlNode target)
    {
        while (open.Count > 0)
        {
            var node = CurrentNode;
            Pop();
            if (node == target) return;
        }
    }

    private void RemoveFromStack(HtmlNode node) => open.Remove(node);

    private bool StackHas(Tag tag) => tag != Tag.Unknown ? open.CountOf(tag) > 0 : false;

    private enum Scope : byte { Default, ListItem, Button, Table, Select }

    /// <summary>The element types that end a scope search (§13.2.4.2).</summary>
    private static bool IsScopeBoundary(HtmlNode node, Scope scope)
    {
        switch (node.Namespace)
        {
            case HtmlNamespace.Html:
                var tag = node.Tag;
                return scope switch
                {
                    Scope.Default => ElementCategories.IsScopeBoundary(tag),
                    Scope.ListItem => ElementCategories.IsScopeBoundary(tag) || tag is Tag.Ol or Tag.Ul,
                    Scope.Button => ElementCategories.IsScopeBoundary(tag) || tag == Tag.Button,
                    Scope.Table => tag is Tag.Html or Tag.Table or Tag.Template,
                    _ => tag is not (Tag.Optgroup or Tag.Option),
                };
            case HtmlNamespace.MathML:
                return scope is not (Scope.Table or Scope.Select) ? node.Tag is Tag.Mi or Tag.Mo or Tag.Mn or Tag.Ms or Tag.Mtext or Tag.AnnotationXml : scope == Scope.Select;
            default:
                return scope is not (Scope.Table or Scope.Select) ? node.Tag is Tag.ForeignObject or Tag.Desc or Tag.Title : scope == Scope.Select;
        }
    }

    private bool HasInScope(Tag tag, Scope scope = Scope.Default)
    {
        if (open.CountOf(tag) == 0) return false;
        for (int i = open.Count - 1; i >= 0; i--)
        {
            var node = open[i];
            if (IsHtml(node, tag)) return true;
            if (IsScopeBoundary(node, scope)) return false;
        }
        return false;
    }

    private bool HasInTableScope(Tag a, Tag b, Tag c = Tag.Unknown)
    {
        if (open.CountOf(a) + open.CountOf(b) + (c == Tag.Unknown ? 0 : open.CountOf(c)) == 0) return false;
        for (int i = open.Count - 1; i >= 0; i--)
        {
            var node = open[i];
            if (node.Namespace == HtmlNamespace.Html && (node.Tag == a || node.Tag == b || (c != Tag.Unknown && node.Tag == c))) return true;
            if (IsScopeBoundary(node, Scope.Table)) return false;
        }
        return false;
    }

    private bool HasNodeInScope(HtmlNode target)
    {
        if (!target.IsOpen) return false;
        for (int i = open.Count - 1; i >= 0; i--)
        {
            var node = open[i];
            if (node == target) return true;
            if (IsScopeBoundary(node, Scope.Default)) return false;
        }
        return false;
    }

    private bool HasHeadingInScope()
    {
        if (open.CountOf(Tag.H1) + open.CountOf(Tag.H2) + open.CountOf(Tag.H3) + open.CountOf(Tag.H4) + open.CountOf(Tag.H5) + open.CountOf(Tag.H6) == 0) return false;
        for (int i = open.Count - 1; i >= 0; i--)
        {
            var node = open[i];
            if (node.Namespace == HtmlNamespace.Html && ElementCategories.IsHeading(node.Tag)) return true;
            if (IsScopeBoundary(node, Scope.Default)) return false;
        }
        return false;
    }

    /// <summary>Elements whose end tag may be left out are closed (dd, li, option, p…), all but <paramref name="except"/>.</summary>
    private void GenerateImpliedEndTags(Tag except = Tag.Unknown)
    {
        while (open.Count > 0)
        {
            var node = CurrentNode;
            if (node.Namespace != HtmlNamespace.Html || node.Tag == except || !ElementCategories.HasImpliedEndTag(node.Tag)) return;
            Pop();
        }
    }

    private void GenerateImpliedEndTagsThoroughly()
    {
        while (open.Count > 0)
        {
            var node = CurrentNode;
            if (node.Namespace != HtmlNamespace.Html || !ElementCategories.HasImpliedEndTagThoroughly(node.Tag)) return;
            Pop();
        }
    }

    private void ClosePElement()
    {
        GenerateImpliedEndTags(Tag.P);
        if (!CurrentIs(Tag.P)) Error("p-not-current-when-closed");
        PopUntil(Tag.P);
    }

    private void ClosePIfInButtonScope()
    {
        if (HasInScope(Tag.P, Scope.Button)) ClosePElement();
    }

    /// <summary>§13.2.4.1: picks the insertion mode from what is open, after a table part or template closes.</summary>
    private void ResetInsertionMode()
    {
        for (int i = open.Count - 1; i >= 0; i--)
        {
            var node = open[i];
            bool last = i == 0;
            if (last && context is not null) node = context;
            if (node.Namespace == HtmlNamespace.Html)
            {
                switch (node.Tag)
                {
                    case Tag.Td or Tag.Th when !last: mode = InsertionMode.InCell; return;
                    case Tag.Tr: mode = InsertionMode.InRow; return;
                    case Tag.Tbody or Tag.Thead or Tag.Tfoot: mode = InsertionMode.InTableBody; return;
                    case Tag.Caption: mode = InsertionMode.InCaption; return;
                    case Tag.Colgroup: mode = InsertionMode.InColumnGroup; return;
                    case Tag.Table: mode = InsertionMode.InTable; return;
                    case Tag.Template: mode = templateModes[^1]; return;
                    case Tag.Head when !last: mode = InsertionMode.InHead; return;
                    case Tag.Body: mode = InsertionMode.InBody; return;
                    case Tag.Frameset: mode = InsertionMode.InFrameset; return;
                    case Tag.Html: mode = headElement is null ? InsertionMode.BeforeHead : InsertionMode.AfterHead; return;
                }
            }
            if (last) { mode = InsertionMode.InBody; return; }
        }
        mode = InsertionMode.InBody;
    }

    // ---- inserting nodes ---------------------------------------------------------------------------

    /// <summary>
    /// The appropriate place for inserting a node (§13.2.6.1): the end of the target, except that
    /// with foster parenting on, content meant for a table part goes just before the table, and
    /// anything for a template goes into its content fragment. Index -1 means "append".
    /// </summary>
    private (HtmlNode Parent, int Index) AppropriatePlace(HtmlNode? overrideTarget = null)
    {
        var target = overrideTarget ?? CurrentNode;
        HtmlNode parent;
        int index = -1;
        if (fosterParenting && target.Namespace == HtmlNamespace.Html && target.Tag is Tag.Table or Tag.Tbody or Tag.Tfoot or Tag.Thead or Tag.Tr)
        {
            // whichever of the last template and the last table is higher on the stack decides
            int lastTemplate = -1, lastTable = -1;
            if (open.CountOf(Tag.Template) + open.CountOf(Tag.Table) > 0)
                for (int i = open.Count - 1; i >= 0; i--)
                {
                    if (IsHtml(open[i], Tag.Template)) { lastTemplate = i; break; }
                    if (IsHtml(open[i], Tag.Table)) { lastTable = i; break; }
                }
            if (lastTemplate >= 0 && (lastTable < 0 || lastTemplate > lastTable)) parent = open[lastTemplate];
            else if (lastTable < 0) parent = open[0];
            else if (open[lastTable].Parent is { } tableParent)
            {
                parent = tableParent;
                index = tableParent.Children.LastIndexOf(open[lastTable]);
            }
            else parent = open[lastTable - 1];
        }
        else parent = target;
        // Chromium's limit (kMaximumHTMLParserDOMTreeDepth): past 512 open elements, new nodes go
        // next to the current node instead of into it. It keeps hostile nesting from making a tree
        // so deep that walking it overflows the stack, and it is what the browser builds.
        if (open.Count > MaxDepth && parent.Parent is { Kind: HtmlNodeKind.Element } grandparent && index < 0) parent = grandparent;
        if (IsHtml(parent, Tag.Template) && parent.TemplateContent is not null) return (parent.TemplateContent, -1);
        return (parent, index);
    }

    private static void InsertAt((HtmlNode Parent, int Index) place, HtmlNode node)
    {
        if (place.Index < 0) place.Parent.AppendChild(node);
        else place.Parent.InsertChild(place.Index, node);
    }

    private HtmlNode CreateElement(Token token, HtmlNamespace ns)
    {
        var attributes = token.Attributes.Count == 0 ? null : new List<KeyValuePair<string, string>>(token.Attributes);
        string name = token.Name!;
        bool annotationHtml = false;
        if (ns == HtmlNamespace.Svg) name = ForeignNames.SvgTagName(name);
        else if (ns == HtmlNamespace.MathML && token.Tag == Tag.AnnotationXml)
        {
            var encoding = token.Attribute("encoding");
            annotationHtml = encoding is not null && (encoding.Equals("text/html", StringComparison.OrdinalIgnoreCase)
                || encoding.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase));
        }
        var element = new HtmlNode(name, token.Tag, ns, attributes) { IsAnnotationHtml = annotationHtml };
        if (ns == HtmlNamespace.Html && token.Tag == Tag.Template) element.TemplateContent = new HtmlNode(HtmlNodeKind.DocumentFragment, "#document-fragment");
        if (ns == HtmlNamespace.Html && token.Tag == Tag.SelectedContent) sawSelectedContent = true;
        return element;
    }

    private HtmlNode InsertHtmlElement(Token token)
    {
        var element = CreateElement(token, HtmlNamespace.Html);
        InsertAt(AppropriatePlace(), element);
        open.Add(element);
        return element;
    }

    /// <summary>Inserts an element the markup left out (head, body, tbody, tr, colgroup, p…).</summary>
    private HtmlNode InsertImpliedElement(Tag tag)
    {
        var element = new HtmlNode(KnownNames.NameOf(tag), tag, HtmlNamespace.Html, null);
        InsertAt(AppropriatePlace(), element);
        open.Add(element);
        return element;
    }

    private void InsertForeignElement(Token token, HtmlNamespace ns)
    {
        if (token.Attributes.Count > 0) ForeignNames.AdjustAttributes(token.Attributes, ns);
        var element = CreateElement(token, ns);
        InsertAt(AppropriatePlace(), element);
        open.Add(element);
        if (token.SelfClosing)
        {
            token.SelfClosingAcknowledged = true;
            Pop();
        }
    }

    private void InsertComment(Token token, HtmlNode? parent = null)
    {
        var comment = new HtmlNode(HtmlNodeKind.Comment, token.Name ?? "");
        if (parent is not null) parent.AppendChild(comment);
        else InsertAt(AppropriatePlace(), comment);
    }

    /// <summary>Inserts text, appending to a text node right before the insertion point (so runs merge as in the DOM).</summary>
    private void InsertCharacters(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        var (parent, index) = AppropriatePlace();
        if (parent.Kind == HtmlNodeKind.Document) return;
        var children = parent.ChildList;
        int before = index < 0 ? (children?.Count ?? 0) - 1 : index - 1;
        if (before >= 0 && children![before] is { Kind: HtmlNodeKind.Text } previous)
        {
            previous.Name = string.Concat(previous.Name, text);
            return;
        }
        InsertAt((parent, index), new HtmlNode(HtmlNodeKind.Text, new string(text)));
    }

    /// <summary>The generic raw text / RCDATA element parsing algorithm (§13.2.6.2): &lt;title&gt;, &lt;style&gt;, &lt;textarea&gt;…</summary>
    private void ParseTextElement(Token token, TokenizerState state)
    {
        InsertHtmlElement(token);
        tokenizer.State = state;
        originalMode = mode;
        mode = InsertionMode.Text;
    }

    // ---- the list of active formatting elements ----------------------------------------------------

    private void PushFormatting(HtmlNode element) => formatting.Push(element);

    /// <summary>Reopens formatting elements closed by misnesting (§13.2.4.3), so "&lt;b&gt;&lt;p&gt;x&lt;/b&gt;y" keeps y bold.</summary>
    private void ReconstructActiveFormattingElements()
    {
        int count = formatting.Count;
        if (count == 0) return;
        var last = formatting[count - 1];
        if (last is null || open.Contains(last)) return;
        int i = count - 1;
        while (i > 0)
        {
            var entry = formatting[i - 1];
            if (entry is null || open.Contains(entry)) break;
            i--;
        }
        for (; i < count; i++)
        {
            var entry = formatting[i]!;
            var element = entry.CloneElement();
            InsertAt(AppropriatePlace(), element);
            open.Add(element);
            formatting.Replace(i, element);
        }
    }

    // ---- <select> and <selectedcontent> ------------------------------------------------------------

    /// <summary>
    /// Customizable select: when a selected &lt;option&gt; is closed, its content is copied into the
    /// select's &lt;selectedcontent&gt; (the browser does this as it parses, so the tree has the copy).
    /// </summary>
    private static void MaybeCloneIntoSelectedContent(HtmlNode option)
    {
        HtmlNode? select = option.Parent;
        while (select is not null && !(select.Kind == HtmlNodeKind.Element && IsHtml(select, Tag.Select))) select = select.Parent;
        if (select is null) return;
        var selectedContent = FindFirst(select, Tag.SelectedContent);
        if (selectedContent is null) return;
        if (option.Attribute("selected") is null)
        {
            // without a selected attribute, only the first option is the selected one, and only if no other claims it
            var first = FindFirst(select, Tag.Option);
            if (first != option || HasSelectedOption(select)) return;
        }
        var children = selectedContent.ChildList;
        if (children is not null)
        {
            foreach (var child in children) child.Parent = null;
            children.Clear();
        }
        if (option.ChildList is { } optionChildren)
            foreach (var child in optionChildren) selectedContent.AppendChild(DeepClone(child));
    }

    private static HtmlNode? FindFirst(HtmlNode root, Tag tag)
    {
        if (root.ChildList is null) return null;
        foreach (var child in root.ChildList)
        {
            if (child.Kind != HtmlNodeKind.Element) continue;
            if (IsHtml(child, tag)) return child;
            if (FindFirst(child, tag) is { } found) return found;
        }
        return null;
    }

    private static bool HasSelectedOption(HtmlNode root)
    {
        if (root.ChildList is null) return false;
        foreach (var child in root.ChildList)
        {
            if (child.Kind != HtmlNodeKind.Element) continue;
            if (IsHtml(child, Tag.Option) && child.Attribute("selected") is not null) return true;
            if (HasSelectedOption(child)) return true;
        }
        return false;
    }

    private static HtmlNode DeepClone(HtmlNode node)
    {
        if (node.Kind != HtmlNodeKind.Element) return new HtmlNode(node.Kind, node.Name);
        var clone = node.CloneElement();
        if (node.ChildList is { } children)
            foreach (var child in children) clone.AppendChild(DeepClone(child));
        if (node.TemplateContent is { } content)
        {
            clone.TemplateContent = new HtmlNode(HtmlNodeKind.DocumentFragment, "#document-fragment");
            if (content.ChildList is { } contentChildren)
                foreach (var child in contentChildren) clone.TemplateContent.AppendChild(DeepClone(child));
        }
        return clone;
    }

    // ---- dispatch ----------------------------------------------------------------------------------

    public bool InForeignContent => AdjustedCurrentNode is { } node && node.Namespace != HtmlNamespace.Html;

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';

    private static int LeadingWhitespace(ReadOnlySpan<char> text)
    {
        int i = 0;
        while (i < text.Length && IsWhitespace(text[i])) i++;
        return i;
    }

    /// <summary>Tree construction dispatcher (§13.2.6): the insertion mode's rules, or foreign content's.</summary>
    public void Process(Token token)
    {
        if (token.Kind == TokenKind.Characters)
        {
            var text = token.Text;
            if (skipNextNewline)
            {
                skipNextNewline = false;
                if (text[0] == '\n') text = text[1..];
                if (text.IsEmpty) return;
            }
            if (UseHtmlRules(token)) Characters(mode, text);
            else ForeignCharacters(text);
            return;
        }
        skipNextNewline = false;
        if (UseHtmlRules(token)) Dispatch(mode, token);
        else ForeignToken(token);
        // "stop parsing" pops everything, which matters only to what popping does (<selectedcontent>)
        if (token.Kind == TokenKind.EndOfFile) while (open.Count > 0) Pop();
    }

    private bool UseHtmlRules(Token token)
    {
        var node = AdjustedCurrentNode;
        if (node is null || node.Namespace == HtmlNamespace.Html || token.Kind == TokenKind.EndOfFile) return true;
        bool start = token.Kind == TokenKind.StartTag;
        if (node.Namespace == HtmlNamespace.MathML)
        {
            if (node.Tag is Tag.Mi or Tag.Mo or Tag.Mn or Tag.Ms or Tag.Mtext)
                return token.Kind == TokenKind.Characters || (start && token.Tag is not (Tag.Mglyph or Tag.Malignmark));
            if (node.Tag == Tag.AnnotationXml)
                return (start && token.Tag == Tag.Svg) || (node.IsAnnotationHtml && (start || token.Kind == TokenKind.Characters));
            return false;
        }
        // SVG HTML integration points
        return node.Tag is Tag.ForeignObject or Tag.Desc or Tag.Title && (start || token.Kind == TokenKind.Characters);
    }

    private void Dispatch(InsertionMode m, Token token)
    {
        switch (m)
        {
            case InsertionMode.Initial: Initial(token); break;
            case InsertionMode.BeforeHtml: BeforeHtml(token); break;
            case InsertionMode.BeforeHead: BeforeHead(token); break;
            case InsertionMode.InHead: InHead(token); break;
            case InsertionMode.InHeadNoscript: InHeadNoscript(token); break;
            case InsertionMode.AfterHead: AfterHead(token); break;
            case InsertionMode.InBody: InBody(token); break;
            case InsertionMode.Text: TextMode(token); break;
            case InsertionMode.InTable: InTable(token); break;
            case InsertionMode.InTableText: InTableText(token); break;
            case InsertionMode.InCaption: InCaption(token); break;
            case InsertionMode.InColumnGroup: InColumnGroup(token); break;
            case InsertionMode.InTableBody: InTableBody(token); break;
            case InsertionMode.InRow: InRow(token); break;
            case InsertionMode.InCell: InCell(token); break;
            case InsertionMode.InTemplate: InTemplate(token); break;
            case InsertionMode.AfterBody: AfterBody(token); break;
            case InsertionMode.InFrameset: InFrameset(token); break;
            case InsertionMode.AfterFrameset: AfterFrameset(token); break;
            case InsertionMode.AfterAfterBody: AfterAfterBody(token); break;
            case InsertionMode.AfterAfterFrameset: AfterAfterFrameset(token); break;
        }
    }

    /// <summary>Character runs, by insertion mode. A run is split where a mode treats whitespace and other characters differently.</summary>
    private void Characters(InsertionMode m, ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            switch (m)
            {
                case InsertionMode.Initial:
                case InsertionMode.BeforeHtml:
                case InsertionMode.BeforeHead:
                {
                    text = text[LeadingWhitespace(text)..];
                    if (text.IsEmpty) return;
                    if (m == InsertionMode.Initial)
                    {
                        Error("expected-doctype-but-got-chars");
                        quirks = true;
                        mode = InsertionMode.BeforeHtml;
                    }
                    else if (m == InsertionMode.BeforeHtml) InsertRootElement(null);
                    else { headElement = InsertImpliedElement(Tag.Head); mode = InsertionMode.InHead; }
                    m = mode;
                    continue;
                }
                case InsertionMode.InHead:
                case InsertionMode.InHeadNoscript:
                case InsertionMode.AfterHead:
                case InsertionMode.InColumnGroup:
                {
                    int ws = LeadingWhitespace(text);
                    InsertCharacters(text[..ws]);
                    text = text[ws..];
                    if (text.IsEmpty) return;
                    if (m == InsertionMode.InHead) { Pop(); mode = InsertionMode.AfterHead; }
                    else if (m == InsertionMode.InHeadNoscript) { Error("unexpected-chars-in-noscript"); Pop(); mode = InsertionMode.InHead; }
                    else if (m == InsertionMode.AfterHead) { InsertImpliedElement(Tag.Body); mode = InsertionMode.InBody; }
                    else
                    {
                        if (!CurrentIs(Tag.Colgroup)) { Error("unexpected-chars-in-column-group"); text = text[1..]; continue; }
                        Pop();
                        mode = InsertionMode.InTable;
                    }
                    m = mode;
                    continue;
                }
                case InsertionMode.InBody:
                case InsertionMode.InCaption:
                case InsertionMode.InCell:
                case InsertionMode.InTemplate:
                    BodyCharacters(text);
                    return;
                case InsertionMode.Text:
                    InsertCharacters(text);
                    return;
                case InsertionMode.InTable:
                case InsertionMode.InTableBody:
                case InsertionMode.InRow:
                    if (open.Count > 0 && CurrentNode.Namespace == HtmlNamespace.Html
                        && CurrentNode.Tag is Tag.Table or Tag.Tbody or Tag.Template or Tag.Tfoot or Tag.Thead or Tag.Tr)
                    {
                        pendingTableText.Clear();
                        pendingTableTextHasNonWhitespace = false;
                        originalMode = mode;
                        mode = m = InsertionMode.InTableText;
                        continue;
                    }
                    Error("unexpected-chars-in-table");
                    fosterParenting = true;
                    BodyCharacters(text);
                    fosterParenting = false;
                    return;
                case InsertionMode.InTableText:
                    foreach (char c in text)
                    {
                        if (c == '\0') { Error("unexpected-null-character"); continue; }
                        if (!IsWhitespace(c)) pendingTableTextHasNonWhitespace = true;
                        pendingTableText.Append(c);
                    }
                    return;
                case InsertionMode.AfterBody:
                case InsertionMode.AfterAfterBody:
                {
                    int ws = LeadingWhitespace(text);
                    if (ws > 0) BodyCharacters(text[..ws]);
                    text = text[ws..];
                    if (text.IsEmpty) return;
                    Error("unexpected-chars-after-body");
                    mode = m = InsertionMode.InBody;
                    continue;
                }
                case InsertionMode.InFrameset:
                case InsertionMode.AfterFrameset:
                case InsertionMode.AfterAfterFrameset:
                {
                    // only whitespace survives; every other character is an error and dropped
                    int start = 0;
                    for (int i = 0; i <= text.Length; i++)
                    {
                        if (i < text.Length && IsWhitespace(text[i])) continue;
                        if (i > start)
                        {
                            if (m == InsertionMode.AfterAfterFrameset) BodyCharacters(text[start..i]);
                            else InsertCharacters(text[start..i]);
                        }
                        if (i < text.Length) Error("unexpected-chars-in-frameset");
                        start = i + 1;
                    }
                    return;
                }
            }
        }
    }

    /// <summary>"in body" for characters: NULs dropped; formatting reopened; any non-space ends frameset-ok.</summary>
    private void BodyCharacters(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            int nul = text.IndexOf('\0');
            var run = nul < 0 ? text : text[..nul];
            if (!run.IsEmpty)
            {
                ReconstructActiveFormattingElements();
                InsertCharacters(run);
                if (framesetOk && LeadingWhitespace(run) < run.Length) framesetOk = false;
            }
            if (nul < 0) return;
            Error("unexpected-null-character");
            text = text[(nul + 1)..];
        }
    }
}
