namespace LiveTs.Engine.Html;

internal enum TokenKind : byte { Doctype, StartTag, EndTag, Comment, Characters, EndOfFile }

/// <summary>
/// The token the tokenizer hands to its sink. There is one instance per tokenizer, refilled for
/// every token: the tree builder copies what it keeps (names are interned, attributes copied into
/// the element), so tokenizing allocates nothing per token.
/// </summary>
internal sealed class Token
{
    public TokenKind Kind;
    /// <summary>Tag name (lower case, interned), doctype name (null when missing) or comment data.</summary>
    public string? Name;
    /// <summary>The known-name id of a tag name; <see cref="Tag.Unknown"/> for others.</summary>
    public Tag Tag;
    public readonly List<KeyValuePair<string, string>> Attributes = [];
    public bool SelfClosing;
    /// <summary>Set by the tree builder when it honours a self-closing flag (void and foreign elements).</summary>
    public bool SelfClosingAcknowledged;

    // DOCTYPE: a missing identifier is null, which is not the same as an empty one ("").
    public string? PublicId;
    public string? SystemId;
    public bool ForceQuirks;

    /// <summary>Offset of the token's start in the input, for parse errors.</summary>
    public int Offset;

    private CharBuffer? text;
    private string? textSource;
    private int textStart, textLength;

    /// <summary>The characters of a <see cref="TokenKind.Characters"/> token: a run, never split per char.</summary>
    public ReadOnlySpan<char> Text =>
        textSource is not null ? textSource.AsSpan(textStart, textLength) : text is null ? default : text.Span;

    internal void SetText(CharBuffer buffer)
    {
        text = buffer;
        textSource = null;
    }

    /// <summary>Characters that are a stretch of the input, passed on without a copy.</summary>
    internal void SetText(string source, int start, int length)
    {
        textSource = source;
        textStart = start;
        textLength = length;
    }

    public string? Attribute(string name)
    {
        foreach (var a in Attributes) if (a.Key == name) return a.Value;
        return null;
    }
}
