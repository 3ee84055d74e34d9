namespace LiveTs.Engine.Html;

/// <summary>Node types the parser produces (the DOM's, minus the ones HTML parsing never makes).</summary>
internal enum HtmlNodeKind : byte { Element, Text, Comment, Doctype, Document, DocumentFragment }

/// <summary>The namespace of an element: HTML, or SVG / MathML for elements inside &lt;svg&gt; / &lt;math&gt;.</summary>
internal enum HtmlNamespace : byte { Html, Svg, MathML }

/// <summary>
/// One parse of a plain-HTML render, stored flat: nodes are ints indexing arrays of structs, names
/// are ids (<see cref="NameTable"/>), and text and attribute values are offsets into the input the
/// tree was parsed from, or into one char array for what a character reference changed. A parse
/// of a 300 KB page therefore makes a handful of arrays instead of tens of thousands of objects,
/// and none of them holds a reference, so the GC never walks a tree (docs/architecture.md,
/// "Renders"). Nodes link to parent, siblings and first/last child, which is what the tree
/// builder's moves (foster parenting, the adoption agency) need in O(1).
/// <para>
/// Data locations: a start ≥ 0 is an offset into <see cref="Source"/>; a negative one is
/// <c>~offset</c> into the tree's own chars.
/// </para>
/// <para>
/// The arrays, the input's copy included, are a <see cref="TreeStorage"/>: a renderer builds a
/// connection's next parse in the storage of a parse no one reads any more
/// (<see cref="TreeStoragePool"/>), so re-parsing a big page allocates almost nothing. A released
/// tree drops its arrays, so code that still read it would fail at once instead of reading
/// another page's nodes.
/// </para>
/// </summary>
internal sealed partial class HtmlTree
{
    public const int None = -1;

    [Flags]
    internal enum NodeFlags : byte { None = 0, Open = 1, AnnotationHtml = 2, HasContent = 4 }

    internal struct Node
    {
        public int Parent, FirstChild, LastChild, Next, Prev;
        /// <summary>Text and comment: the data's location. Element: the first attribute.</summary>
        public int Start;
        /// <summary>Text and comment: the data's length. Element: the attribute count.</summary>
        public int Length;
        /// <summary>Element: the name id. Doctype: its index in the doctype list.</summary>
        public int Name;
        /// <summary>Element: the input position when it was last popped off the stack of open elements (int.MaxValue while open or never pushed).</summary>
        public int ClosedAt;
        public Tag Tag;
        /// <summary>Element: which attribute is its key (id, else ts-key), or -1; read for every node a diff compares.</summary>
        public short Key;
        public HtmlNodeKind Kind;
        public HtmlNamespace Namespace;
        public NodeFlags Flags;
    }

    internal struct Attribute
    {
        public int Name, Start, Length;
    }

    private TreeStorage storage;
    private char[] source;
    private readonly int sourceLength;
    private Node[] nodes;
    private int nodeCount;
    private Attribute[] attributes;
    private int attributeCount;
    private char[] chars;
    private int charCount;
    private List<ParseCheckpoint>? checkpoints;
    /// <summary>The node count of the last checkpoint: changes to nodes below it other than the recorded kinds drop checkpoints.</summary>
    private int checkpointNodes;
    private Dictionary<int, int>? templateContents;
    private List<(string Name, string? PublicId, string? SystemId)>? doctypes;

    /// <summary>A tree for the first <paramref name="sourceLength"/> chars of <paramref name="storage"/>'s source (the preprocessed input).</summary>
    public HtmlTree(TreeStorage storage, int sourceLength, NameTable names)
    {
        this.storage = storage;
        source = storage.Source;
        this.sourceLength = sourceLength;
        Names = names;
        // Sized so that a page's parse rarely grows an array: a node per 16 chars and an attribute
        // per 24 (a table's rows have one per 18 and 30); the tree's own chars hold what character
        // references changed (they grow as needed, and a reused storage keeps what they grew to).
        nodes = storage.Nodes = Fit(storage.Nodes, Math.Max(16, sourceLength / 16));
        attributes = storage.Attributes = Fit(storage.Attributes, Math.Max(8, sourceLength / 24));
        chars = storage.Chars = Fit(storage.Chars, Math.Max(64, sourceLength / 16));
    }

