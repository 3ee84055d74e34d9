using LiveTs.Engine.Templates.Expressions;

namespace LiveTs.Engine.Templates;

/// <summary>What a directive's value becomes in the render (the TypeScript side converts by kind).</summary>
internal enum DirectiveKind : byte
{
    /// <summary>ts-text: the element's content, as text.</summary>
    Text,
    /// <summary>ts-show: the boolean <c>hidden</c> attribute, present when the expression is falsy.</summary>
    Show,
    /// <summary>ts-if: true when the element is there.</summary>
    If,
    /// <summary>ts-class: the class names whose expressions are truthy, after the static class.</summary>
    Class,
    /// <summary>ts-model on an input, textarea or select: the <c>value</c>.</summary>
    ModelValue,
    /// <summary>ts-model on a checkbox: <c>checked</c> when the value is truthy.</summary>
    ModelChecked,
    /// <summary>ts-model on a radio button: <c>checked</c> when the value equals the radio's value (<see cref="Directive.Argument"/>).</summary>
    ModelRadio,
}

/// <summary>
/// A directive of a template (docs/design.md §2.5): its expression is evaluated against the view's state
/// at every render and fills value number <c>Template.SlotCount + its index</c>, after the
/// template's own slots.
/// </summary>
internal sealed record Directive(DirectiveKind Kind, Expression Expression, string? Argument = null)
{
    /// <summary>
    /// The directives of a template as the TypeScript side reads them:
    /// <c>[[kind, expression, argument|null], …]</c> with kind as its enum name ("Text", "Class", …).
    /// </summary>
    public static string ListToJson(IReadOnlyList<Directive> directives)
    {
        var sb = new System.Text.StringBuilder("[");
        for (int i = 0; i < directives.Count; i++)
        {
            var d = directives[i];
            if (i > 0) sb.Append(',');
            sb.Append("[\"").Append(d.Kind).Append("\",").Append(d.Expression.ToJson()).Append(',');
            if (d.Argument is null) sb.Append("null");
            else Expression.WriteString(sb, d.Argument);
            sb.Append(']');
        }
        return sb.Append(']').ToString();
    }
}
