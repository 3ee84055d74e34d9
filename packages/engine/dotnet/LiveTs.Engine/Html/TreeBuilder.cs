namespace LiveTs.Engine.Html;

/// <summary>
/// The HTML tree construction stage (§13.2.6): takes tokens and builds the tree a browser builds,
/// with every error recovery the spec defines (implied tags, misnested formatting, foster-parented
/// table content, foreign content). This file has the state and the shared algorithms; the
/// insertion modes are in the other TreeBuilder.*.cs files, grouped the way the spec groups them.
/// Nodes are ints in an <see cref="HtmlTree"/>; <see cref="HtmlTree.None"/> stands for "no node".
/// Past 600 lines because the algorithms every insertion mode calls (the adoption agency, the
/// formatting-element reconstruction, implied end tags, scope checks) are kept with the state they
/// share rather than spread over the mode files.
/// </summary>
internal sealed partial class TreeBuilder : ITokenSink
{
    private const int None = HtmlTree.None;
    private readonly HtmlTree tree;
    private readonly NameTable names;
    private readonly int document;
    private readonly OpenElementStack open;
    private readonly ActiveFormattingElements formatting;
    private readonly List<InsertionMode> templateModes = [];
    private readonly ParseErrors errors;
    private readonly bool scripting;
    private const int MaxDepth = 512;
    private readonly Tokenizer tokenizer;

    private InsertionMode mode = InsertionMode.Initial;
    private InsertionMode originalMode;
    private int headElement = None;
    private int formElement = None;
    private int context = None; // the fragment case's context element
    private bool framesetOk = true;
    private bool fosterParenting;
    private bool quirks;
    private bool skipNextNewline; // after <pre>, <listing>, <textarea>: a leading newline is dropped
    private bool sawSelectedContent;

    // "in table text": character tokens gathered until something else arrives
    private readonly CharBuffer pendingTableText = new(64);
    private bool pendingTableTextHasNonWhitespace;
    /// <summary>Where the pending text starts in the input while it is one stretch of it (the newline between rows), else -1.</summary>
    private int pendingTableTextStart = -1;

    /// <summary>The gathered "in table text" characters, with their place in the input when they are a stretch of it.</summary>
    private TextRun PendingTableText => new(pendingTableText.Span, pendingTableTextStart);

    private TreeBuilder(ReadOnlySpan<char> html, ParseErrors errors, bool scripting, TreeStoragePool? pool = null, NameTable? names = null)
    {
        this.errors = errors;
        this.scripting = scripting;
        this.names = names ?? new NameTable();
        names = this.names;
        var (storage, length) = TreeStorage.For(html, pool);
        tree = new HtmlTree(storage, length, names);
        document = tree.NewDocument(HtmlNodeKind.Document);
        open = new OpenElementStack(tree);
        formatting = new ActiveFormattingElements(tree);
        tokenizer = new Tokenizer(storage.Source, length, this, errors, names);
    }

    /// <summary>Parses a whole document (§13.2.6 from the initial insertion mode).</summary>
    public static HtmlDocument ParseDocument(string html, bool scripting)
    {
        var errors = new ParseErrors();
        var builder = new TreeBuilder(html, errors, scripting);
        builder.tokenizer.Run();
        return new HtmlDocument(builder.tree, builder.document, builder.quirks, errors);
    }