    /// <summary>A reused array when it is long enough, else a new one (reused arrays are not cleared: every slot is written before it is read).</summary>
    private static T[] Fit<T>(T[] array, int length) => array.Length >= length ? array : new T[length];

    /// <summary>The (preprocessed) input the tree was parsed from.</summary>
    public ReadOnlySpan<char> Source => source.AsSpan(0, sourceLength);

    public NameTable Names { get; }

    // ---- reading -------------------------------------------------------------------------------

    public HtmlNodeKind Kind(int node) => nodes[node].Kind;
    public Tag Tag(int node) => nodes[node].Tag;
    public HtmlNamespace Namespace(int node) => nodes[node].Namespace;
    public int NameId(int node) => nodes[node].Name;
    public int Parent(int node) => nodes[node].Parent;
    public int FirstChild(int node) => nodes[node].FirstChild;
    public int LastChild(int node) => nodes[node].LastChild;
    public int Next(int node) => nodes[node].Next;
    public int Prev(int node) => nodes[node].Prev;

    /// <summary>An element's local name (lower case for HTML; SVG keeps its camelCase, e.g. foreignObject).</summary>
    public string Name(int node) => Names[nodes[node].Name];

    public bool IsHtml(int node, Tag tag)
    {
        ref readonly var n = ref nodes[node];
        return n.Tag == tag && n.Namespace == HtmlNamespace.Html && n.Kind == HtmlNodeKind.Element;
    }

    /// <summary>A text or comment node's data.</summary>
    public ReadOnlySpan<char> Text(int node)
    {
        ref readonly var n = ref nodes[node];
        return Chars(n.Start, n.Length);
    }

    private ReadOnlySpan<char> Chars(int start, int length) =>
        start >= 0 ? source.AsSpan(start, length) : chars.AsSpan(~start, length);

    public int ChildCount(int node)
    {
        int count = 0;
        for (int c = nodes[node].FirstChild; c != None; c = nodes[c].Next) count++;
        return count;
    }

    public int AttributeCount(int element) => nodes[element].Kind == HtmlNodeKind.Element ? nodes[element].Length : 0;

    /// <summary>The <paramref name="i"/>th attribute's name id of <paramref name="element"/>.</summary>
    public int AttributeName(int element, int i) => attributes[nodes[element].Start + i].Name;

    public ReadOnlySpan<char> AttributeValue(int element, int i)
    {
        ref readonly var a = ref attributes[nodes[element].Start + i];
        return Chars(a.Start, a.Length);
    }

    /// <summary>The index of the attribute with name id <paramref name="name"/> (of this tree's table), or -1.</summary>
    public int FindAttribute(int element, int name)
    {
        ref readonly var n = ref nodes[element];
        if (n.Kind != HtmlNodeKind.Element) return -1;
        for (int i = 0; i < n.Length; i++)
            if (attributes[n.Start + i].Name == name) return i;
        return -1;
    }

    /// <summary>
    /// The node's identity for keyed diffing: the value of its id, else of its ts-key
    /// (docs/design.md §2.4); false for nodes without one.
    /// </summary>
    public bool TryGetKey(int node, out ReadOnlySpan<char> key)
    {
        ref readonly var n = ref nodes[node];
        if (n.Key < 0)
        {
            key = default;
            return false;
        }
        ref readonly var a = ref attributes[n.Start + n.Key];
        key = Chars(a.Start, a.Length);
        return true;
    }

    private short FindKey(int first, int count)
    {
        int key = -1;
        for (int i = 0; i < Math.Min(count, short.MaxValue); i++)
        {
            int name = attributes[first + i].Name;
            if (name == KnownNames.Id) return (short)i;
            if (name == KnownNames.TsKey && key < 0) key = i;
        }
        return (short)key;
    }

    public bool IsOpen(int node) => (nodes[node].Flags & NodeFlags.Open) != 0;

    /// <summary>The element was pushed onto the stack of open elements.</summary>
    public void SetOpened(int node)
    {
        if (node < checkpointNodes) Touched(node);
        nodes[node].Flags |= NodeFlags.Open;
        nodes[node].ClosedAt = int.MaxValue;
    }

    /// <summary>The element left the stack: popped off its top (its subtree is final from now on), or taken from the middle (it is not).</summary>
    public void SetClosed(int node, bool popped)
    {
        nodes[node].Flags &= ~NodeFlags.Open;
        nodes[node].ClosedAt = popped ? Position : int.MaxValue;
    }

