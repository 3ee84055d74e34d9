using LiveTs.Engine.Rendering;

namespace LiveTs.Engine.Diffing;

/// <summary>
/// The last render transition the engine computed: from one shown tree to another render tree, and
/// the patch operations between them. A broadcast makes many connections that show the same tree
/// render the same new tree; the first one diffs, the others reuse its operations and share its
/// tree (docs/design.md §3.4: S4's fan-out costs one diff, not one per subscriber).
/// </summary>
internal sealed class LastTransition
{
    /// <summary>
    /// Longer trees are not remembered: keeping the text costs a copy per render, and a connection's
    /// tree is only reused when its text is verified equal (it must never get another's content).
    /// </summary>
    public const int MaxTreeChars = 16 * 1024;

    private RenderValue from;
    private string? to;
    private RenderValue toRoot;
    private byte[] operations = [];

    /// <summary>
    /// True when the connection shows what the last transition started from (the same tree, or one
    /// with its fingerprint) and renders exactly the tree it went to.
    /// </summary>
    public bool TryReuse(RenderValue shown, ReadOnlySpan<char> tree, ulong fingerprint, out RenderValue root, out ReadOnlySpan<byte> ops)
    {
        if (to is not null && Fingerprint.Same(fingerprint, toRoot.Fingerprint) &&
            (shown.IsSameAs(from) || Fingerprint.Same(shown.Fingerprint, from.Fingerprint)) && tree.SequenceEqual(to))
        {
            root = toRoot;
            ops = operations;
            return true;
        }
        root = default;
        ops = default;
        return false;
    }

    public void Remember(RenderValue shown, ReadOnlySpan<char> tree, RenderValue root, ReadOnlySpan<byte> ops)
    {
        if (tree.Length > MaxTreeChars || shown.Fingerprint == 0) return;
        (from, to, toRoot, operations) = (shown, new string(tree), root, ops.ToArray());
        RecycledParses.Shared(shown);
        RecycledParses.Shared(root);
    }
}
