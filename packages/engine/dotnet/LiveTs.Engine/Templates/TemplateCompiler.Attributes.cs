using System.Text;
using LiveTs.Engine.Html;
using LiveTs.Engine.Templates.Expressions;

namespace LiveTs.Engine.Templates;

internal static partial class TemplateCompiler
{
    private sealed partial class Compilation
    {
        // Attributes: where a dynamic attribute becomes a part, and the static ones directives read (TemplateCompiler.cs walks the statics).
        /// <summary>The attribute just read ends: record directives, and close a dynamic attribute into a part.</summary>
        private void EndAttribute()
        {
            var name = attrName.ToString();
            CheckDirective(name);
            if (dynamicPieces is null)
            {
                if (StaticAttribute(name)) return;
                if (DirectiveNames.IsJs(name))
                {
                    // Client commands are checked here, once, so that a typo fails the template (and livets check).
                    var commands = Decoded(attrValue.ToString());
                    try { JsCommands.Parse(commands); }
                    catch (FormatException e) { Fail($"{name}: {e.Message}"); }
                    Declare(name, commands);
                }
                else if (DirectiveNames.TakesAName(name))
                {
                    if (attrValue.ToString().Trim().Length == 0)
                        Fail(name.StartsWith(DirectiveNames.On, StringComparison.Ordinal) ? $"{name} needs a handler name, like {name}=\"increment\"" : $"{name} needs a name, like {name}=\"contact\"");
                    Declare(name, attrValue.ToString());
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

        /// <summary>Records the events a static attribute declares (DirectiveNames.DeclaredEvents).</summary>
        private void Declare(string name, string value)
        {
            foreach (var declared in DirectiveNames.DeclaredEvents(name, value))
                if (events.Add(declared)) tag.AddedEvents.Add(declared);
        }

                private void CheckDirective(string name)
        {
            if (DirectiveNames.Problem(name) is { } problem) Fail(problem);
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

    }
}