    /// <summary>How far the tokenizer had read when the tree builder got the token it is building from.</summary>
    public int Position { get; set; }

    /// <summary>
    /// Where the tokenizer was when the element was popped off the stack of open elements, or
    /// int.MaxValue (also for one taken from the middle of the stack). A popped element's subtree
    /// never changes again (the tree builder only inserts under open elements, whose ancestors are
    /// lower on the stack, and only moves whole subtrees) unless <see cref="ChangesClosedElements"/>,
    /// and the parse up to a position depends on nothing after it: so an element of two parses of
    /// inputs that agree up to well past that position is the same in both (Diffing/HtmlTreeDiffer.cs).
    /// </summary>
    public int ClosedAt(int element) => nodes[element].ClosedAt;

    /// <summary>Set when the parse changed a popped element (a &lt;selectedcontent&gt; copies the selected option when it closes).</summary>
    public bool ChangesClosedElements { get; set; }

    /// <summary>A MathML annotation-xml whose encoding is text/html or application/xhtml+xml: HTML content inside.</summary>
    public bool IsAnnotationHtml(int node) => (nodes[node].Flags & NodeFlags.AnnotationHtml) != 0;

    /// <summary>The content fragment of a &lt;template&gt; element (its children are not the element's, as in the DOM), or None.</summary>
    public int TemplateContent(int node) =>
        (nodes[node].Flags & NodeFlags.HasContent) != 0 ? templateContents![node] : None;

    public (string Name, string? PublicId, string? SystemId) Doctype(int node) => doctypes![nodes[node].Name];

    // ---- building ------------------------------------------------------------------------------

    private int NewNode(HtmlNodeKind kind)
    {
        if (nodeCount == nodes.Length) storage.Nodes = Grown(ref nodes, nodes.Length * 3 / 2 + 16);
        int id = nodeCount++;
        nodes[id] = new Node { Kind = kind, Parent = None, FirstChild = None, LastChild = None, Next = None, Prev = None, Key = -1, ClosedAt = int.MaxValue };
        return id;
    }

    /// <summary>Grows an array (the storage keeps the bigger one for the parses after this one).</summary>
    private static T[] Grown<T>(ref T[] array, int length)
    {
        Array.Resize(ref array, length);
        return array;
    }

    public int NewDocument(HtmlNodeKind kind) => NewNode(kind);

    /// <summary>A new element whose attributes are <paramref name="firstAttribute"/> and the <paramref name="attributeCount"/> - 1 after it.</summary>
    public int NewElement(int name, Tag tag, HtmlNamespace ns, int firstAttribute = 0, int attributeCount = 0, bool annotationHtml = false)
    {
        int id = NewNode(HtmlNodeKind.Element);
        ref var n = ref nodes[id];
        n.Name = name;
        n.Tag = tag;
        n.Namespace = ns;
        n.Start = firstAttribute;
        n.Length = attributeCount;
        if (attributeCount > 0) n.Key = FindKey(firstAttribute, attributeCount);
        if (annotationHtml) n.Flags = NodeFlags.AnnotationHtml;
        return id;
    }

    /// <summary>Stores the attributes of <paramref name="token"/>; returns the first one's index, for <see cref="NewElement"/>.</summary>
    public int AddAttributes(Token token)
    {
        int first = attributeCount, count = token.AttributeCount;
        if (attributeCount + count > attributes.Length)
            storage.Attributes = Grown(ref attributes, Math.Max(attributes.Length * 3 / 2 + 8, attributeCount + count));
        var from = token.Attributes;
        for (int i = 0; i < count; i++)
        {
            // a value that is a stretch of the input is stored as its offset, as it came
            int start = from[i].Start >= 0 ? from[i].Start : Store(token.Value(i));
            attributes[attributeCount++] = new Attribute { Name = from[i].Name, Start = start, Length = from[i].Length };
        }
        return first;
    }

    private void AddAttribute(int name, TextRun value)
    {
        if (attributeCount == attributes.Length) storage.Attributes = Grown(ref attributes, attributes.Length * 3 / 2 + 8);
        attributes[attributeCount++] = new Attribute { Name = name, Start = Store(value), Length = value.Length };
    }

