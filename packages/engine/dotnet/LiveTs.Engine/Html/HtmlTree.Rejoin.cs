namespace LiveTs.Engine.Html;

/// <summary>
/// Rejoining the previous parse (TreeBuilder.Rejoin.cs): when a parse reaches, at a checkpoint of
/// the previous parse, the part both inputs end with, in the same state, the rest of its tree is
/// the rest of the previous tree. That rest is copied over instead of parsed: its nodes renumbered,
/// its input offsets moved by the difference in length, and its links to the nodes it shares with
/// the part before (the elements then open, their first and last children) pointed at this tree's
/// counterparts. The diff then knows the copied nodes for what they are (<see cref="CopiedFrom"/>).
/// </summary>
internal sealed partial class HtmlTree
{
    private static int lastId;

    /// <summary>Tells trees apart without holding one: a rejoined tree names the tree its end came from, a resumed one the tree it compared its input with.</summary>
    public int Id { get; } = Interlocked.Increment(ref lastId);

    /// <summary>The <see cref="Id"/> of the tree whose input this one's was compared with to resume (0: none), and the length of their common start.</summary>
    private int comparedTree, commonStart;

    /// <summary>The parse measured how this input starts like <paramref name="previous"/>'s (to resume from it): the diff against that tree reads it here.</summary>
    public void NoteCommonStart(HtmlTree previous, int length) => (comparedTree, commonStart) = (previous.Id, length);

    /// <summary>How many chars this input and <paramref name="other"/>'s begin with alike: noted by the parse when it compared them, else compared now.</summary>
    public int CommonStartWith(HtmlTree other) => other.Id == comparedTree ? commonStart : other.Source.CommonPrefixLength(Source);

    /// <summary>Where the parse took the rest of its tree from the previous parse's (an input position), or -1.</summary>
    public int RejoinedAt { get; private set; } = -1;

    /// <summary>The <see cref="Id"/> of the tree the copied nodes came from (0: none).</summary>
    private int copiedTree;
    /// <summary>The first copied node; node n from it on is node n - copyShift of that tree.</summary>
    private int copiedFrom = int.MaxValue;
    private int copyShift;

    /// <summary>Whether node <paramref name="mine"/> is a copy, subtree and all, of node <paramref name="theirs"/> of <paramref name="other"/>.</summary>
    public bool CopiedFrom(HtmlTree other, int theirs, int mine) =>
        mine >= copiedFrom && other.Id == copiedTree && theirs == mine - copyShift;

    /// <summary>
    /// Whether element <paramref name="mine"/> and element <paramref name="theirs"/> of
    /// <paramref name="other"/> (which shares this tree's names) are alike in everything a parse
    /// reads of them: name, namespace and attributes.
    /// </summary>
    public bool SameElementAs(HtmlTree other, int theirs, int mine)
    {
        ref readonly var m = ref nodes[mine];
        ref readonly var t = ref other.nodes[theirs];
        if (m.Kind != HtmlNodeKind.Element || t.Kind != HtmlNodeKind.Element || m.Name != t.Name || m.Namespace != t.Namespace
            || m.Flags.HasFlag(NodeFlags.AnnotationHtml) != t.Flags.HasFlag(NodeFlags.AnnotationHtml) || m.Length != t.Length)
            return false;
        for (int i = 0; i < m.Length; i++)
        {
            ref readonly var ma = ref attributes[m.Start + i];
            ref readonly var ta = ref other.attributes[t.Start + i];
            if (ma.Name != ta.Name || !Chars(ma.Start, ma.Length).SequenceEqual(other.Chars(ta.Start, ta.Length))) return false;
        }
        return true;
    }

