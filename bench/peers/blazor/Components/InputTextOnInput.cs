using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Rendering;

namespace BlazorPeer.Components;

/// <summary>
/// InputText that updates (and so validates) on every keystroke: the same render tree as InputText,
/// with the value bound to <c>oninput</c> instead of <c>onchange</c> — the usual way a Blazor
/// developer gets as-you-type validation in an EditForm.
/// </summary>
public sealed class InputTextOnInput : InputText
{
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "input");
        builder.AddMultipleAttributes(1, AdditionalAttributes);
        builder.AddAttributeIfNotNullOrEmpty(2, "class", CssClass);
        builder.AddAttribute(3, "value", CurrentValueAsString);
        builder.AddAttribute(4, "oninput", EventCallback.Factory.CreateBinder<string?>(this, value => CurrentValueAsString = value, CurrentValueAsString));
        builder.SetUpdatesAttributeName("value");
        builder.AddElementReferenceCapture(5, reference => Element = reference);
        builder.CloseElement();
    }
}

internal static class RenderTreeBuilderExtensions
{
    public static void AddAttributeIfNotNullOrEmpty(this RenderTreeBuilder builder, int sequence, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value)) builder.AddAttribute(sequence, name, value);
    }
}
