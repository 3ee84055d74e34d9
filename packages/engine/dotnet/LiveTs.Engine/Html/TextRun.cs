namespace LiveTs.Engine.Html;

/// <summary>
/// Characters on their way into the tree, with where they start in the input when they are a
/// stretch of it (-1 when they were decoded or rewritten). Slicing keeps the offset, so the tree
/// builder can split runs as the spec says and the tree still stores most text as offsets into the
/// input instead of copies.
/// </summary>
internal readonly ref struct TextRun(ReadOnlySpan<char> span, int sourceStart)
{
    public readonly ReadOnlySpan<char> Span = span;

    /// <summary>The offset of <see cref="Span"/> in the input, or -1.</summary>
    public readonly int SourceStart = sourceStart;

    public int Length => Span.Length;
    public bool IsEmpty => Span.IsEmpty;
    public char this[int index] => Span[index];

    public TextRun Slice(int start, int length) => new(Span.Slice(start, length), SourceStart < 0 ? -1 : SourceStart + start);

    /// <summary>Characters that are not in the input (a copy the builder made).</summary>
    public static TextRun Copied(ReadOnlySpan<char> span) => new(span, -1);
}
