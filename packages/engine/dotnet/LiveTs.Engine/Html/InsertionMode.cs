namespace LiveTs.Engine.Html;

/// <summary>
/// The tree builder's insertion modes (§13.2.4.1). There is no "in select" mode: the 2025 spec
/// (customizable &lt;select&gt;) parses select content with the in-body rules.
/// </summary>
internal enum InsertionMode : byte
{
    Initial, BeforeHtml, BeforeHead, InHead, InHeadNoscript, AfterHead, InBody, Text, InTable, InTableText,
    InCaption, InColumnGroup, InTableBody, InRow, InCell, InTemplate, AfterBody, InFrameset, AfterFrameset,
    AfterAfterBody, AfterAfterFrameset,
}
