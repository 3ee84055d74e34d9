using LiveTs.Engine.Html;
using LiveTs.Engine.Templates;

namespace LiveTs.Engine.Rendering;

internal enum ValueKind : byte
{
    Nothing, Text, Raw, True, False, Instance, List, PlainHtml,
    /// <summary>A stateful component, by reference: its render is in its slot (docs/components.md).</summary>
    Component,
    /// <summary>A stream's operations since the last render, dropped once written (docs/components.md, "Streams").</summary>
    Stream,
}

/// <summary>
/// One dynamic value of a render: what a slot holds. Immutable, so renders share the parts they
/// have in common: a connection's next render reuses every unchanged subtree of the last one, and
/// connections that show the same page share one tree (docs/architecture.md, "Renders").
/// </summary>
internal readonly struct RenderValue : IEquatable<RenderValue>
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
    public static RenderValue List(RenderValue[] items, ulong fingerprint = 0) => new(ValueKind.List, new RenderList(items, fingerprint, default));
    internal static RenderValue List(RenderValue[] items, ulong fingerprint, ListChunks.Prints chunks) => new(ValueKind.List, new RenderList(items, fingerprint, chunks));
    /// <summary>A list the JS side stamped (RenderTreeReader's 'L'): its next render may refer to its items by that stamp.</summary>
    internal static RenderValue StampedList(RenderValue[] items, uint stamp) => new(ValueKind.List, new RenderList(items, 0, default, stamp));
    internal static RenderValue Plain(HtmlFragment fragment, ulong fingerprint = 0) => new(ValueKind.PlainHtml, new PlainRender(fragment, fingerprint));
    internal static RenderValue Component(ComponentSlot slot) => new(ValueKind.Component, slot);
    internal static RenderValue Stream(StreamBatch batch) => new(ValueKind.Stream, batch);

    /// <summary>Text or raw markup.</summary>
    public string String => (string)payload!;
    public TemplateInstance Instance => (TemplateInstance)payload!;
    public RenderValue[] Items => ((RenderList)payload!).Items;
    internal RenderList ListPayload => (RenderList)payload!;
    internal HtmlFragment Fragment => ((PlainRender)payload!).Fragment;
    internal ComponentSlot Slot => (ComponentSlot)payload!;
    internal StreamBatch Batch => (StreamBatch)payload!;

    /// <summary>The fingerprint of the encoding this instance, list or plain page was read from; 0 when unknown.</summary>
    public ulong Fingerprint => Kind switch
    {
        ValueKind.Instance => Instance.Fingerprint,
        ValueKind.List => ((RenderList)payload!).Fingerprint,
        ValueKind.PlainHtml => ((PlainRender)payload!).Fingerprint,
        ValueKind.Stream => Batch.Fingerprint,
        _ => 0,
    };

    /// <summary>The same object: the render reused this value from the one before it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool IsSameAs(RenderValue other) => Kind == other.Kind && ReferenceEquals(payload, other.payload);

    public bool Equals(RenderValue other)
    {
        if (Kind != other.Kind) return false;
        if (ReferenceEquals(payload, other.payload)) return true;
        return Kind switch
        {
            ValueKind.Text or ValueKind.Raw => string.Equals(String, other.String, StringComparison.Ordinal),
            ValueKind.Instance => Instance.Equals(other.Instance),
            ValueKind.List => ((RenderList)payload!).Equals((RenderList)other.payload!),
            ValueKind.PlainHtml => Fragment.Source.SequenceEqual(other.Fragment.Source),
            // A component is its slot (the same object, compared above); a stream batch is its encoding.
            ValueKind.Component => false,
            ValueKind.Stream => Rendering.Fingerprint.Same(Batch.Fingerprint, other.Batch.Fingerprint),
            _ => true,
        };
    }

    public override bool Equals(object? obj) => obj is RenderValue v && Equals(v);
    public override int GetHashCode() => HashCode.Combine(Kind, payload);
}

/// <summary>A plain HTML string's parse, with the fingerprint of the render tree it was read from (0 when unknown).</summary>
internal sealed class PlainRender(HtmlFragment fragment, ulong fingerprint)
{
    public HtmlFragment Fragment { get; } = fragment;
    public ulong Fingerprint { get; } = fingerprint;
}

/// <summary>
/// The items of a list value, with the fingerprints of their encoding: all of it, and its chunks
/// (<see cref="ListChunks"/>); or, for a list the JS side stamped, its stamp (0 for none).
/// </summary>
internal sealed class RenderList(RenderValue[] items, ulong fingerprint, ListChunks.Prints chunks, uint stamp = 0)
{
    public RenderValue[] Items { get; } = items;
    public ulong Fingerprint { get; } = fingerprint;
    public ListChunks.Prints Chunks { get; } = chunks;
    /// <summary>The JS side's name for exactly these items (unique in the process): a later render refers to them by it.</summary>
    public uint Stamp { get; } = stamp;

    public bool Equals(RenderList other)
    {
        if (Rendering.Fingerprint.Same(Fingerprint, other.Fingerprint)) return true;
        return Items.AsSpan().SequenceEqual(other.Items);
    }
}

/// <summary>A template with the values of one render.</summary>
internal sealed class TemplateInstance(Template template, RenderValue[] values, ulong fingerprint = 0) : IEquatable<TemplateInstance>
{
    public Template Template { get; } = template;
    public RenderValue[] Values { get; } = values;
    /// <summary>The fingerprint of the encoding this instance was read from (0 for one made by a ts-if).</summary>
    public ulong Fingerprint { get; } = fingerprint;
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

    /// <summary>Same template and values. Two fingerprints settle it at once; otherwise the values are compared.</summary>
    public bool Equals(TemplateInstance? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (!ReferenceEquals(Template, other.Template)) return false;
        if (Fingerprint != 0 && other.Fingerprint != 0) return Fingerprint == other.Fingerprint;
        return Values.AsSpan().SequenceEqual(other.Values);
    }

    public override bool Equals(object? obj) => Equals(obj as TemplateInstance);
    public override int GetHashCode() => Template.Id;
}
