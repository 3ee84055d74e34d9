using System.Text;
using LiveTs.Engine.Html;
using LiveTs.Engine.Templates.Expressions;

namespace LiveTs.Engine.Templates;

internal static partial class TemplateCompiler
{
    private sealed partial class Compilation
    {
        // ts-if: the element becomes a template of its own, shown in a text part of the enclosing one.
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

    }
}
