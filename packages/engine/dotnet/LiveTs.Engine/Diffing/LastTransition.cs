using LiveTs.Engine.Rendering;

namespace LiveTs.Engine.Diffing;

/// <summary>
/// The last render transition the engine computed: from one render tree to another, and the patch
/// operations between them. A broadcast makes many connections that show the same tree render
/// the same new tree; the first one diffs, the others reuse its operations and share its parsed
/// tree (docs/design.md §3.4: S4's fan-out costs one diff, not one per subscriber).
/// </summary>
internal sealed class LastTransition
{
    /// <summary>
    /// Trees longer than this are not kept per connection: holding a large page's tree string for
    /// every connection would cost more memory than the reuse saves in time.
    /// </summary>
    public const int MaxTreeChars = 16 * 1024;

    private string? from;
    private string? to;
    private RenderValue toRoot;
    private byte[] operations = [];

    /// <summary>True when the connection shows <see cref="from"/> and renders <see cref="to"/> again.</summary>
    public bool TryReuse(string? shownTree, ReadOnlySpan<char> tree, out string sharedTree, out RenderValue root, out ReadOnlySpan<byte> ops)
    {
        if (shownTree is not null && to is not null && (ReferenceEquals(shownTree, from) || string.Equals(shownTree, from, StringComparison.Ordinal)) && tree.SequenceEqual(to))
        {
            (sharedTree, root) = (to, toRoot);
            ops = operations;
            return true;
        }
        (sharedTree, root) = (null!, default);
        ops = default;
        return false;
    }

    public void Remember(string? fromTree, string toTree, RenderValue root, ReadOnlySpan<byte> ops)
    {
        (from, to, toRoot, operations) = (fromTree, toTree, root, ops.ToArray());
    }
}