    /// <summary>
    /// Ends this tree as <paramref name="previous"/> ended after its checkpoint <paramref name="at"/>,
    /// this parse being at <paramref name="position"/> in the same state. <paramref name="same"/>
    /// pairs the previous tree's nodes with this tree's that stand for them (the open elements, the
    /// formatting entries, the head and form elements); the open elements' first and last children
    /// are added to it here. False, with nothing changed, when the rest refers to anything else of
    /// the part before, or merged text into it: the parse then goes on by itself.
    /// </summary>
    public bool TryRejoin(HtmlTree previous, ParseCheckpoint at, int position, Dictionary<int, int> same)
    {
        int oldCount = previous.nodeCount;
        var open = at.Open;
        var children = at.Children;
        for (int i = 0; i < open.Length; i++)
        {
            int mine = same[open[i]], theirLast = children[i * 4 + 1], myLast = nodes[mine].LastChild;
            if (!Pair(same, children[i * 4], nodes[mine].FirstChild) || !Pair(same, theirLast, myLast)) return false;
            if (theirLast == None) continue;
            // text appended to the last child (it merges) is not a copy; a last child of another kind would make the same text a node of its own
            ref readonly var last = ref previous.nodes[theirLast];
            if (last.Kind != nodes[myLast].Kind || last.Kind == HtmlNodeKind.Text && (last.Start != children[i * 4 + 2] || last.Length != children[i * 4 + 3])) return false;
        }
        if (!OneToOne(same)) return false;

        var move = new Renumbering(at.NodeCount, nodeCount - at.NodeCount, position - at.Position,
            attributeCount - at.AttributeCount, charCount - at.CharCount, same);
        bool InRest(int start) => start >= 0 ? start >= at.Position : ~start >= at.CharCount;
        for (int n = at.NodeCount; n < oldCount; n++)
        {
            ref readonly var node = ref previous.nodes[n];
            if (!move.Known(node.Parent) || !move.Known(node.FirstChild) || !move.Known(node.LastChild) || !move.Known(node.Next) || !move.Known(node.Prev)) return false;
            bool local = node.Kind switch
            {
                HtmlNodeKind.Element => node.Length == 0 || node.Start >= at.AttributeCount, // a clone shares its original's attributes
                HtmlNodeKind.Text or HtmlNodeKind.Comment => InRest(node.Start),
                _ => false,
            };
            if (!local) return false;
        }
        for (int i = at.AttributeCount; i < previous.attributeCount; i++)
            if (!InRest(previous.attributes[i].Start)) return false;
        for (int i = 0; i < open.Length; i++)
        {
            ref readonly var element = ref previous.nodes[open[i]];
            int last = children[i * 4 + 1];
            if (!move.Known(element.FirstChild) || !move.Known(element.LastChild) || last != None && !move.Known(previous.nodes[last].Next)) return false;
        }

        // What the rest did to the elements open at the checkpoint: children appended, popped.
        // (Their last children first: this tree's are read before the elements' links change.)
        for (int i = 0; i < open.Length; i++)
            if (children[i * 4 + 1] is var last and not None) nodes[same[last]].Next = move.Node(previous.nodes[last].Next);
        for (int i = 0; i < open.Length; i++)
        {
            ref readonly var theirs = ref previous.nodes[open[i]];
            ref var mine = ref nodes[same[open[i]]];
            mine.FirstChild = move.Node(theirs.FirstChild);
            mine.LastChild = move.Node(theirs.LastChild);
            mine.Flags = (mine.Flags & ~NodeFlags.Open) | (theirs.Flags & NodeFlags.Open);
            mine.ClosedAt = move.ClosedAt(theirs.ClosedAt);
        }

        int restNodes = oldCount - at.NodeCount, restAttributes = previous.attributeCount - at.AttributeCount, restChars = previous.charCount - at.CharCount;
        if (nodeCount + restNodes > nodes.Length) storage.Nodes = Grown(ref nodes, nodeCount + restNodes + 16);
        if (attributeCount + restAttributes > attributes.Length) storage.Attributes = Grown(ref attributes, attributeCount + restAttributes + 8);
        Reserve(restChars);
        for (int n = at.NodeCount; n < oldCount; n++)
        {
            var node = previous.nodes[n];
            (node.Parent, node.FirstChild, node.LastChild, node.Next, node.Prev) =
                (move.Node(node.Parent), move.Node(node.FirstChild), move.Node(node.LastChild), move.Node(node.Next), move.Node(node.Prev));
            if (node.Kind == HtmlNodeKind.Element)
            {
                if (node.Length > 0) node.Start += move.AttributeShift;
                node.ClosedAt = move.ClosedAt(node.ClosedAt);
            }
            else node.Start = move.Start(node.Start);
            nodes[n + move.Shift] = node;
        }
        for (int i = at.AttributeCount; i < previous.attributeCount; i++)
        {
            var attribute = previous.attributes[i];
            attribute.Start = move.Start(attribute.Start);
            attributes[i + move.AttributeShift] = attribute;
        }
        Array.Copy(previous.chars, at.CharCount, chars, charCount, restChars);
        nodeCount += restNodes;
        attributeCount += restAttributes;
        charCount += restChars;
        ChangesClosedElements |= previous.ChangesClosedElements;
        (RejoinedAt, copiedTree, copiedFrom, copyShift) = (position, previous.Id, at.NodeCount + move.Shift, move.Shift);

        // The previous parse's checkpoints in the rest hold here too, moved as the nodes were.
        foreach (var later in previous.Checkpoints)
            if (later.Position > at.Position && MovedCheckpoint(later, move) is { } moved) AddCheckpoint(moved);
        return true;
    }

