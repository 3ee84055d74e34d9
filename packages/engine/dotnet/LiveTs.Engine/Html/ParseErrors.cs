namespace LiveTs.Engine.Html;

/// <summary>One parse error: the spec's code (tokenizer errors) or a short description (tree construction).</summary>
internal readonly record struct ParseError(string Code, int Offset);

/// <summary>
/// The parse errors of one parse. They are only recorded: the spec defines a recovery for every one,
/// and a render must never fail because its markup was sloppy. Capped so hostile input can't make the
/// list the biggest thing in memory.
/// </summary>
internal sealed class ParseErrors
{
    private const int Cap = 1000;
    private readonly List<ParseError> list = [];

    /// <summary>How many errors were seen (may exceed the number kept).</summary>
    public int Count { get; private set; }
    public IReadOnlyList<ParseError> Items => list;

    public void Add(string code, int offset)
    {
        Count++;
        if (list.Count < Cap) list.Add(new ParseError(code, offset));
    }

    /// <summary>Forgets the errors after the first <paramref name="count"/> (a fast path that gave up and leaves the input to the spec's states).</summary>
    internal void RollBack(int count)
    {
        if (count >= Count) return;
        Count = count;
        if (list.Count > count) list.RemoveRange(count, list.Count - count);
    }
}
