namespace LiveTs.Engine.Html;

/// <summary>
/// Rejoining the previous parse: a page re-rendered with a change near its top shares little of
/// its start with the page before, but most of its end. Parsing reads forward, so once this parse
/// stands at a checkpoint of the previous one (the same place in the part both inputs end with)
/// in the same state (insertion mode, open elements alike, formatting entries alike…), what is
/// left of the input builds what it built there. The rest of the tree is then copied from the
/// previous one (<see cref="HtmlTree.TryRejoin"/>) and the parse stops: a change in the first row
/// of a long table costs the rows up to the next checkpoint, not the table.
/// </summary>
internal sealed partial class TreeBuilder
{
    /// <summary>The parse whose end may be copied (null: none).</summary>
    private HtmlTree? rejoinTree;
    /// <summary>The next of its checkpoints to try, and where in this input it would stand (int.MaxValue: none left).</summary>
    private int rejoinNext;
    private int rejoinAt = int.MaxValue;
    /// <summary>This input's length minus the previous one's: where a position of the shared end moved to.</summary>
    private int rejoinDelta;

    /// <summary>Looks for checkpoints of <paramref name="previous"/> inside the end the two inputs share.</summary>
    private void PrepareRejoin(HtmlFragment previous, string contextName, HtmlNamespace contextNamespace)
    {
        var old = previous.Tree;
        if (!ParsedAlike(previous, contextName, contextNamespace) || old.HasTemplatesOrDoctypes || old.Checkpoints.Count == 0) return;
        ReadOnlySpan<char> before = old.Source, now = tree.Source;
        int sharedEnd = CommonSuffixLength(before, now);
        rejoinTree = old;
        rejoinDelta = now.Length - before.Length;
        rejoinNext = 0;
        var checkpoints = old.Checkpoints;
        while (rejoinNext < checkpoints.Count && checkpoints[rejoinNext].Position < before.Length - sharedEnd) rejoinNext++;
        rejoinAt = rejoinNext < checkpoints.Count ? checkpoints[rejoinNext].Position + rejoinDelta : int.MaxValue;
    }

    /// <summary>How many chars <paramref name="a"/> and <paramref name="b"/> end with alike.</summary>
    private static int CommonSuffixLength(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        const int Block = 256;
        int shared = 0, most = Math.Min(a.Length, b.Length);
        while (shared + Block <= most && a.Slice(a.Length - shared - Block, Block).SequenceEqual(b.Slice(b.Length - shared - Block, Block))) shared += Block;
        while (shared < most && a[a.Length - shared - 1] == b[b.Length - shared - 1]) shared++;
        return shared;
    }

    /// <summary>After an end tag at or past <see cref="rejoinAt"/>: copies the previous parse's end when this parse stands where it did, as it did.</summary>
    private bool TryRejoin()
    {
        var checkpoints = rejoinTree!.Checkpoints;
        int position = tokenizer.Position;
        while (rejoinNext < checkpoints.Count && checkpoints[rejoinNext].Position + rejoinDelta < position) rejoinNext++;
        if (rejoinNext == checkpoints.Count)
        {
            rejoinAt = int.MaxValue;
            return false;
        }
        var at = checkpoints[rejoinNext];
        rejoinAt = at.Position + rejoinDelta;
        if (rejoinAt != position || !CanCheckpoint || Counterparts(at) is not { } same || !tree.TryRejoin(rejoinTree, at, position, same)) return false;
        tokenizer.Stop();
        rejoinTree = null;
        rejoinAt = int.MaxValue;
        return true;
    }

    /// <summary>
    /// When this parse's state is the one <paramref name="at"/> recorded: which node of the previous
    /// tree each node the rest may refer to stands for. Null when the states differ.
    /// </summary>
    private Dictionary<int, int>? Counterparts(ParseCheckpoint at)
    {
        if (mode != at.Mode || originalMode != at.OriginalMode || framesetOk != at.FramesetOk || quirks != at.Quirks
            || tokenizer.LastStartTagId != at.LastStartTag || open.Count != at.Open.Length || formatting.Count != at.Formatting.Length)
            return null;
        var old = rejoinTree!;
        // the document and the context element are made first by every parse: the same numbers
        var same = new Dictionary<int, int> { [document] = document, [context] = context };
        bool Alike(int theirs, int mine) => tree.PairAlike(old, same, theirs, mine);
        for (int i = 0; i < open.Count; i++)
            if (!Alike(at.Open[i], open[i])) return null;
        for (int i = 0; i < formatting.Count; i++)
        {
            int theirs = at.Formatting[i], mine = formatting[i];
            if ((theirs == ActiveFormattingElements.Marker) != (mine == ActiveFormattingElements.Marker)) return null;
            if (mine != ActiveFormattingElements.Marker && !Alike(theirs, mine)) return null;
        }
        return Alike(at.HeadElement, headElement) && Alike(at.FormElement, formElement) ? same : null;
    }
}
