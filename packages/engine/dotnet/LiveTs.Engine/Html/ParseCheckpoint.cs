namespace LiveTs.Engine.Html;

/// <summary>
/// The parser's whole state at a quiet moment of a parse (just after an end tag, no text pending,
/// no table text, template or foreign content in play), so that a later parse of an input that
/// starts the same way can start there instead of at the beginning (TreeBuilder.Resume.cs). The
/// tree up to the checkpoint is the first <see cref="NodeCount"/> nodes of the parse it was taken
/// in, except what the parse did after it to the elements then open (children appended, text
/// merged into their last child, popped): that is what it records. A checkpoint is dropped as soon
/// as the parse changes one of those nodes in any other way (<see cref="HtmlTree"/> watches).
/// </summary>
internal sealed class ParseCheckpoint
{
    /// <summary>The tokenizer's position: the parse up to here depends on nothing after it.</summary>
    public required int Position { get; init; }
    public required int NodeCount { get; init; }
    public required int AttributeCount { get; init; }
    public required int CharCount { get; init; }

    public required InsertionMode Mode { get; init; }
    public required InsertionMode OriginalMode { get; init; }
    public required int HeadElement { get; init; }
    public required int FormElement { get; init; }
    public required bool FramesetOk { get; init; }
    public required bool Quirks { get; init; }
    public required int LastStartTag { get; init; }

    /// <summary>The stack of open elements, bottom first.</summary>
    public required int[] Open { get; init; }

    /// <summary>The list of active formatting elements (markers included).</summary>
    public required int[] Formatting { get; init; }

    /// <summary>Per open element, in stack order: its first child, its last child, and the last child's data start and length (a text node's, which later text may extend).</summary>
    public required int[] Children { get; init; }
}
