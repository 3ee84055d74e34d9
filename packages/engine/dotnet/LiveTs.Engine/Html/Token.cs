namespace LiveTs.Engine.Html;

internal enum TokenKind : byte { Doctype, StartTag, EndTag, Comment, Characters, EndOfFile }

/// <summary>
/// An attribute of a tag token: its name id (the tree's <see cref="NameTable"/>) and where its value
/// is: a stretch of the input when <c>Start</c> ≥ 0, else at <c>~Start</c> in the token's own
/// buffer (a value with a decoded character reference). Nothing is allocated per attribute.
/// </summary>
internal struct TokenAttribute(int name, int start, int length)
{
    public int Name = name;
    public int Start = start;
    public int Length = length;
}

/// <summary>
/// The token the tokenizer hands to its sink. There is one instance per tokenizer, refilled for
/// every token: the tree builder copies what it keeps into its tree (names are ids, values and text
/// stay slices of the input where they can), so tokenizing allocates nothing per token.
/// </summary>
internal sealed class Token(char[] input, NameTable names)
{
    public TokenKind Kind;
    /// <summary>Tag name id (lower case) in <see cref="Names"/>.</summary>
    public int NameId;
    /// <summary>The known-name id of a tag name; <see cref="Tag.Unknown"/> for others.</summary>
    public Tag Tag;
    public TokenAttribute[] Attributes = new TokenAttribute[8];
    public int AttributeCount;
    public bool SelfClosing;
    /// <summary>Set by the tree builder when it honours a self-closing flag (void and foreign elements).</summary>
    public bool SelfClosingAcknowledged;

    // DOCTYPE: a missing name or identifier is null, which is not the same as an empty one ("").
    public string? DoctypeName;
    public string? PublicId;
    public string? SystemId;
    public bool ForceQuirks;

    /// <summary>Offset of the token's start in the input, for parse errors.</summary>
    public int Offset;

    public NameTable Names { get; } = names;

    /// <summary>The tag name (for messages and tests; the tree builder compares ids).</summary>
    public string Name => Names[NameId];

    private readonly CharBuffer values = new(64);
    private CharBuffer? text;
    private int textStart, textLength;

    /// <summary>
    /// The characters of a <see cref="TokenKind.Characters"/> token (a run, never split per char) or
    /// a comment's data; where they are one stretch of the input, that stretch.
    /// </summary>
    public TextRun Text => text is null ? new TextRun(input.AsSpan(textStart, textLength), textStart) : new TextRun(text.Span, -1);

    internal void SetText(CharBuffer buffer) => text = buffer;

    /// <summary>Characters that are a stretch of the input, passed on without a copy.</summary>
    internal void SetText(int start, int length)
    {
        text = null;
        textStart = start;
        textLength = length;
    }

    internal void ClearAttributes()
    {
        AttributeCount = 0;
        values.Clear();
    }

    /// <summary>An attribute whose value is input[<paramref name="start"/>..+<paramref name="length"/>].</summary>
    internal void AddAttribute(int name, int start, int length)
    {
        if (AttributeCount == Attributes.Length) Array.Resize(ref Attributes, AttributeCount * 2);
        Attributes[AttributeCount++] = new TokenAttribute(name, start, length);
    }

    /// <summary>An attribute whose value was decoded: it is copied into the token's buffer.</summary>
    internal void AddAttribute(int name, ReadOnlySpan<char> value)
    {
        int at = values.Length;
        values.Append(value);
        AddAttribute(name, ~at, value.Length);
    }

    public bool HasAttribute(int name)
    {
        for (int i = 0; i < AttributeCount; i++) if (Attributes[i].Name == name) return true;
        return false;
    }

    /// <summary>The value of attribute <paramref name="i"/>, with its offset in the input (-1 when decoded).</summary>
    public TextRun Value(int i)
    {
        var a = Attributes[i];
        return a.Start >= 0 ? new TextRun(input.AsSpan(a.Start, a.Length), a.Start) : new TextRun(values.Span.Slice(~a.Start, a.Length), -1);
    }

    /// <summary>The value of the attribute named <paramref name="name"/>; false when the tag has none.</summary>
    public bool TryGetAttribute(int name, out ReadOnlySpan<char> value)
    {
        for (int i = 0; i < AttributeCount; i++)
            if (Attributes[i].Name == name)
            {
                value = Value(i).Span;
                return true;
            }
        value = default;
        return false;
    }
}