    /// <summary>
    /// Adds the token's attributes the element lacks (a second &lt;html&gt; or &lt;body&gt; tag). The element's
    /// attributes move to the end of the array, so clones that shared them keep theirs.
    /// </summary>
    public void AddMissingAttributes(int element, Token token)
    {
        if (element < checkpointNodes) Touched(element);
        ref var n = ref nodes[element];
        int first = attributeCount, count = n.Length;
        for (int i = 0; i < count; i++)
        {
            if (attributeCount == attributes.Length) storage.Attributes = Grown(ref attributes, attributes.Length * 3 / 2 + 8);
            attributes[attributeCount++] = attributes[n.Start + i];
        }
        for (int i = 0; i < token.AttributeCount; i++)
        {
            if (FindAttributeIn(first, attributeCount - first, token.Attributes[i].Name)) continue;
            AddAttribute(token.Attributes[i].Name, token.Value(i));
        }
        nodes[element].Start = first;
        nodes[element].Length = attributeCount - first;
        nodes[element].Key = FindKey(first, attributeCount - first);
    }

    private bool FindAttributeIn(int first, int count, int name)
    {
        for (int i = 0; i < count; i++) if (attributes[first + i].Name == name) return true;
        return false;
    }

    /// <summary>A new element with the same name, namespace and attributes (the adoption agency's "element for the same token").</summary>
    public int CloneElement(int element)
    {
        ref readonly var n = ref nodes[element];
        return NewElement(n.Name, n.Tag, n.Namespace, n.Start, n.Length, (n.Flags & NodeFlags.AnnotationHtml) != 0);
    }

    public int NewText(TextRun text)
    {
        int start = Store(text);
        int id = NewNode(HtmlNodeKind.Text);
        nodes[id].Start = start;
        nodes[id].Length = text.Length;
        return id;
    }

    public int NewComment(TextRun data)
    {
        int id = NewText(data);
        nodes[id].Kind = HtmlNodeKind.Comment;
        return id;
    }

    public int NewDoctype(string name, string? publicId, string? systemId)
    {
        int id = NewNode(HtmlNodeKind.Doctype);
        doctypes ??= [];
        nodes[id].Name = doctypes.Count;
        doctypes.Add((name, publicId, systemId));
        return id;
    }

    /// <summary>Gives a &lt;template&gt; element its content fragment.</summary>
    public int AddTemplateContent(int template)
    {
        int content = NewNode(HtmlNodeKind.DocumentFragment);
        (templateContents ??= [])[template] = content;
        nodes[template].Flags |= NodeFlags.HasContent;
        return content;
    }

    /// <summary>Where the characters go: their offset in the input when they are a stretch of it, else a copy in the tree's chars.</summary>
    private int Store(TextRun text)
    {
        if (text.SourceStart >= 0) return text.SourceStart;
        int at = charCount;
        Reserve(text.Length);
        text.Span.CopyTo(chars.AsSpan(at));
        charCount += text.Length;
        return ~at;
    }

    private void Reserve(int more)
    {
        if (charCount + more > chars.Length) storage.Chars = Grown(ref chars, Math.Max(chars.Length * 2, charCount + more));
    }

    /// <summary>Appends characters to a text node (text inserted next to text merges, as in the DOM).</summary>
    public void AppendText(int node, TextRun text)
    {
        // only the last child of an open element is recorded by a checkpoint
        if (node < checkpointNodes && (nodes[node].Parent is var parent && (parent == None
            || (nodes[parent].Flags & NodeFlags.Open) == 0 || nodes[parent].LastChild != node))) Touched(node);
        ref var n = ref nodes[node];
        if (n.Start >= 0 && text.SourceStart == n.Start + n.Length)
        {
            n.Length += text.Length; // the next stretch of the input: still a slice
            return;
        }
        if (n.Start >= 0 || ~n.Start + n.Length != charCount)
        {
            // not at the end of the chars: copy what the node has there first
            int at = charCount;
            Reserve(n.Length);
            Chars(n.Start, n.Length).CopyTo(chars.AsSpan(at));
            charCount += n.Length;
            nodes[node].Start = ~at;
        }
        Reserve(text.Length);
        text.Span.CopyTo(chars.AsSpan(charCount));
        charCount += text.Length;
        nodes[node].Length += text.Length;
    }

