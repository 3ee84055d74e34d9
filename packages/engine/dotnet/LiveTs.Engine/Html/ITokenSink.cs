namespace LiveTs.Engine.Html;

/// <summary>
/// Where the tokenizer sends its tokens: the tree builder, or a test's list. The sink runs inside
/// the tokenizer's loop, so it may switch the tokenizer's state before the next character is read,
/// which is how the tree builder puts &lt;script&gt; and &lt;title&gt; content into their text states.
/// </summary>
internal interface ITokenSink
{
    void Process(Token token);

    /// <summary>
    /// True when the adjusted current node is not an HTML element: only there is &lt;![CDATA[ a
    /// CDATA section rather than a bogus comment.
    /// </summary>
    bool InForeignContent { get; }
}
