using LiveTs.Engine.Html;
using LiveTs.Engine.Templates;

namespace LiveTs.Engine.Rendering;

public enum ValueKind : byte { Nothing, Text, Raw, True, False, Instance, List, PlainHtml }

/// <summary>
/// One dynamic value of a render: what a slot holds. Immutable; a session keeps the last render's
/// values to compare the next one against.
/// </summary>
public readonly struct RenderValue : IEquatable<RenderValue>
{
    public ValueKind Kind { get; }
    private readonly object? payload;

    private RenderValue(ValueKind kind, object? payload) { Kind = kind; this.payload = payload; }

    public static readonly RenderValue Nothing = new(ValueKind.Nothing, null);
    public static readonly RenderValue True = new(ValueKind.True, null);
    public static readonly RenderValue False = new(ValueKind.False, null);
    public static RenderValue Text(string text) => new(ValueKind.Text, text);
    public static RenderValue Raw(string html) => new(ValueKind.Raw, html);
    public static RenderValue Of(TemplateInstance instance) => new(ValueKind.Instance, instance);
    public static RenderValue List(RenderValue[] items) => new(ValueKind.List, items);
    public static RenderValue Plain(HtmlFragment fragment) => new(ValueKind.PlainHtml, fragment);

    /// <summary>Text or raw markup.</summary>
    public string String => (string)payload!;
    public TemplateInstance Instance => (TemplateInstance)payload!;
    public RenderValue[] Items => (RenderValue[])payload!;
    public HtmlFragment Fragment => (HtmlFragment)payload!;

    public bool Equals(RenderValue other)
    {
        if (Kind != other.Kind) return false;
        return Kind switch
        {
            ValueKind.Text or ValueKind.Raw => string.Equals(String, other.String, StringComparison.Ordinal),
            ValueKind.Instance => Instance.Equals(other.Instance),
            ValueKind.List => Items.AsSpan().SequenceEqual(other.Items),
            ValueKind.PlainHtml => Fragment.Source == other.Fragment.Source,
            _ => true,
        };
    }

    public override bool Equals(object? obj) => obj is RenderValue v && Equals(v);
    public override int GetHashCode() => HashCode.Combine(Kind, payload);
}

/// <summary>A template with the values of one render.</summary>
public sealed class TemplateInstance(Template template, RenderValue[] values) : IEquatable<TemplateInstance>
{
    public Template Template { get; } = template;
    public RenderValue[] Values { get; } = values;
    private string? key;

    /// <summary>
    /// The value of the template's <c>ts-key</c> (its identity in a list), or null without one.
    /// Kept once computed: the next render's diff asks the previous render's items again.
    /// </summary>
    public string? Key
    {
        get
        {
            if (key is not null) return key;
            if (Template.KeyPart >= 0) key = HtmlWriter.AttributeValue((AttrPart)Template.Parts[Template.KeyPart], Values);
            else key = Template.StaticKey;
            return key;
        }
    }

    public bool Equals(TemplateInstance? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (ReferenceEquals(Template, other.Template) && Values.AsSpan().SequenceEqual(other.Values)));

    public override bool Equals(object? obj) => Equals(obj as TemplateInstance);
    public override int GetHashCode() => Template.Id;
}
