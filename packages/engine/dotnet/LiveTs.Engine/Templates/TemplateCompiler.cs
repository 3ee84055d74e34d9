using System.Text;
using LiveTs.Engine.Html;

namespace LiveTs.Engine.Templates;

/// <summary>
/// Turns the statics of an <c>html`...`</c> template into segments and parts, once per template.
/// A small HTML tokenizer walks the statics; at each slot boundary its state tells what the slot is:
/// text between tags, or (part of) an attribute value. Anything else is a compile error that
/// names the place, because the template, not user input, is wrong.
/// </summary>
public static class TemplateCompiler
{
    private static readonly string[] RawTextElements = ["script", "style", "textarea", "title"];
    private static readonly string[] KnownDirectivePrefixes = ["ts-on:", "ts-value-"];
    private static readonly string[] KnownDirectives = ["ts-key"];

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

    private sealed class Compilation(IReadOnlyList<string> statics)
    {
        private readonly List<Segment> segments = [];
        private readonly List<Part> parts = [];
        private readonly HashSet<string> events = new(StringComparer.Ordinal);
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

        public Template Run(int id)
        {
            for (staticIndex = 0; staticIndex < statics.Count; staticIndex++)
            {
                var text = statics[staticIndex];
                for (charIndex = 0; charIndex < text.Length; charIndex++)
                    Step(text, text[charIndex]);
                if (staticIndex < statics.Count - 1) Slot(staticIndex);
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
            };
        }

        private void Step(string text, char c)
        {
            switch (state)
            {
                case State.Data:
                    if (c == '<') { FlushOutput(); tagStartSegment = segments.Count; markersInTag = 0; state = State.TagOpen; }
                    output.Append(c);
                    return;
                case State.TagOpen:
                    output.Append(c);
                    if (c == '!')
                        state = text.AsSpan(charIndex + 1).StartsWith("--") ? EnterComment() : State.BogusComment;
                    else if (c == '?') state = State.BogusComment;
                    else if (c == '/') { isEndTag = true; tagName.Clear(); state = State.EndTag; }
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
                    if (c == '>') state = State.Data;
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
                    if (c == '>' && EndsWithIgnoreCase(output, rawTextEnd)) state = State.Data;
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
            if (Array.IndexOf(RawTextElements, name) >= 0)
            {
                rawTextEnd = "</" + name + ">";
                state = State.RawText;
            }
        }

        /// <summary>The attribute just read ends: record directives, and close a dynamic attribute into a part.</summary>
        private void EndAttribute()
        {
            var name = attrName.ToString();
            CheckDirective(name);
            if (dynamicPieces is null)
            {
                if (name.StartsWith("ts-on:", StringComparison.Ordinal))
                {
                    var handler = attrValue.ToString().Trim();
                    if (handler.Length == 0) Fail($"{name} needs a handler name, like {name}=\"increment\"");
                    events.Add(handler);
                }
                return;
            }
            if (attrValue.Length > 0) dynamicPieces.Add(StaticPiece());
            attrValue.Clear();
            var part = new AttrPart(parts.Count, name, dynamicPieces);
            parts.Add(part);
            FlushOutput();
            segments.Add(new PartSegment(part.Index));
            segments.Insert(tagStartSegment + markersInTag, new AttrMarkerSegment(part.Index));
            markersInTag++;
            dynamicPieces = null;
        }

        private void CheckDirective(string name)
        {
            if (!name.StartsWith("ts-", StringComparison.Ordinal)) return;
            foreach (var prefix in KnownDirectivePrefixes)
                if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length) return;
            if (Array.IndexOf(KnownDirectives, name) >= 0) return;
            Fail($"unknown directive '{name}'; known: ts-on:<event>, ts-value-<name>, ts-key");
        }

        private void Slot(int slot)
        {
            switch (state)
            {
                case State.Data:
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

        private void StartDynamicAttribute(bool quoted)
        {
            var name = attrName.ToString();
            if (name.StartsWith("ts-on:", StringComparison.Ordinal))
                Fail($"{name} takes a handler name written in the template, not a ${{...}} value");
            // The attribute leaves the static output; the part writes name="value" itself.
            output.Length = attrStart;
            dynamicPieces = [];
            if (attrValue.Length > 0) dynamicPieces.Add(StaticPiece());
            attrValue.Clear();
            _ = quoted;
        }

        /// <summary>
        /// The static text read so far in a dynamic attribute's value, as a value: its character
        /// references decoded (the writer escapes the joined value, and SET_ATTR sends it unescaped).
        /// </summary>
        private AttrPiece StaticPiece()
        {
            var source = attrValue.ToString();
            if (!source.Contains('&')) return AttrPiece.Static(source);
            var decoded = new StringBuilder(source.Length);
            for (int i = 0; i < source.Length;)
                if (source[i] == '&') i = CharacterReference.Decode(source, i, decoded, inAttribute: true);
                else decoded.Append(source[i++]);
            return AttrPiece.Static(decoded.ToString());
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

        private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';

        private static bool EndsWithIgnoreCase(StringBuilder sb, string suffix)
        {
            if (sb.Length < suffix.Length) return false;
            for (int i = 0; i < suffix.Length; i++)
                if (char.ToLowerInvariant(sb[sb.Length - suffix.Length + i]) != suffix[i]) return false;
            return true;
        }

        private void Fail(string message)
        {
            // Position as the developer sees the template: statics joined by ${...}.
            int line = 1, column = 1;
            for (int s = 0; s <= Math.Min(staticIndex, statics.Count - 1); s++)
            {
                var text = statics[s];
                int end = s == staticIndex ? Math.Min(charIndex, text.Length) : text.Length;
                for (int i = 0; i < end; i++)
                {
                    if (text[i] == '\n') { line++; column = 1; } else column++;
                }
                // a slot follows every static but the last (staticIndex passes the last when the template has ended)
                if (s < staticIndex && s < statics.Count - 1) column += "${...}".Length;
            }
            throw new LiveTsException(EngineErrorCodes.TemplateInvalid, $"template error at line {line}, column {column}: {message}");
        }
    }
}
