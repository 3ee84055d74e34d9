using System.Text;
using LiveTs.Engine.Html;
using LiveTs.Engine.Templates.Expressions;

namespace LiveTs.Engine.Templates;

internal static partial class TemplateCompiler
{
    private sealed partial class Compilation
    {
        // Directives (ts-text, ts-show, ts-class, ts-model): their expressions, and the parts they add at the end of a start tag.
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

    }
}
