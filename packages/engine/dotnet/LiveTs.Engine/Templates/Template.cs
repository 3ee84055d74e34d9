namespace LiveTs.Engine.Templates;

/// <summary>
/// A compiled <c>html`...`</c> template: its statics split into segments once, with every
/// dynamic slot resolved to a part the client can address (docs/design.md §2.3).
/// </summary>
internal sealed class Template
{
    public required int Id { get; init; }
    /// <summary>The ${...} slots of the statics.</summary>
    public required int SlotCount { get; init; }
    /// <summary>Directives whose expressions fill the values after the slots (ts-text, ts-show, ts-class, ts-model).</summary>
    public IReadOnlyList<Directive> Directives { get; init; } = [];
    /// <summary>Elements with ts-if, each compiled to a template of its own (RenderTreeReader builds their instances).</summary>
    public IReadOnlyList<Conditional> Conditionals { get; init; } = [];
    private int valueCount = -1;

    /// <summary>The values a render of this template carries: its slots, then one per directive.</summary>
    public int ValueCount => valueCount >= 0 ? valueCount : valueCount = SlotCount + Directives.Count;

    /// <summary>Whether the template has ts-if elements (read per value of every render, so kept).</summary>
    public bool HasConditionals => (conditionalsKnown ??= Conditionals.Count > 0);
    private bool? conditionalsKnown;
    /// <summary>What to write, in order, to render an instance.</summary>
    public required IReadOnlyList<Segment> Segments { get; init; }
    /// <summary>The dynamic parts, indexed by part number (the number patches carry).</summary>
    public required IReadOnlyList<Part> Parts { get; init; }
    /// <summary>Handler names declared with <c>ts-on:*</c> in the statics.</summary>
    public required IReadOnlySet<string> EventNames { get; init; }
    /// <summary>The part holding the template's first <c>ts-key</c> attribute, or -1: a list item's identity.</summary>
    public int KeyPart { get; init; } = -1;
    /// <summary>A <c>ts-key</c> written without a slot (rare: every item of the list has the same key).</summary>
    public string? StaticKey { get; init; }

    private bool[]? takenByConditional;

    /// <summary>
    /// True for a value a ts-if takes: its condition, or a value it moves into its own instance.
    /// Such a value is not at its place in an instance's <see cref="Rendering.TemplateInstance.Values"/>.
    /// </summary>
    public bool TakenByConditional(int value)
    {
        if (!HasConditionals) return false;
        if (takenByConditional is null)
        {
            var taken = new bool[ValueCount];
            foreach (var conditional in Conditionals)
            {
                taken[conditional.ValueIndex] = true;
                foreach (var moved in conditional.ValueMap) taken[moved] = true;
            }
            takenByConditional = taken;
        }
        return takenByConditional[value];
    }
}

/// <summary>One piece of a template's output.</summary>
internal abstract record Segment;
/// <summary>Markup copied as it is.</summary>
internal sealed record StaticSegment(string Html) : Segment;
/// <summary>A dynamic part written in place: a text part, or an attribute inside a tag.</summary>
internal sealed record PartSegment(int Part) : Segment;
/// <summary>The marker comment placed before an element that owns a dynamic attribute.</summary>
internal sealed record AttrMarkerSegment(int Part) : Segment;

/// <summary>A dynamic place in the template.</summary>
internal abstract record Part(int Index);

/// <summary>A slot between tags: text, raw markup, a nested template or a list.</summary>
internal sealed record TextPart(int Index, int Slot) : Part(Index);

/// <summary>
/// An attribute whose value holds one or more slots, e.g. <c>class="btn ${kind}"</c>.
/// <see cref="Pieces"/> alternates static strings and slot numbers.
/// </summary>
internal sealed record AttrPart(int Index, string Name, IReadOnlyList<AttrPiece> Pieces) : Part(Index)
{
    /// <summary>A value that is exactly one slot, e.g. <c>disabled=${x}</c>: false or null removes the attribute.</summary>
    public bool IsWholeValue => Pieces.Count == 1 && Pieces[0].Slot >= 0;
}

/// <summary>Static text (Slot &lt; 0) or a slot reference.</summary>
internal readonly record struct AttrPiece(string Text, int Slot)
{
    public static AttrPiece Static(string text) => new(text, -1);
    public static AttrPiece ForSlot(int slot) => new("", slot);
}

/// <summary>
/// An element with <c>ts-if</c>: its own <see cref="Template"/>, shown in the text part fed by value
/// <see cref="ValueIndex"/> (the condition) when true. <see cref="ValueMap"/> gives, for each of the
/// inner template's values, the enclosing template's value it is.
/// </summary>
internal sealed record Conditional(int ValueIndex, Template Template, int[] ValueMap);
