using System.Text;
using LiveTs.Engine.Html;
using LiveTs.Engine.Templates.Expressions;

namespace LiveTs.Engine.Templates;

/// <summary>
/// Turns the statics of an <c>html`...`</c> template into segments and parts, once per template.
/// A small HTML tokenizer walks the statics; at each slot boundary its state tells what the slot is:
/// text between tags, or (part of) an attribute value. Anything else is a compile error that
/// names the place, because the template, not user input, is wrong.
/// </summary>
internal static class TemplateCompiler
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

    private sealed class Compilation(IReadOnlyList<string> statics, int baseLine = 1, int baseColumn = 1, bool rootIfHandled = false)
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

        /// <summary>The attribute just read ends: record directives, and close a dynamic attribute into a part.</summary>
        private void EndAttribute()
        {
            var name = attrName.ToString();
            CheckDirective(name);
            if (dynamicPieces is null)
            {
                if (StaticAttribute(name)) return;
                if (DirectiveNames.TakesAName(name))
                {
                    var declared = DirectiveNames.DeclaredEvent(name, attrValue.ToString());
                    if (attrValue.ToString().Trim().Length == 0)
                        Fail(name.StartsWith(DirectiveNames.On, StringComparison.Ordinal) ? $"{name} needs a handler name, like {name}=\"increment\"" : $"{name} needs a name, like {name}=\"contact\"");
                    if (declared is not null && events.Add(declared)) tag.AddedEvents.Add(declared);
                }
                else if (name == DirectiveNames.Key && keyPart < 0 && staticKey is null) staticKey = attrValue.ToString();
                return;
            }
            if (attrValue.Length > 0) dynamicPieces.Add(StaticPiece());
            attrValue.Clear();
            if (name == "class") tag.ClassAttribute.Dynamic = true;
            else if (name == "value") tag.DynamicValue = true;
            var part = new AttrPart(parts.Count, name, dynamicPieces);
            parts.Add(part);
            if (name == DirectiveNames.Key && keyPart < 0 && staticKey is null) keyPart = part.Index;
            FlushOutput();
            segments.Add(new PartSegment(part.Index));
            segments.Insert(tagStartSegment + markersInTag, new AttrMarkerSegment(part.Index));
            markersInTag++;
            dynamicPieces = null;
        }

        private void CheckDirective(string name)
        {
            if (DirectiveNames.Problem(name) is { } problem) Fail(problem);
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

        private void StartDynamicAttribute(bool quoted)
        {
            var name = attrName.ToString();
            if (DirectiveNames.TakesAName(name))
                Fail($"{name} takes a {(name.StartsWith(DirectiveNames.On, StringComparison.Ordinal) ? "handler " : "")}name written in the template, not a ${{...}} value");
            if (name is DirectiveNames.Text or DirectiveNames.Show or DirectiveNames.Class or DirectiveNames.If || name.StartsWith(DirectiveNames.Model, StringComparison.Ordinal))
                Fail($"{name} takes an expression written in the template, like {name}=\"user.name\", not a ${{...}} value");
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
        private AttrPiece StaticPiece() => AttrPiece.Static(Decoded(attrValue.ToString()));

        private static string Decoded(string source)
        {
            if (!source.Contains('&')) return source;
            var decoded = new StringBuilder(source.Length);
            for (int i = 0; i < source.Length;)
                if (source[i] == '&') i = CharacterReference.Decode(source, i, decoded, inAttribute: true);
                else decoded.Append(source[i++]);
            return decoded.ToString();
        }

        /// <summary>
        /// A static attribute the directives care about. Returns true when it is consumed here (a
        /// server-side directive, which leaves the output, or a class that ts-class takes over).
        /// </summary>
        private bool StaticAttribute(string name)
        {
            var value = attrValue.ToString();
            switch (name)
            {
                case "class": return tag.ClassAttribute.Read(Decoded(value), attrStart, output, segments.Count, mergedByDirective: tag.Class is not null);
                case "type": tag.Type = value.Trim().ToLowerInvariant(); return false;
                case "value": tag.StaticValue = Decoded(value); return false;
                case DirectiveNames.If:
                    output.Length = attrStart;
                    if (ignoreRootIf) ignoreRootIf = false;
                    else tag.If = ParseExpression(name, value);
                    return true;
                case DirectiveNames.Text:
                    tag.Text = ParseExpression(name, value);
                    output.Length = attrStart;
                    return true;
                case DirectiveNames.Show:
                    tag.Show = ParseExpression(name, value);
                    output.Length = attrStart;
                    return true;
                case "hidden": tag.StaticHidden = true; return false;
                case DirectiveNames.Class:
                    tag.Class = ParseExpression(name, value);
                    if (tag.Class is not ClassMapExpression) Fail("ts-class takes a map of class names, like ts-class=\"{ 'active': selected }\"");
                    output.Length = attrStart;
                    TakeOver(tag.ClassAttribute, "class", name);
                    return true;
            }
            if (name == DirectiveNames.Model || name.StartsWith(DirectiveNames.Model + ".", StringComparison.Ordinal))
            {
                try { tag.Model = ExpressionParser.ParsePath(value); }
                catch (ExpressionException e) { FailInValue(name, value, e); }
                tag.ModelAttribute = name;
                return false; // stays in the markup: the client binds the element by it
            }
            return false;
        }

        /// <summary>The static attribute came before its directive: take it out of the output, the merged part writes it.</summary>
        private void TakeOver(MergedAttribute attribute, string name, string directive)
        {
            if (attribute.Static is null) return;
            if (segments.Count != attribute.SegmentsAt) Fail($"write {name}=\"...\" after the ${{...}} attributes of this element, or next to {directive}");
            output.Remove(attribute.Start, attribute.End - attribute.Start);
        }

        private Expression ParseExpression(string directive, string source)
        {
            try { return ExpressionParser.Parse(Decoded(source)); }
            catch (ExpressionException e) { FailInValue(directive, source, e); return null!; }
        }

        /// <summary>Fails at the expression's error, counted from where the attribute's value starts.</summary>
        private void FailInValue(string directive, string value, ExpressionException e)
        {
            // EndAttribute runs on the character after the value (the closing quote, a space or '>')
            charIndex = Math.Max(0, charIndex - value.Length + e.Column - 1);
            Fail($"{directive}: {e.Message}");
        }

        /// <summary>
        /// A start tag with ts-if just ended: the element, from its '&lt;' to its end tag, becomes a
        /// template of its own, shown in a text part when the expression is truthy — what
        /// <c>${cond ? html`…` : null}</c> does, written as an attribute. Its slots stay the
        /// enclosing template's; the reader hands them to the inner template (Template.Conditionals).
        /// </summary>
        private void CompileConditional(string element)
        {
            var (endStatic, endChar) = IsVoid(element) ? (staticIndex, charIndex + 1) : FindElementEnd(element);
            var inner = new List<string>();
            for (int s = tag.StartStatic; s <= endStatic; s++)
            {
                var text = statics[s];
                int from = s == tag.StartStatic ? tag.StartChar : 0, to = s == endStatic ? endChar : text.Length;
                inner.Add(text[from..to]);
            }
            // What this tag already added to the enclosing template moves into the inner one.
            parts.RemoveRange(tag.PartsAtStart, parts.Count - tag.PartsAtStart);
            segments.RemoveRange(tagStartSegment, segments.Count - tagStartSegment);
            directives.RemoveRange(tag.DirectivesAtStart, directives.Count - tag.DirectivesAtStart);
            foreach (var handler in tag.AddedEvents) events.Remove(handler);
            if (keyPart >= tag.PartsAtStart) keyPart = -1;
            output.Clear();

            var (line, column) = Position(tag.StartStatic, tag.StartChar);
            var template = new Compilation(inner, line, column, rootIfHandled: true).Run(-1);
            int condition = statics.Count - 1 + directives.Count;
            directives.Add(new Directive(DirectiveKind.If, tag.If!));
            int firstInnerDirective = statics.Count - 1 + directives.Count;
            directives.AddRange(template.Directives);
            var map = new int[template.ValueCount];
            for (int k = 0; k < map.Length; k++)
                map[k] = k < template.SlotCount ? tag.StartStatic + k : firstInnerDirective + (k - template.SlotCount);
            conditionals.Add(new Conditional(condition, template, map));
            var part = new TextPart(parts.Count, condition);
            parts.Add(part);
            segments.Add(new PartSegment(part.Index));
            // Continue after the element (the walk adds one to charIndex).
            (staticIndex, charIndex) = (endStatic, endChar - 1);
        }

        /// <summary>Where the element whose start tag just ended ends: just after its matching end tag.</summary>
        private (int Static, int Char) FindElementEnd(string element)
        {
            int depth = 1;
            for (int s = staticIndex, c = charIndex + 1; s < statics.Count; s++, c = 0)
            {
                var text = statics[s];
                for (; c < text.Length; c++)
                {
                    if (text[c] != '<') continue;
                    if (string.CompareOrdinal(text, c, "<!--", 0, 4) == 0)
                    {
                        int close = text.IndexOf("-->", c + 4, StringComparison.Ordinal);
                        if (close < 0) break;
                        c = close + 2;
                        continue;
                    }
                    bool closing = c + 1 < text.Length && text[c + 1] == '/';
                    int nameStart = c + (closing ? 2 : 1);
                    if (nameStart + element.Length > text.Length ||
                        string.Compare(text, nameStart, element, 0, element.Length, StringComparison.OrdinalIgnoreCase) != 0) continue;
                    int after = nameStart + element.Length;
                    if (after < text.Length && !(IsSpace(text[after]) || text[after] is '>' or '/')) continue;
                    if (!closing) { depth++; continue; }
                    if (--depth > 0) continue;
                    int end = text.IndexOf('>', after);
                    if (end < 0) Fail($"</{element}> is not closed with '>'");
                    return (s, end + 1);
                }
            }
            Fail($"<{element} ts-if> is never closed; close it with </{element}>");
            return default;
        }

        /// <summary>
        /// At the end of a start tag with directives: each becomes a part fed by a value after the
        /// slots. Attribute parts go before the '&gt;', the ts-text part right after it.
        /// </summary>
        private void ApplyDirectives(string element)
        {
            int close = output.Length >= 2 && output[^2] == '/' ? 2 : 1;
            var ending = output.ToString(output.Length - close, close);
            output.Length -= close;
            // The hidden attribute, not an inline style: a strict Content-Security-Policy forbids style
            // attributes. The framework's stylesheet makes [hidden] win over an author's display rule.
            if (tag.Show is not null)
            {
                if (tag.StaticHidden) Fail("ts-show sets the hidden attribute; remove hidden");
                AddDirectiveAttribute("hidden", new Directive(DirectiveKind.Show, tag.Show));
            }
            if (tag.Class is not null)
            {
                if (tag.ClassAttribute.Dynamic) Fail("ts-class cannot merge with a class that holds ${...}; move that value into ts-class");
                AddDirectiveAttribute("class", new Directive(DirectiveKind.Class, tag.Class, tag.ClassAttribute.Static));
            }
            if (tag.Model is not null) AddModel(element);
            output.Append(ending);
            if (tag.Text is not null)
            {
                if (IsVoid(element) || HasTextContent(element))
                    Fail($"ts-text cannot fill <{element}>; put it on an element with content, like <span>");
                FlushOutput();
                var part = new TextPart(parts.Count, statics.Count - 1 + directives.Count);
                directives.Add(new Directive(DirectiveKind.Text, tag.Text));
                parts.Add(part);
                segments.Add(new PartSegment(part.Index));
                textOwnedElement = element;
            }
        }

        private void AddModel(string element)
        {
            var path = (PathExpression)tag.Model!;
            if (element is not ("input" or "select" or "textarea"))
                Fail($"{tag.ModelAttribute} binds form fields: put it on <input>, <select> or <textarea>, not <{element}>");
            if (tag.DynamicValue) Fail($"{tag.ModelAttribute} sets the value; remove value=\"${{...}}\"");
            // The client sends the field's value as an event of this name; only declared names are accepted.
            events.Add($"{tag.ModelAttribute}:{path}");
            if (element == "input" && tag.Type == "checkbox")
                AddDirectiveAttribute("checked", new Directive(DirectiveKind.ModelChecked, path));
            else if (element == "input" && tag.Type == "radio")
            {
                if (tag.StaticValue is null) Fail($"a radio button with {tag.ModelAttribute} needs its own value=\"...\"");
                AddDirectiveAttribute("checked", new Directive(DirectiveKind.ModelRadio, path, tag.StaticValue));
            }
            else
            {
                if (tag.StaticValue is not null) Fail($"{tag.ModelAttribute} sets the value; remove value=\"{tag.StaticValue}\"");
                AddDirectiveAttribute("value", new Directive(DirectiveKind.ModelValue, path));
            }
        }

        private void AddDirectiveAttribute(string name, Directive directive)
        {
            output.Append(' ');
            var part = new AttrPart(parts.Count, name, [AttrPiece.ForSlot(statics.Count - 1 + directives.Count)]);
            directives.Add(directive);
            parts.Add(part);
            FlushOutput();
            segments.Add(new PartSegment(part.Index));
            segments.Insert(tagStartSegment + markersInTag, new AttrMarkerSegment(part.Index));
            markersInTag++;
        }

        private void FailTextOwned() =>
            Fail($"ts-text replaces the content of <{textOwnedElement}>; leave it empty in the template");

        /// <summary>A static attribute a directive merges with (class with ts-class, style with ts-show), and where it was written.</summary>
        private sealed class MergedAttribute
        {
            public string? Static;
            public bool Dynamic;
            public int Start, End, SegmentsAt;

            /// <summary>Records the attribute just read; true when the directive came first and the attribute leaves the output.</summary>
            public bool Read(string value, int start, StringBuilder output, int segmentCount, bool mergedByDirective)
            {
                (Static, Start, End, SegmentsAt) = (value, start, output.Length, segmentCount);
                if (!mergedByDirective) return false;
                output.Length = start;
                return true;
            }

            public void Reset() { Static = null; Dynamic = false; }
        }

        /// <summary>What the start tag being read holds that directives need at its end.</summary>
        private sealed class TagDirectives
        {
            public Expression? Text, Show, Class, Model, If;
            public int StartStatic, StartChar, PartsAtStart, DirectivesAtStart;
            public readonly List<string> AddedEvents = [];
            public string? ModelAttribute, Type, StaticValue;
            public bool DynamicValue, StaticHidden;
            public readonly MergedAttribute ClassAttribute = new();
            public bool Any => Text is not null || Show is not null || Class is not null || Model is not null;

            public void Reset()
            {
                Text = Show = Class = Model = If = null;
                AddedEvents.Clear();
                ModelAttribute = Type = StaticValue = null;
                DynamicValue = StaticHidden = false;
                ClassAttribute.Reset();
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
