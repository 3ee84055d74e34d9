using LiveTs.Engine.Templates;

namespace LiveTs.Engine.Rendering;

internal enum StreamOpKind : byte { Reset, Delete, Insert }

/// <summary>
/// One operation on a stream: every item leaves (reset), the item with <see cref="Key"/> leaves
/// (delete), or <see cref="Item"/> goes in at <see cref="At"/> (-1: the end) and the stream is trimmed
/// to <see cref="Limit"/> items from the other end (0: no limit). An item whose key is already shown
/// is replaced where it is.
/// </summary>
internal readonly record struct StreamOp(StreamOpKind Kind, string Key, int At, int Limit, RenderValue Item);

/// <summary>
/// What a stream part (docs/components.md, "Streams") carries in one render: the operations the view
/// made since its last render. They are written once (as patch operations, or as markup) and then
/// dropped: neither the engine nor the view keeps a stream's items, only the fingerprint of the last
/// batch (so an equal batch, as the connected mount repeats the static one, sends nothing) and the
/// templates its items used (so the events they declare stay accepted).
/// </summary>
internal sealed class StreamBatch(ulong fingerprint, StreamOp[] ops, IReadOnlySet<Template> templates)
{
    public ulong Fingerprint { get; } = fingerprint;
    public IReadOnlySet<Template> Templates { get; } = templates;
    private StreamOp[]? ops = ops;

    /// <summary>The operations, once: later calls get none (the items are gone from memory).</summary>
    public StreamOp[] Take()
    {
        var taken = ops ?? [];
        ops = null;
        return taken;
    }

    /// <summary>
    /// The items the operations leave in an empty stream, in order: what a render of the stream as
    /// markup shows. A linked list with a key index, so a batch of 100,000 items put at either end
    /// costs linear time.
    /// </summary>
    public static IEnumerable<RenderValue> Apply(StreamOp[] ops)
    {
        var items = new LinkedList<(string Key, RenderValue Item)>();
        var byKey = new Dictionary<string, LinkedListNode<(string Key, RenderValue Item)>>(StringComparer.Ordinal);
        foreach (var op in ops)
        {
            switch (op.Kind)
            {
                case StreamOpKind.Reset: items.Clear(); byKey.Clear(); break;
                case StreamOpKind.Delete:
                    if (byKey.Remove(op.Key, out var gone)) items.Remove(gone);
                    break;
                case StreamOpKind.Insert:
                    if (byKey.TryGetValue(op.Key, out var existing)) { existing.Value = (op.Key, op.Item); break; }
                    byKey[op.Key] = op.At < 0 || op.At >= items.Count ? items.AddLast((op.Key, op.Item)) : items.AddBefore(NodeAt(items, op.At), (op.Key, op.Item));
                    while (op.Limit > 0 && items.Count > op.Limit)
                    {
                        var trimmed = op.At < 0 ? items.First! : items.Last!; // from the other end
                        byKey.Remove(trimmed.Value.Key);
                        items.Remove(trimmed);
                    }
                    break;
            }
        }
        foreach (var (_, item) in items) yield return item;
    }

    private static LinkedListNode<(string, RenderValue)> NodeAt(LinkedList<(string, RenderValue)> items, int index)
    {
        var node = items.First!;
        for (int i = 0; i < index; i++) node = node.Next!;
        return node;
    }

    /// <summary>Whether an item of this stream (any template its items used) declares the event.</summary>
    public bool Declares(string name)
    {
        foreach (var template in Templates) if (Declares(template, name)) return true;
        return false;
    }

    private static bool Declares(Template template, string name)
    {
        if (template.EventNames.Contains(name)) return true;
        foreach (var conditional in template.Conditionals) if (Declares(conditional.Template, name)) return true;
        return false;
    }
}
