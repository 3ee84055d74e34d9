using System.Text;
using LiveTs.Engine.Html;
using LiveTs.Engine.Templates.Expressions;

namespace LiveTs.Engine.Templates;

/// <summary>
/// Turns the statics of an <c>html`...`</c> template into segments and parts, once per template.
/// A small HTML tokenizer walks the statics; at each slot boundary its state tells what the slot is:
/// text between tags, or (part of) an attribute value. Anything else is a compile error that
/// names the place, because the template, not user input, is wrong.
/// <para>
/// One concern per file: this one walks the statics (tags, slots, raw text, positions);
/// TemplateCompiler.Attributes.cs reads attributes, TemplateCompiler.Directives.cs compiles the
/// ts-* directives into parts, TemplateCompiler.Conditionals.cs compiles ts-if elements.
/// </para>
/// </summary>
internal static partial class TemplateCompiler
{
    // Which elements are void, and which hold text rather than markup, is the parser's one list (Html/ElementCategories.cs).
    private static bool IsVoid(string element) => ElementCategories.IsVoid(KnownNames.TagOf(element));
    private static bool HasTextContent(string element) => ElementCategories.HasTextContent(KnownNames.TagOf(element));

    public static Template Compile(int id, IReadOnlyList<string> statics)
    {
        if (statics.Count == 0)
            throw new LiveTsException(EngineErrorCodes.TemplateInvalid, "a template needs at least one static string");
        return new Compilation(statics).Run(id);
    }

    private enum State
    {
        Data, TagOpen, TagName, EndTag, BeforeAttrName, AttrName, AfterAttrName, BeforeAttrValue,
        AttrValueDouble, AttrValueSingle, AttrValueUnquoted, SelfClosing, Comment, BogusComment, RawText,
    }

    private sealed partial class Compilation(IReadOnlyList<string> statics, int baseLine = 1, int baseColumn = 1, bool rootIfHandled = false)
    {
        /// <summary>Set for the element a ts-if made its own template: its ts-if is the enclosing template's.</summary>
        private bool ignoreRootIf = rootIfHandled;
        private readonly List<Conditional> conditionals = [];
        private readonly List<Segment> segments = [];
        private readonly List<Part> parts = [];
        private readonly HashSet<string> events = new(StringComparer.Ordinal);
        private readonly List<Directive> directives = [];
        private readonly TagDirectives tag = new();
        /// <summary>Set while inside an element whose content ts-text owns: it must stay empty in the template.</summary>
        private string? textOwnedElement;
        private readonly StringBuilder output = new();
        private State state = State.Data;

        // the tag being read
        private readonly StringBuilder tagName = new();
        private bool isEndTag;
        private int tagStartSegment;
        private int markersInTag;
        private string rawTextEnd = "";

        // the attribute being read
        private readonly StringBuilder attrName = new();
        private readonly StringBuilder attrValue = new();
        private int attrStart;
        private List<AttrPiece>? dynamicPieces; // non-null once the attribute holds a slot

        private int staticIndex;
        private int charIndex;

        // the template's first ts-key: a list item's identity (a part, or static text)
        private int keyPart = -1;
        private string? staticKey;

        public Template Run(int id)
        {
            // A while loop rather than two for loops: a ts-if element is compiled on its own and the
            // walk jumps past it, possibly across slots (CompileConditional sets the position).
            staticIndex = 0;
            charIndex = 0;
            while (staticIndex < statics.Count)
            {
                var text = statics[staticIndex];
                if (charIndex < text.Length)
                {
                    Step(text, text[charIndex]);
                    charIndex++;
                    continue;
                }
                if (staticIndex < statics.Count - 1) Slot(staticIndex);
                staticIndex++;
                charIndex = 0;
            }
            if (state != State.Data)
                Fail(state is State.Comment or State.BogusComment ? "the template ends inside a comment"
                    : state == State.RawText ? $"the template ends inside <{tagName}>; close it with </{tagName}>"
                    : "the template ends inside a tag; close it with '>'");
            FlushOutput();
            return new Template
            {
                Id = id,
                SlotCount = statics.Count - 1,
                Segments = MergeStatics(segments),
                Parts = parts,
                EventNames = events,
                Directives = directives,
                Conditionals = conditionals,
                KeyPart = keyPart,
                StaticKey = staticKey,
            };
        }

