namespace LiveTs.Engine.Rendering;

/// <summary>
/// One stateful component on one connection's page (docs/components.md). A render tree refers to it
/// by number (<see cref="ValueKind.Component"/>); its own render lives here, so an event of the
/// component re-renders and diffs it alone, in place, whatever the size of the page around it.
/// Slots are the connection's own: a tree that refers to one is never shared with another connection.
/// </summary>
internal sealed class ComponentSlot(int number, string id)
{
    /// <summary>The number the page knows it by: the EVENT target, the ENTER_COMPONENT operand.</summary>
    public int Number { get; } = number;
    /// <summary>The id the application gave it (<c>component(Card, { id: 'card-7' })</c>), what <c>ts-target</c> names.</summary>
    public string Id { get; } = id;
    /// <summary>The component's render as the client shows it (meaningful once <see cref="Rendered"/>).</summary>
    public RenderValue Content { get; set; }
    public bool Rendered { get; set; }
}
