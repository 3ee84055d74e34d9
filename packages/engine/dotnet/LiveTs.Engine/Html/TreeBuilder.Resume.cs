namespace LiveTs.Engine.Html;

/// <summary>
/// Resuming a parse: a page re-rendered as a plain string is mostly the page before it, and the
/// parse of the part they share is the same (parsing reads forward and depends on nothing ahead
/// of the tokenizer). So a parse takes checkpoints (<see cref="ParseCheckpoint"/>) as it goes, and
/// the next parse of the same view starts from the last one inside the common start of the two
/// inputs, on a copy of the previous tree up to there. Parse errors before that point are not
/// reported again (renders never read them).
/// </summary>
internal sealed partial class TreeBuilder
{
    /// <summary>Input chars between checkpoints (0: none are taken).</summary>
    private int checkpointSpacing;
    private int nextCheckpoint;

    /// <summary>What the fragment was parsed as: a parse resumes only from one parsed the same way.</summary>
    private static string ContextKey(string contextName, HtmlNamespace contextNamespace, bool scripting) =>
        $"{contextName}\u0001{contextNamespace}\u0001{scripting}";

    /// <summary>Whether the parse is in a state a checkpoint can hold (then it is all the state there is).</summary>
    private bool CanCheckpoint =>
        tokenizer.IsBetweenTokens && mode is not (InsertionMode.Text or InsertionMode.InTableText) && templateModes.Count == 0
        && !fosterParenting && !skipNextNewline && pendingTableText.Length == 0 && !sawSelectedContent && open.ForeignCount == 0
        && context != None && !tree.HasTemplatesOrDoctypes;

    /// <summary>After an end tag: a checkpoint, when the parse is in a state a checkpoint can hold.</summary>
    private void MaybeCheckpoint()
    {
        if (!CanCheckpoint) return;
        tree.AddCheckpoint(tree.Checkpoint(tokenizer.Position, mode, originalMode, headElement, formElement, framesetOk, quirks,
            tokenizer.LastStartTagId, open, formatting));
        nextCheckpoint = tokenizer.Position + checkpointSpacing;
    }

    /// <summary>Whether <paramref name="previous"/> was parsed as this parse is (same context, same names): only then do its checkpoints hold here (resumed or rejoined).</summary>
    private bool ParsedAlike(HtmlFragment previous, string contextName, HtmlNamespace contextNamespace) =>
        ReferenceEquals(previous.Tree.Names, names) && previous.ContextKey == ContextKey(contextName, contextNamespace, scripting);

    /// <summary>Starts from the last checkpoint of <paramref name="previous"/> that lies inside the common start of the two inputs, if any.</summary>
    private void TryResume(HtmlFragment previous, string contextName, HtmlNamespace contextNamespace)
    {
        var old = previous.Tree;
        if (!ParsedAlike(previous, contextName, contextNamespace)) return;
        var checkpoints = old.Checkpoints;
        if (checkpoints.Count == 0) return;
        int common = old.Source.CommonPrefixLength(tree.Source);
        tree.NoteCommonStart(old, common);
        ParseCheckpoint? from = null;
        for (int i = checkpoints.Count - 1; i >= 0 && from is null; i--)
            // a checkpoint is used only when the common start goes on past what the tokenizer read ahead of it
            if (checkpoints[i].Position + Tokenizer.MaxLookAhead <= common) from = checkpoints[i];
        if (from is null) return;
        tree.ResumeFrom(old, from);
        open.Clear();
        foreach (var element in from.Open) open.Add(element);
        formatting.Restore(from.Formatting);
        (mode, originalMode, headElement, formElement, framesetOk, quirks) =
            (from.Mode, from.OriginalMode, from.HeadElement, from.FormElement, from.FramesetOk, from.Quirks);
        tokenizer.ResumeAt(from.Position, from.LastStartTag);
        tree.KeepCheckpoints(old, from);
        nextCheckpoint = from.Position + checkpointSpacing;
    }
}