        private void Step(string text, char c)
        {
            switch (state)
            {
                case State.Data:
                    if (c == '<')
                    {
                        FlushOutput();
                        tagStartSegment = segments.Count;
                        markersInTag = 0;
                        tag.Reset();
                        (tag.StartStatic, tag.StartChar, tag.PartsAtStart, tag.DirectivesAtStart) = (staticIndex, charIndex, parts.Count, directives.Count);
                        state = State.TagOpen;
                    }
                    else if (textOwnedElement is not null && !IsSpace(c)) FailTextOwned();
                    output.Append(c);
                    return;
                case State.TagOpen:
                    output.Append(c);
                    if (c == '!')
                        state = text.AsSpan(charIndex + 1).StartsWith("--") ? EnterComment() : State.BogusComment;
                    else if (c == '?') state = State.BogusComment;
                    else if (c == '/') { isEndTag = true; tagName.Clear(); state = State.EndTag; }
                    else if (textOwnedElement is not null) FailTextOwned();
                    else if (char.IsAsciiLetter(c)) { isEndTag = false; tagName.Clear().Append(char.ToLowerInvariant(c)); state = State.TagName; }
                    else state = State.Data; // a lone '<' is text, as in HTML
                    return;
                case State.TagName:
                    output.Append(c);
                    if (IsSpace(c)) state = State.BeforeAttrName;
                    else if (c == '/') state = State.SelfClosing;
                    else if (c == '>') EndTag();
                    else tagName.Append(char.ToLowerInvariant(c));
                    return;
                case State.EndTag:
                    output.Append(c);
                    if (c == '>')
                    {
                        state = State.Data;
                        if (textOwnedElement is not null && tagName.ToString().Trim().Equals(textOwnedElement, StringComparison.OrdinalIgnoreCase))
                            textOwnedElement = null;
                    }
                    else tagName.Append(c);
                    return;
                case State.BeforeAttrName:
                    if (IsSpace(c)) { output.Append(c); return; }
                    if (c == '/') { output.Append(c); state = State.SelfClosing; return; }
                    if (c == '>') { output.Append(c); EndTag(); return; }
                    attrStart = output.Length;
                    attrName.Clear().Append(char.ToLowerInvariant(c));
                    attrValue.Clear();
                    output.Append(c);
                    state = State.AttrName;
                    return;
                case State.AttrName:
                    if (IsSpace(c)) { output.Append(c); state = State.AfterAttrName; return; }
                    if (c == '=') { output.Append(c); state = State.BeforeAttrValue; return; }
                    if (c == '/' || c == '>') { EndAttribute(); state = State.BeforeAttrName; Step(text, c); return; }
                    attrName.Append(char.ToLowerInvariant(c));
                    output.Append(c);
                    return;
                case State.AfterAttrName:
                    if (IsSpace(c)) { output.Append(c); return; }
                    if (c == '=') { output.Append(c); state = State.BeforeAttrValue; return; }
                    EndAttribute();
                    state = State.BeforeAttrName;
                    Step(text, c);
                    return;
                case State.BeforeAttrValue:
                    if (IsSpace(c)) { output.Append(c); return; }
                    if (c == '"') { output.Append(c); state = State.AttrValueDouble; return; }
                    if (c == '\'') { output.Append(c); state = State.AttrValueSingle; return; }
                    if (c == '>') { EndAttribute(); output.Append(c); EndTag(); return; }
                    state = State.AttrValueUnquoted;
                    Step(text, c);
                    return;
                case State.AttrValueDouble:
                case State.AttrValueSingle:
                    if (c == (state == State.AttrValueDouble ? '"' : '\''))
                    {
                        if (dynamicPieces is null) output.Append(c);
                        EndAttribute();
                        state = State.BeforeAttrName;
                        return;
                    }
                    AttrChar(c);
                    return;
                case State.AttrValueUnquoted:
                    if (IsSpace(c) || c == '>')
                    {
                        EndAttribute();
                        state = State.BeforeAttrName;
                        Step(text, c);
                        return;
                    }
                    AttrChar(c);
                    return;
                case State.SelfClosing:
                    output.Append(c);
                    if (c == '>') EndTag();
                    else if (!IsSpace(c)) state = State.BeforeAttrName;
                    return;
                case State.Comment:
                    output.Append(c);
                    if (c == '>' && output.Length >= 3 && output[^2] == '-' && output[^3] == '-' && output.Length - commentStart >= 3)
                        state = State.Data;
                    return;
                case State.BogusComment:
                    output.Append(c);
                    if (c == '>') state = State.Data;
                    return;
                case State.RawText:
                    output.Append(c);
                    if (c == '>' && EndsRawText()) state = State.Data;
                    return;
            }
        }