    public void AppendChild(int parent, int child)
    {
        if (child < checkpointNodes) Touched(child);
        if (parent < checkpointNodes && (nodes[parent].Flags & NodeFlags.Open) == 0) Touched(parent);
        ref var p = ref nodes[parent];
        ref var c = ref nodes[child];
        c.Parent = parent;
        c.Next = None;
        c.Prev = p.LastChild;
        if (p.LastChild == None) p.FirstChild = child;
        else nodes[p.LastChild].Next = child;
        p.LastChild = child;
    }

    /// <summary>Inserts <paramref name="child"/> into <paramref name="parent"/> right before <paramref name="reference"/>, one of its children.</summary>
    public void InsertBefore(int parent, int child, int reference)
    {
        if (Math.Min(Math.Min(parent, child), reference) < checkpointNodes) Touched(Math.Min(Math.Min(parent, child), reference));
        ref var c = ref nodes[child];
        int prev = nodes[reference].Prev;
        c.Parent = parent;
        c.Next = reference;
        c.Prev = prev;
        nodes[reference].Prev = child;
        if (prev == None) nodes[parent].FirstChild = child;
        else nodes[prev].Next = child;
    }

    /// <summary>Takes a node out of its parent (nothing when it has none).</summary>
    public void Detach(int child)
    {
        if (child < checkpointNodes) Touched(child);
        ref var c = ref nodes[child];
        int parent = c.Parent;
        if (parent == None) return;
        if (c.Prev == None) nodes[parent].FirstChild = c.Next;
        else nodes[c.Prev].Next = c.Next;
        if (c.Next == None) nodes[parent].LastChild = c.Prev;
        else nodes[c.Next].Prev = c.Prev;
        c.Parent = c.Next = c.Prev = None;
    }

    /// <summary>Moves every child of <paramref name="from"/>, in order, to the end of <paramref name="to"/>.</summary>
    public void MoveChildren(int from, int to)
    {
        if (Math.Min(from, to) < checkpointNodes) Touched(Math.Min(from, to));
        int child = nodes[from].FirstChild;
        nodes[from].FirstChild = nodes[from].LastChild = None;
        while (child != None)
        {
            int next = nodes[child].Next;
            AppendChild(to, child);
            child = next;
        }
    }

    /// <summary>Removes every child of <paramref name="parent"/>.</summary>
    public void ClearChildren(int parent)
    {
        if (parent < checkpointNodes) Touched(parent);
        int child = nodes[parent].FirstChild;
        while (child != None)
        {
            int next = nodes[child].Next;
            nodes[child].Parent = nodes[child].Next = nodes[child].Prev = None;
            child = next;
        }
        nodes[parent].FirstChild = nodes[parent].LastChild = None;
    }

    /// <summary>A copy of a node and its subtree (and a template's content), unattached.</summary>
    public int DeepClone(int node)
    {
        ref readonly var n = ref nodes[node];
        int clone;
        switch (n.Kind)
        {
            case HtmlNodeKind.Element:
                clone = CloneElement(node);
                break;
            case HtmlNodeKind.Text or HtmlNodeKind.Comment:
                clone = NewNode(n.Kind);
                nodes[clone].Start = nodes[node].Start;
                nodes[clone].Length = nodes[node].Length;
                return clone;
            default:
                clone = NewNode(n.Kind);
                nodes[clone].Name = nodes[node].Name;
                return clone;
        }
        for (int c = nodes[node].FirstChild; c != None; c = nodes[c].Next) AppendChild(clone, DeepClone(c));
        if (TemplateContent(node) is var content and not None)
        {
            int contentClone = AddTemplateContent(clone);
            for (int c = nodes[content].FirstChild; c != None; c = nodes[c].Next) AppendChild(contentClone, DeepClone(c));
        }
        return clone;
    }

    // ---- reuse ---------------------------------------------------------------------------------

    /// <summary>
    /// Hands the tree's arrays to <paramref name="pool"/> for another parse. Only for a tree nothing
    /// reads any more: afterwards every read of it fails.
    /// </summary>
    public void Release(TreeStoragePool pool)
    {
        if (storage is null) return;
        pool.Return(storage);
        storage = null!;
        source = null!;
        nodes = null!;
        attributes = null!;
        chars = null!;
    }

    // ---- checkpoints (TreeBuilder.Resume.cs) ---------------------------------------------------

    public int NodeCount => nodeCount;

    /// <summary>Where the parse started from a previous parse's checkpoint, or -1 (it parsed from the start).</summary>
    public int ResumedAt { get; private set; } = -1;