    /// <summary>
    /// The HTML fragment parsing algorithm (§13.4): parses <paramref name="html"/> as the content of
    /// a <paramref name="contextName"/> element (as innerHTML would) and returns the nodes it made.
    /// </summary>
    public static HtmlFragment ParseFragment(ReadOnlySpan<char> html, string contextName, HtmlNamespace contextNamespace, bool scripting, ParseErrors errors,
        TreeStoragePool? pool = null, HtmlFragment? previous = null, int checkpointSpacing = 0)
    {
        // a parse that may resume from the previous one shares its names, so that ids mean the same
        var builder = new TreeBuilder(html, errors, scripting, pool, previous?.Tree.Names);
        builder.checkpointSpacing = checkpointSpacing;
        builder.nextCheckpoint = checkpointSpacing;
        var tree = builder.tree;
        string lower = contextName.ToLowerInvariant();
        int contextId = builder.names.Intern(lower);
        var contextTag = KnownNames.TagOf(contextId);
        if (contextNamespace == HtmlNamespace.Svg) contextId = ForeignNames.SvgTagName(contextId, builder.names);
        int context = builder.context = tree.NewElement(contextId, contextTag, contextNamespace);
        var tokenizer = builder.tokenizer;
        if (contextNamespace == HtmlNamespace.Html)
            tokenizer.State = contextTag switch
            {
                Tag.Title or Tag.Textarea => TokenizerState.Rcdata,
                Tag.Style or Tag.Xmp or Tag.Iframe or Tag.Noembed or Tag.Noframes => TokenizerState.Rawtext,
                Tag.Noscript when scripting => TokenizerState.Rawtext,
                Tag.Script => TokenizerState.ScriptData,
                Tag.Plaintext => TokenizerState.Plaintext,
                _ => TokenizerState.Data,
            };
        int root = tree.NewElement((int)Tag.Html, Tag.Html, HtmlNamespace.Html);
        tree.AppendChild(builder.document, root);
        builder.open.Add(root);
        if (tree.IsHtml(context, Tag.Template)) builder.templateModes.Add(InsertionMode.InTemplate);
        builder.ResetInsertionMode();
        // the form element pointer: the nearest form from the context up (a context has no parent here)
        if (tree.IsHtml(context, Tag.Form)) builder.formElement = context;
        if (previous is not null)
        {
            builder.TryResume(previous, contextName, contextNamespace);
            builder.PrepareRejoin(previous, contextName, contextNamespace);
        }
        tokenizer.Run();
        return new HtmlFragment(tree, root) { Errors = errors, ContextKey = ContextKey(contextName, contextNamespace, scripting) };
    }

    private void Error(string what, Token? token = null) => errors.Add(what, token?.Offset ?? -1);

    // ---- the stack of open elements ----------------------------------------------------------------

    private int CurrentNode => open.Top;

    /// <summary>The context element stands in for the root while only the root is open (fragment case).</summary>
    private int AdjustedCurrentNode =>
        open.Count == 0 ? None : context != None && open.Count == 1 ? context : open.Top;

    private bool IsHtml(int node, Tag tag) => tree.IsHtml(node, tag);

    private HtmlNamespace Ns(int node) => tree.Namespace(node);

    private Tag TagOf(int node) => tree.Tag(node);

    private bool CurrentIs(Tag tag) => open.Count > 0 && IsHtml(open.Top, tag);