    /// <summary>
    /// Where the previous tree's rest lands in this one: its nodes from <see cref="OldBase"/> on move
    /// by <see cref="Shift"/>, its nodes before that become their counterparts (<see cref="Same"/>),
    /// input offsets move by <see cref="Delta"/>, attributes and the tree's own chars by theirs.
    /// </summary>
    private readonly record struct Renumbering(int OldBase, int Shift, int Delta, int AttributeShift, int CharShift, Dictionary<int, int> Same)
    {
        /// <summary>Whether the previous tree's node has a place here (None, a node of the rest, or one with a counterpart).</summary>
        public bool Known(int node) => node == None || node >= OldBase || Same.ContainsKey(node);
        public int Node(int node) => node == None ? None : node >= OldBase ? node + Shift : Same[node];
        /// <summary>A text's or attribute value's location: an input offset, or <c>~offset</c> into the tree's chars.</summary>
        public int Start(int start) => start >= 0 ? start + Delta : ~(~start + CharShift);
        public int ClosedAt(int closedAt) => closedAt == int.MaxValue ? closedAt : closedAt + Delta;
    }

    /// <summary>Records that <paramref name="theirs"/> stands for <paramref name="mine"/>; false when either is None and the other not, or it stood for another node.</summary>
    private static bool Pair(Dictionary<int, int> same, int theirs, int mine)
    {
        if (theirs == None || mine == None) return theirs == mine;
        if (same.TryGetValue(theirs, out var paired)) return paired == mine;
        same[theirs] = mine;
        return true;
    }

    /// <summary><see cref="Pair"/> for elements a parse reads (open, formatting, head, form): a new pair must also be <see cref="SameElementAs"/>.</summary>
    public bool PairAlike(HtmlTree other, Dictionary<int, int> same, int theirs, int mine)
    {
        if (theirs != None && mine != None && !same.ContainsKey(theirs) && !SameElementAs(other, theirs, mine)) return false;
        return Pair(same, theirs, mine);
    }

    private static bool OneToOne(Dictionary<int, int> same) => new HashSet<int>(same.Values).Count == same.Count;

    /// <summary>A checkpoint of the previous tree's rest, for this tree; null when it refers to a node this tree has no counterpart of.</summary>
    private ParseCheckpoint? MovedCheckpoint(ParseCheckpoint checkpoint, Renumbering move)
    {
        if (!move.Known(checkpoint.HeadElement) || !move.Known(checkpoint.FormElement)) return null;
        foreach (var node in checkpoint.Open) if (!move.Known(node)) return null;
        foreach (var node in checkpoint.Formatting) if (!move.Known(node)) return null;
        var children = (int[])checkpoint.Children.Clone();
        for (int i = 0; i < children.Length; i += 4)
        {
            if (!move.Known(children[i]) || !move.Known(children[i + 1])) return null;
            int last = children[i + 1];
            children[i] = move.Node(children[i]);
            children[i + 1] = move.Node(last);
            if (last == None || nodes[children[i + 1]].Kind != HtmlNodeKind.Text) continue;
            // a text node from before the rest is the same here (rejoining checked that the rest never extended one)
            (children[i + 2], children[i + 3]) = last >= move.OldBase
                ? (move.Start(children[i + 2]), children[i + 3])
                : (nodes[children[i + 1]].Start, nodes[children[i + 1]].Length);
        }
        return new ParseCheckpoint
        {
            Position = checkpoint.Position + move.Delta, NodeCount = checkpoint.NodeCount + move.Shift,
            AttributeCount = checkpoint.AttributeCount + move.AttributeShift, CharCount = checkpoint.CharCount + move.CharShift,
            Mode = checkpoint.Mode, OriginalMode = checkpoint.OriginalMode,
            HeadElement = move.Node(checkpoint.HeadElement), FormElement = move.Node(checkpoint.FormElement),
            FramesetOk = checkpoint.FramesetOk, Quirks = checkpoint.Quirks, LastStartTag = checkpoint.LastStartTag,
            Open = Array.ConvertAll(checkpoint.Open, move.Node),
            Formatting = Array.ConvertAll(checkpoint.Formatting, move.Node),
            Children = children,
        };
    }
}
