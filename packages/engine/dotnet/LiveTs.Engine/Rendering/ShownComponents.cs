namespace LiveTs.Engine.Rendering;

/// <summary>
/// The components a connection's page shows, by number, and what the render being read changed of
/// them: the components whose render changed while the client already showed them (patched in place,
/// before the page around them) and the ones the render placed for the first time.
/// </summary>
internal sealed class ShownComponents
{
    private readonly Dictionary<int, ComponentSlot> slots = [];

    /// <summary>Components the client showed whose render changed in the tree just read, with what the client showed; nested ones first.</summary>
    public List<(ComponentSlot Slot, RenderValue Before)> Changed { get; } = [];
    /// <summary>Slots the tree being read placed for the first time: each needs its render in the same tree.</summary>
    private readonly List<ComponentSlot> placed = [];

    public int Count => slots.Count;

    public bool TryGet(int number, out ComponentSlot slot) => slots.TryGetValue(number, out slot!);

    /// <summary>A reference in a render tree: the slot of that number, or a new one (a new component, or another id at that number).</summary>
    public ComponentSlot Place(int number, string id)
    {
        if (slots.TryGetValue(number, out var slot) && slot.Id == id) return slot;
        slot = new ComponentSlot(number, id);
        slots[number] = slot;
        placed.Add(slot);
        return slot;
    }

    /// <summary>Starts reading a tree.</summary>
    public void BeginRead()
    {
        Changed.Clear();
        placed.Clear();
    }

    /// <summary>Every slot the tree placed got its render; returns the first one that did not.</summary>
    public ComponentSlot? Unrendered()
    {
        foreach (var slot in placed) if (!slot.Rendered) return slot;
        return null;
    }

    /// <summary>The component left the page (it was unmounted): its number is not used again.</summary>
    public void Forget(int number) => slots.Remove(number);

    public void Clear() => slots.Clear();
}