    private void Pop()
    {
        var node = open.Top;
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
            if (Ns(node) == HtmlNamespace.Html && ElementCategories.IsHeading(TagOf(node))) return;
        }
    }

    private void PopUntilNode(int target)
    {
        while (open.Count > 0)
        {
            var node = CurrentNode;
            Pop();
            if (node == target) return;
        }
    }

    private void RemoveFromStack(int node) => open.Remove(node);

    private bool StackHas(Tag tag) => tag != Tag.Unknown ? open.CountOf(tag) > 0 : false;

    private enum Scope : byte { Default, ListItem, Button, Table, Select }

    /// <summary>The element types that end a scope search (§13.2.4.2).</summary>
    private bool IsScopeBoundary(int node, Scope scope)
    {
        var tag = TagOf(node);
        switch (Ns(node))
        {
            case HtmlNamespace.Html:
                return scope switch
                {
                    Scope.Default => ElementCategories.IsScopeBoundary(tag),
                    Scope.ListItem => ElementCategories.IsScopeBoundary(tag) || tag is Tag.Ol or Tag.Ul,
                    Scope.Button => ElementCategories.IsScopeBoundary(tag) || tag == Tag.Button,
                    Scope.Table => tag is Tag.Html or Tag.Table or Tag.Template,
                    _ => tag is not (Tag.Optgroup or Tag.Option),
                };
            case HtmlNamespace.MathML:
                return scope is not (Scope.Table or Scope.Select) ? tag is Tag.Mi or Tag.Mo or Tag.Mn or Tag.Ms or Tag.Mtext or Tag.AnnotationXml : scope == Scope.Select;
            default:
                return scope is not (Scope.Table or Scope.Select) ? tag is Tag.ForeignObject or Tag.Desc or Tag.Title : scope == Scope.Select;
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
            var tag = TagOf(node);
            if (Ns(node) == HtmlNamespace.Html && (tag == a || tag == b || (c != Tag.Unknown && tag == c))) return true;
            if (IsScopeBoundary(node, Scope.Table)) return false;
        }
        return false;
    }

    private bool HasNodeInScope(int target)
    {
        if (!tree.IsOpen(target)) return false;
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
            if (Ns(node) == HtmlNamespace.Html && ElementCategories.IsHeading(TagOf(node))) return true;
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
            if (Ns(node) != HtmlNamespace.Html || TagOf(node) == except || !ElementCategories.HasImpliedEndTag(TagOf(node))) return;
            Pop();
        }
    }

    private void GenerateImpliedEndTagsThoroughly()
    {
        while (open.Count > 0)
        {
            var node = CurrentNode;
            if (Ns(node) != HtmlNamespace.Html || !ElementCategories.HasImpliedEndTagThoroughly(TagOf(node))) return;
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
            if (last && context != None) node = context;
            if (Ns(node) == HtmlNamespace.Html)
            {
                switch (TagOf(node))
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
                    case Tag.Html: mode = headElement == None ? InsertionMode.BeforeHead : InsertionMode.AfterHead; return;
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
    /// anything for a template goes into its content fragment. <c>Before</c> is the node to insert
    /// before, or None for "append".
    /// </summary>
    private (int Parent, int Before) AppropriatePlace(int overrideTarget = None)
    {
        var target = overrideTarget != None ? overrideTarget : CurrentNode;
        int parent;
        int before = None;
        if (fosterParenting && Ns(target) == HtmlNamespace.Html && TagOf(target) is Tag.Table or Tag.Tbody or Tag.Tfoot or Tag.Thead or Tag.Tr)
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
            else if (tree.Parent(open[lastTable]) is var tableParent and not None)
            {
                parent = tableParent;
                before = open[lastTable];
            }
            else parent = open[lastTable - 1];
        }
        else parent = target;
        // Chromium's limit (kMaximumHTMLParserDOMTreeDepth): past 512 open elements, new nodes go
        // next to the current node instead of into it. It keeps hostile nesting from making a tree
        // so deep that walking it overflows the stack, and it is what the browser builds.
        if (open.Count > MaxDepth && before == None && tree.Parent(parent) is var grandparent and not None
            && tree.Kind(grandparent) == HtmlNodeKind.Element) parent = grandparent;
        if (IsHtml(parent, Tag.Template) && tree.TemplateContent(parent) is var content and not None) return (content, None);
        return (parent, before);
    }

    private void InsertAt((int Parent, int Before) place, int node)
    {
        if (place.Before == None) tree.AppendChild(place.Parent, node);
        else tree.InsertBefore(place.Parent, node, place.Before);
    }

    private int CreateElement(Token token, HtmlNamespace ns)
    {
        int name = token.NameId;
        bool annotationHtml = false;
        if (ns == HtmlNamespace.Svg) name = ForeignNames.SvgTagName(name, names);
        else if (ns == HtmlNamespace.MathML && token.Tag == Tag.AnnotationXml && token.TryGetAttribute(KnownNames.Encoding, out var encoding))
            annotationHtml = encoding.Equals("text/html", StringComparison.OrdinalIgnoreCase)
                || encoding.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase);
        int firstAttribute = token.AttributeCount == 0 ? 0 : tree.AddAttributes(token);
        var element = tree.NewElement(name, token.Tag, ns, firstAttribute, token.AttributeCount, annotationHtml);
        if (ns == HtmlNamespace.Html && token.Tag == Tag.Template) tree.AddTemplateContent(element);
        if (ns == HtmlNamespace.Html && token.Tag == Tag.SelectedContent) sawSelectedContent = tree.ChangesClosedElements = true;
        return element;
    }

    private int InsertHtmlElement(Token token)
    {
        var element = CreateElement(token, HtmlNamespace.Html);
        InsertAt(AppropriatePlace(), element);
        open.Add(element);
        return element;
    }

    /// <summary>Inserts an element the markup left out (head, body, tbody, tr, colgroup, p…).</summary>
    private int InsertImpliedElement(Tag tag)
    {
        var element = tree.NewElement((int)tag, tag, HtmlNamespace.Html);
        InsertAt(AppropriatePlace(), element);
        open.Add(element);
        return element;
    }

    private void InsertForeignElement(Token token, HtmlNamespace ns)
    {
        if (token.AttributeCount > 0) ForeignNames.AdjustAttributes(token, ns, names);
        var element = CreateElement(token, ns);
        InsertAt(AppropriatePlace(), element);
        open.Add(element);
        if (token.SelfClosing)
        {
            token.SelfClosingAcknowledged = true;
            Pop();
        }
    }

    private void InsertComment(Token token, int parent = None)
    {
        var comment = tree.NewComment(token.Text);
        if (parent != None) tree.AppendChild(parent, comment);
        else InsertAt(AppropriatePlace(), comment);
    }

    /// <summary>Inserts text, appending to a text node right before the insertion point (so runs merge as in the DOM).</summary>
    private void InsertCharacters(TextRun text)
    {
        if (text.IsEmpty) return;
        var (parent, before) = AppropriatePlace();
        if (tree.Kind(parent) == HtmlNodeKind.Document) return;
        int previous = before == None ? tree.LastChild(parent) : tree.Prev(before);
        if (previous != None && tree.Kind(previous) == HtmlNodeKind.Text)
        {
            tree.AppendText(previous, text);
            return;
        }
        InsertAt((parent, before), tree.NewText(text));
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

    private void PushFormatting(int element) => formatting.Push(element);

    /// <summary>Reopens formatting elements closed by misnesting (§13.2.4.3), so "&lt;b&gt;&lt;p&gt;x&lt;/b&gt;y" keeps y bold.</summary>
    private void ReconstructActiveFormattingElements()
    {
        int count = formatting.Count;
        if (count == 0) return;
        var last = formatting[count - 1];
        if (last == ActiveFormattingElements.Marker || open.Contains(last)) return;
        int i = count - 1;
        while (i > 0)
        {
            var entry = formatting[i - 1];
            if (entry == ActiveFormattingElements.Marker || open.Contains(entry)) break;
            i--;
        }
        for (; i < count; i++)
        {
            var element = tree.CloneElement(formatting[i]);
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
    private void MaybeCloneIntoSelectedContent(int option)
    {
        int select = tree.Parent(option);
        while (select != None && !IsHtml(select, Tag.Select)) select = tree.Parent(select);
        if (select == None) return;
        var selectedContent = FindFirst(select, Tag.SelectedContent);
        if (selectedContent == None) return;
        if (tree.FindAttribute(option, KnownNames.Selected) < 0)
        {
            // without a selected attribute, only the first option is the selected one, and only if no other claims it
            var first = FindFirst(select, Tag.Option);
            if (first != option || HasSelectedOption(select)) return;
        }
        tree.ClearChildren(selectedContent);
        for (int child = tree.FirstChild(option); child != None; child = tree.Next(child))
            tree.AppendChild(selectedContent, tree.DeepClone(child));
    }

    private int FindFirst(int root, Tag tag)
    {
        for (int child = tree.FirstChild(root); child != None; child = tree.Next(child))
        {
            if (tree.Kind(child) != HtmlNodeKind.Element) continue;
            if (IsHtml(child, tag)) return child;
            if (FindFirst(child, tag) is var found and not None) return found;
        }
        return None;
    }

    private bool HasSelectedOption(int root)
    {
        for (int child = tree.FirstChild(root); child != None; child = tree.Next(child))
        {
            if (tree.Kind(child) != HtmlNodeKind.Element) continue;
            if (IsHtml(child, Tag.Option) && tree.FindAttribute(child, KnownNames.Selected) >= 0) return true;
            if (HasSelectedOption(child)) return true;
        }
        return false;
    }

    // ---- dispatch ----------------------------------------------------------------------------------

    public bool InForeignContent => AdjustedCurrentNode is var node and not None && Ns(node) != HtmlNamespace.Html;

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';

    private static int LeadingWhitespace(TextRun text) => LeadingWhitespace(text.Span);

    private static int LeadingWhitespace(ReadOnlySpan<char> text)
    {
        int i = 0;
        while (i < text.Length && IsWhitespace(text[i])) i++;
        return i;
    }

    /// <summary>Tree construction dispatcher (§13.2.6): the insertion mode's rules, or foreign content's.</summary>
    public void Process(Token token)
    {
        tree.Position = tokenizer.Position;
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
        else if (token.Kind == TokenKind.EndTag)
        {
            if (tree.Position >= rejoinAt && TryRejoin()) return;
            if (checkpointSpacing > 0 && tree.Position >= nextCheckpoint) MaybeCheckpoint();
        }
    }

    private bool UseHtmlRules(Token token)
    {
        // nearly always: the current node is an HTML element (and not the fragment's stand-in root)
        if (open.Count > 1 && (open.ForeignCount == 0 || Ns(open.Top) == HtmlNamespace.Html)) return true;
        var node = AdjustedCurrentNode;
        if (node == None || Ns(node) == HtmlNamespace.Html || token.Kind == TokenKind.EndOfFile) return true;
        bool start = token.Kind == TokenKind.StartTag;
        var tag = TagOf(node);
        if (Ns(node) == HtmlNamespace.MathML)
        {
            if (tag is Tag.Mi or Tag.Mo or Tag.Mn or Tag.Ms or Tag.Mtext)
                return token.Kind == TokenKind.Characters || (start && token.Tag is not (Tag.Mglyph or Tag.Malignmark));
            if (tag == Tag.AnnotationXml)
                return (start && token.Tag == Tag.Svg) || (tree.IsAnnotationHtml(node) && (start || token.Kind == TokenKind.Characters));
            return false;
        }
        // SVG HTML integration points
        return tag is Tag.ForeignObject or Tag.Desc or Tag.Title && (start || token.Kind == TokenKind.Characters);
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
    private void Characters(InsertionMode m, TextRun text)
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
                    if (open.Count > 0 && Ns(CurrentNode) == HtmlNamespace.Html
                        && TagOf(CurrentNode) is Tag.Table or Tag.Tbody or Tag.Template or Tag.Tfoot or Tag.Thead or Tag.Tr)
                    {
                        pendingTableText.Clear();
                        pendingTableTextStart = -1;
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
                {
                    bool contiguous = text.SourceStart >= 0 && (pendingTableText.Length == 0
                        ? (pendingTableTextStart = text.SourceStart) >= 0
                        : pendingTableTextStart >= 0 && pendingTableTextStart + pendingTableText.Length == text.SourceStart);
                    foreach (char c in text.Span)
                    {
                        if (c == '\0') { Error("unexpected-null-character"); contiguous = false; continue; }
                        if (!IsWhitespace(c)) pendingTableTextHasNonWhitespace = true;
                        pendingTableText.Append(c);
                    }
                    if (!contiguous) pendingTableTextStart = -1;
                    return;
                }
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
    private void BodyCharacters(TextRun text)
    {
        while (!text.IsEmpty)
        {
            int nul = tokenizer.HasNul ? text.Span.IndexOf('\0') : -1;
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