        private int commentStart;

        private State EnterComment()
        {
            // Skip the "--" of "<!--" so that "<!-->" is not read as an end.
            output.Append("--");
            charIndex += 2;
            commentStart = output.Length;
            return State.Comment;
        }

        private void AttrChar(char c)
        {
            if (dynamicPieces is null) { output.Append(c); attrValue.Append(c); }
            else attrValue.Append(c);
        }

        private void EndTag()
        {
            state = State.Data;
            if (isEndTag) return;
            var name = tagName.ToString();
            if (tag.If is not null) { CompileConditional(name); return; }
            if (tag.Any) ApplyDirectives(name);
            if (HasTextContent(name))
            {
                rawTextEnd = "</" + name;
                state = State.RawText;
            }
        }

        private void Slot(int slot)
        {
            switch (state)
            {
                case State.Data:
                    if (textOwnedElement is not null) FailTextOwned();
                    FlushOutput();
                    var part = new TextPart(parts.Count, slot);
                    parts.Add(part);
                    segments.Add(new PartSegment(part.Index));
                    return;
                case State.BeforeAttrValue:
                    StartDynamicAttribute(quoted: false);
                    state = State.AttrValueUnquoted;
                    dynamicPieces!.Add(AttrPiece.ForSlot(slot));
                    return;
                case State.AttrValueDouble:
                case State.AttrValueSingle:
                case State.AttrValueUnquoted:
                    if (dynamicPieces is null) StartDynamicAttribute(quoted: state != State.AttrValueUnquoted);
                    else if (attrValue.Length > 0) { dynamicPieces.Add(StaticPiece()); attrValue.Clear(); }
                    dynamicPieces!.Add(AttrPiece.ForSlot(slot));
                    return;
                case State.Comment:
                case State.BogusComment:
                    Fail("a ${...} inside an HTML comment is not allowed; move it out of the comment");
                    return;
                case State.RawText:
                    Fail($"a ${{...}} inside <{tagName}> is not supported; render the whole element from a value instead");
                    return;
                default:
                    Fail("a ${...} inside a tag must be an attribute value, like name=\"${...}\"");
                    return;
            }
        }

        private void FlushOutput()
        {
            if (output.Length == 0) return;
            segments.Add(new StaticSegment(output.ToString()));
            output.Clear();
        }

        private static List<Segment> MergeStatics(List<Segment> list)
        {
            var merged = new List<Segment>(list.Count);
            foreach (var segment in list)
            {
                if (segment is StaticSegment s && merged.Count > 0 && merged[^1] is StaticSegment previous)
                    merged[^1] = new StaticSegment(previous.Html + s.Html);
                else merged.Add(segment);
            }
            return merged;
        }

        /// <summary>
        /// The '&gt;' just read closes the raw-text element: "&lt;/script&gt;", and as in HTML also
        /// "&lt;/script &gt;" or "&lt;/script/&gt;" (whitespace or a slash before the '&gt;').
        /// </summary>
        private bool EndsRawText()
        {
            int end = output.Length - 1; // the '>'
            while (end > 0 && (IsSpace(output[end - 1]) || output[end - 1] == '/')) end--;
            if (end < rawTextEnd.Length) return false;
            for (int i = 0; i < rawTextEnd.Length; i++)
                if (char.ToLowerInvariant(output[end - rawTextEnd.Length + i]) != rawTextEnd[i]) return false;
            return true;
        }

        private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';

        /// <summary>Line and column of a place in the statics, as the developer sees the template (statics joined by ${...}).</summary>
        private (int Line, int Column) Position(int atStatic, int atChar)
        {
            int line = baseLine, column = baseColumn;
            for (int s = 0; s <= Math.Min(atStatic, statics.Count - 1); s++)
            {
                var text = statics[s];
                int end = s == atStatic ? Math.Min(atChar, text.Length) : text.Length;
                for (int i = 0; i < end; i++)
                {
                    if (text[i] == '\n') { line++; column = 1; } else column++;
                }
                // a slot follows every static but the last (atStatic passes the last when the template has ended)
                if (s < atStatic && s < statics.Count - 1) column += "${...}".Length;
            }
            return (line, column);
        }

        private void Fail(string message)
        {
            var (line, column) = Position(staticIndex, charIndex);
            throw new LiveTsException(EngineErrorCodes.TemplateInvalid, $"template error at line {line}, column {column}: {message}");
        }
    }
}