    public bool HasTemplatesOrDoctypes => templateContents is not null || doctypes is not null;

    /// <summary>The parse's checkpoints that still hold, oldest first.</summary>
    public IReadOnlyList<ParseCheckpoint> Checkpoints => (IReadOnlyList<ParseCheckpoint>?)checkpoints ?? [];

    public ParseCheckpoint Checkpoint(int position, InsertionMode mode, InsertionMode originalMode, int head, int form,
        bool framesetOk, bool quirks, int lastStartTag, OpenElementStack open, ActiveFormattingElements formatting)
    {
        var openIds = new int[open.Count];
        var children = new int[open.Count * 4];
        for (int i = 0; i < openIds.Length; i++)
        {
            int e = openIds[i] = open[i];
            int last = nodes[e].LastChild;
            children[i * 4] = nodes[e].FirstChild;
            children[i * 4 + 1] = last;
            children[i * 4 + 2] = last == None ? 0 : nodes[last].Start;
            children[i * 4 + 3] = last == None ? 0 : nodes[last].Length;
        }
        var entries = new int[formatting.Count];
        for (int i = 0; i < entries.Length; i++) entries[i] = formatting[i];
        return new ParseCheckpoint
        {
            Position = position, NodeCount = nodeCount, AttributeCount = attributeCount, CharCount = charCount,
            Mode = mode, OriginalMode = originalMode, HeadElement = head, FormElement = form,
            FramesetOk = framesetOk, Quirks = quirks, LastStartTag = lastStartTag,
            Open = openIds, Formatting = entries, Children = children,
        };
    }

    public void AddCheckpoint(ParseCheckpoint checkpoint)
    {
        (checkpoints ??= []).Add(checkpoint);
        checkpointNodes = checkpoint.NodeCount;
    }

    /// <summary>A node below the last checkpoint changed in a way no checkpoint records: the checkpoints it predates are dropped.</summary>
    private void Touched(int node)
    {
        while (checkpoints!.Count > 0 && checkpoints[^1].NodeCount > node) checkpoints.RemoveAt(checkpoints.Count - 1);
        checkpointNodes = checkpoints.Count > 0 ? checkpoints[^1].NodeCount : 0;
    }

    /// <summary>
    /// Makes this (new, empty) tree the tree <paramref name="previous"/> was at <paramref name="checkpoint"/>:
    /// its nodes, attributes and chars up to there, with what the checkpoint recorded of the elements
    /// then open put back. The open elements' flags are set again as the builder pushes them.
    /// </summary>
    public void ResumeFrom(HtmlTree previous, ParseCheckpoint checkpoint)
    {
        ResumedAt = checkpoint.Position;
        nodes = storage.Nodes = Fit(nodes, Math.Max(nodes.Length, checkpoint.NodeCount + 16));
        attributes = storage.Attributes = Fit(attributes, Math.Max(attributes.Length, checkpoint.AttributeCount + 8));
        chars = storage.Chars = Fit(chars, Math.Max(chars.Length, checkpoint.CharCount + 64));
        Array.Copy(previous.nodes, nodes, checkpoint.NodeCount);
        Array.Copy(previous.attributes, attributes, checkpoint.AttributeCount);
        Array.Copy(previous.chars, chars, checkpoint.CharCount);
        (nodeCount, attributeCount, charCount) = (checkpoint.NodeCount, checkpoint.AttributeCount, checkpoint.CharCount);
        var children = checkpoint.Children;
        for (int i = 0; i < checkpoint.Open.Length; i++)
        {
            int e = checkpoint.Open[i], last = children[i * 4 + 1];
            nodes[e].FirstChild = children[i * 4];
            nodes[e].LastChild = last;
            if (last == None) continue;
            nodes[last].Next = None;
            if (nodes[last].Kind == HtmlNodeKind.Text) (nodes[last].Start, nodes[last].Length) = (children[i * 4 + 2], children[i * 4 + 3]);
        }
    }

    /// <summary>After <see cref="ResumeFrom"/> and the builder's restore: the previous parse's checkpoints up to the one resumed from hold here too (the input is the same up to them).</summary>
    public void KeepCheckpoints(HtmlTree previous, ParseCheckpoint resumed)
    {
        foreach (var earlier in previous.Checkpoints)
            if (earlier.NodeCount <= resumed.NodeCount) AddCheckpoint(earlier);
    }
}
