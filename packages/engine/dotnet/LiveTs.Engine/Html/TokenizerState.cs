namespace LiveTs.Engine.Html;

/// <summary>
/// The tokenizer states of the HTML spec (§13.2.5), in its order. The character reference states
/// are not here: the tokenizer decodes a reference in one step (<see cref="CharacterReference"/>),
/// which gives the same output.
/// </summary>
internal enum TokenizerState : byte
{
    Data, Rcdata, Rawtext, ScriptData, Plaintext, TagOpen, EndTagOpen, TagName,
    RcdataLessThanSign, RcdataEndTagOpen, RcdataEndTagName,
    RawtextLessThanSign, RawtextEndTagOpen, RawtextEndTagName,
    ScriptDataLessThanSign, ScriptDataEndTagOpen, ScriptDataEndTagName,
    ScriptDataEscapeStart, ScriptDataEscapeStartDash, ScriptDataEscaped, ScriptDataEscapedDash,
    ScriptDataEscapedDashDash, ScriptDataEscapedLessThanSign, ScriptDataEscapedEndTagOpen,
    ScriptDataEscapedEndTagName, ScriptDataDoubleEscapeStart, ScriptDataDoubleEscaped,
    ScriptDataDoubleEscapedDash, ScriptDataDoubleEscapedDashDash, ScriptDataDoubleEscapedLessThanSign,
    ScriptDataDoubleEscapeEnd,
    BeforeAttributeName, AttributeName, AfterAttributeName, BeforeAttributeValue,
    AttributeValueDoubleQuoted, AttributeValueSingleQuoted, AttributeValueUnquoted,
    AfterAttributeValueQuoted, SelfClosingStartTag, BogusComment, MarkupDeclarationOpen,
    CommentStart, CommentStartDash, Comment, CommentLessThanSign, CommentLessThanSignBang,
    CommentLessThanSignBangDash, CommentLessThanSignBangDashDash, CommentEndDash, CommentEnd, CommentEndBang,
    Doctype, BeforeDoctypeName, DoctypeName, AfterDoctypeName,
    AfterDoctypePublicKeyword, BeforeDoctypePublicIdentifier, DoctypePublicIdentifierDoubleQuoted,
    DoctypePublicIdentifierSingleQuoted, AfterDoctypePublicIdentifier, BetweenDoctypePublicAndSystemIdentifiers,
    AfterDoctypeSystemKeyword, BeforeDoctypeSystemIdentifier, DoctypeSystemIdentifierDoubleQuoted,
    DoctypeSystemIdentifierSingleQuoted, AfterDoctypeSystemIdentifier, BogusDoctype,
    CdataSection, CdataSectionBracket, CdataSectionEnd,
}
