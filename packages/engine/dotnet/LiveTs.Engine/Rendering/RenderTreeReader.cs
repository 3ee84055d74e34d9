using LiveTs.Engine.Html;
using LiveTs.Engine.Templates;

namespace LiveTs.Engine.Rendering;

/// <summary>
/// Decodes the render tree the TypeScript side encodes into one UTF-16 string per render
/// (one boundary crossing instead of one per value; docs/design.md §2.2). Grammar, one char a tag:
/// <code>
///   value  := 'T' u32 id u32 count u32 length value*   nested template instance
///           | 's' u32 len char*                         text (escaped when written as HTML)
///           | 'r' u32 len char*                         raw markup (trusted: raw())
///           | 't' | 'f' | 'n'                           true, false, nothing
///           | 'l' u32 count u32 length value*           list
///           | 'L' u32 stamp u32 basedOn u32 count u32 length item*    a list the JS side stamped (a long list of a view)
///   item   := value | 'R' u32 from u32 n                  n items of the shown list stamped basedOn, from its item `from`
///           | 'P' u32 len char*                         a plain HTML string (only as the root)
///           | 'C' u32 number u32 len char*              a component, by number, with its id (docs/components.md)
///           | 'S' u32 count u32 length op*              a stream's operations since the last render
///   op     := 'x' | 'd' 's'-text | 'i' u32 at+1 u32 limit value    reset, delete a key, insert an item
///   tree   := value ('K' u32 number value)*             the root, then the renders of the components it placed or changed
///   u32    := two chars, high 16 bits first
/// </code>
/// <c>length</c> counts the chars of the values that follow, so an instance's or a list's whole
/// encoding can be fingerprinted before it is read. packages/livets/src/render-tree.ts writes it
/// (templates into a Uint16Array the engine reads in place).
/// <para>
/// A stamped list names its items with a stamp (the JS side's, unique in the process): the same
/// stamp is the same items. Its next render refers to the runs of items that did not change as
/// <c>'R'</c> runs of the list stamped <c>basedOn</c> (kept in <see cref="StampedLists"/>; the JS
/// side asks that it is before referring to it), so neither their chars nor their reading cross
/// the boundary; a list whose stamp is the shown list's is the shown list. A reference to a list
/// no longer kept is <see cref="EngineErrorCodes.RenderTreeStale"/> (packages/livets/src/list-memo.ts).
/// </para>
/// <para>
/// A tree is read against the one the connection shows (<c>shown</c>): a long instance or list
/// whose encoding has the fingerprint of the shown one at its place is that value, reused without
/// being read; a short one whose values all equal the shown ones is the shown one, and so is a
/// string equal to the shown string. So a render allocates only for what changed, unchanged
/// subtrees stay shared, and the differ finds them by reference
/// (docs/architecture.md, "Renders"). List items are matched to shown items by place from the
/// front, and after the first difference by place from the end, which covers an item appended,
/// inserted, removed or edited anywhere.
/// </para>
/// </summary>
internal ref struct RenderTreeReader(ReadOnlySpan<char> tree, TemplateRegistry templates, RenderTreeReader.Scratch scratch)
{
    private readonly ReadOnlySpan<char> tree = tree;
    private int offset;

    /// <summary>
    /// Where instances' values are read before it is known whether they changed: an instance whose
    /// values all equal the shown ones is the shown one, and allocates nothing. One per renderer.
    /// </summary>
    public sealed class Scratch
    {
        internal RenderValue[] Values = new RenderValue[256];
        internal int Top;
        /// <summary>The components of the connection whose tree is read (a prerender's own set).</summary>
        internal ShownComponents? Components;
        /// <summary>Whether the tree refers to a component: such a tree is the connection's own, never shared.</summary>
        internal bool SawComponent;
        /// <summary>The arrays of released parses, where a plain HTML render is parsed (<see cref="TreeStoragePool"/>).</summary>
        internal readonly TreeStoragePool TreeStorage = new();
        /// <summary>The stamped lists that runs refer to (the engine's, shared by its connections).</summary>
        internal StampedLists Stamped = new();
    }

    public static RenderValue ReadRoot(ReadOnlySpan<char> tree, TemplateRegistry templates) =>
        ReadRoot(tree, templates, default, Fingerprint.Of(tree), new Scratch(), new ShownComponents());

    /// <summary>
    /// Reads a root against <paramref name="shown"/> (Nothing when there is none); <paramref name="fingerprint"/>
    /// is the whole tree's (0 for a component's render, whose root is fingerprinted alone). The components
    /// the tree places and renders go to <paramref name="components"/>, with what changed of them.
    /// </summary>
    internal static RenderValue ReadRoot(ReadOnlySpan<char> tree, TemplateRegistry templates, RenderValue shown, ulong fingerprint, Scratch scratch, ShownComponents components)
    {
        scratch.Top = 0;
        scratch.Components = components;
        scratch.SawComponent = false;
        components.BeginRead();
        var reader = new RenderTreeReader(tree, templates, scratch);
        RenderValue root;
        if (reader.Peek() == 'P')
        {
            if (shown.Kind == ValueKind.PlainHtml && Fingerprint.Same(shown.Fingerprint, fingerprint)) return shown;
            root = reader.ReadPlain(fingerprint, shown.Kind == ValueKind.PlainHtml ? shown.Fragment : null);
        }
        else
        {
            // Stamped lists past the engine's bound leave after the tree, not while a later list may refer to them.
            try { root = reader.ReadValue(shown, depth: 0, fingerprint); }
            finally { scratch.Stamped.Trim(); }
        }
        while (reader.Peek() == 'K') reader.ReadComponentRender();
        if (reader.offset != tree.Length) throw Invalid("trailing characters after the root value");
        if (root.Kind is not (ValueKind.Instance or ValueKind.PlainHtml))
            throw Invalid("the root must be a template instance or a plain HTML string");
        if (components.Unrendered() is { } missing) throw Invalid($"component {missing.Number} ('{missing.Id}') is new on the page but the tree has no render of it");
        return root;
    }

    private char Peek() => offset < tree.Length ? tree[offset] : '\0';

    /// <summary>A plain HTML root, parsed from where its parse and the <paramref name="shown"/> one's part (Html/TreeBuilder.Resume.cs).</summary>
    private RenderValue ReadPlain(ulong fingerprint, HtmlFragment? shown)
    {
        offset++;
        return RenderValue.Plain(HtmlParser.ParseFragment(ReadSpan(), scratch.TreeStorage, shown), fingerprint);
    }

    private const int MaxDepth = 512;

    /// <summary>Reads one value; <paramref name="fingerprint"/> is its encoding's when the caller knows it (the root's is the tree's).</summary>
    private RenderValue ReadValue(RenderValue shown, int depth, ulong fingerprint = 0)
    {
        if (depth > MaxDepth) throw Invalid($"templates nest deeper than {MaxDepth} levels");
        if (offset >= tree.Length) throw Invalid("the tree ends before a value");
        int start = offset;
        char tag = tree[offset++];
        switch (tag)
        {
            case 'T': return ReadInstance(start, shown, depth, fingerprint);
            case 'l': return ReadList(start, shown, depth);
            case 'L': return ReadStampedList(shown, depth);
            case 's':
            {
                var text = ReadSpan();
                return shown.Kind == ValueKind.Text && text.SequenceEqual(shown.String) ? shown : RenderValue.Text(new string(text));
            }
            case 'r':
            {
                var html = ReadSpan();
                return shown.Kind == ValueKind.Raw && html.SequenceEqual(shown.String) ? shown : RenderValue.Raw(new string(html));
            }
            case 't': return RenderValue.True;
            case 'f': return RenderValue.False;
            case 'n': return RenderValue.Nothing;
            case 'C': return ReadComponentRef();
            case 'S': return ReadStream(start, shown, depth);
            default: throw Invalid($"unknown value tag '{tag}' at {start}");
        }
    }

    /// <summary>A component where the page shows it: its slot (its render comes after the root, or is the one shown).</summary>
    private RenderValue ReadComponentRef()
    {
        int number = (int)ReadU32();
        var id = ReadSpan();
        if (number == 0) throw Invalid("component number 0 is the view's; components count from 1");
        scratch.SawComponent = true;
        var slot = scratch.Components!.Place(number, new string(id));
        return RenderValue.Component(slot);
    }

    /// <summary>
    /// A component's render after the root: read against what the client shows of it. One the client
    /// showed and that changed is remembered, so its patch goes out ahead of the page around it.
    /// </summary>
    private void ReadComponentRender()
    {
        offset++;
        int number = (int)ReadU32();
        if (!scratch.Components!.TryGet(number, out var slot))
            throw Invalid($"a render of component {number}, which the page does not show and the tree does not place");
        var before = slot.Rendered ? slot.Content : default;
        var content = ReadValue(before, depth: 1);
        if (content.Kind != ValueKind.Instance) throw Invalid($"component '{slot.Id}' must render html`...` (a template), not a {content.Kind}");
        if (slot.Rendered && !content.IsSameAs(before)) scratch.Components.Changed.Add((slot, before));
        slot.Content = content;
        slot.Rendered = true;
    }

    /// <summary>A stream's operations. An equal batch (the same encoding) as the one shown is that one, and changes nothing.</summary>
    private RenderValue ReadStream(int start, RenderValue shown, int depth)
    {
        uint count = ReadU32();
        int end = ReadEnd();
        if (count > end - offset) throw Invalid("stream operation count exceeds the tree");
        // Always hashed, short or long: a batch is told from the one before by its fingerprint alone (its items are gone).
        var fingerprint = Fingerprint.Of(tree[start..end]);
        var before = shown.Kind == ValueKind.Stream ? shown.Batch : null;
        if (before is not null && Fingerprint.Same(before.Fingerprint, fingerprint))
        {
            offset = end;
            return shown;
        }
        var templates = before is null ? new HashSet<Template>() : new HashSet<Template>(before.Templates);
        var ops = new StreamOp[count];
        for (int i = 0; i < ops.Length; i++)
        {
            char op = offset < end ? tree[offset++] : '\0';
            switch (op)
            {
                case 'x': ops[i] = new StreamOp(StreamOpKind.Reset, "", -1, 0, default); break;
                case 'd':
                {
                    if (Peek() != 's') throw Invalid("a stream delete takes a key (text)");
                    offset++;
                    ops[i] = new StreamOp(StreamOpKind.Delete, new string(ReadSpan()), -1, 0, default);
                    break;
                }
                case 'i':
                {
                    int at = (int)ReadU32() - 1;
                    int limit = (int)ReadU32();
                    var item = ReadValue(default, depth + 1);
                    if (item.Kind != ValueKind.Instance || item.Instance.Key is not { } key)
                        throw Invalid("a stream item must be html`...` with a ts-key, its identity in the stream (docs/components.md)");
                    CollectTemplates(item, templates);
                    ops[i] = new StreamOp(StreamOpKind.Insert, key, at, limit, item);
                    break;
                }
                default: throw Invalid($"unknown stream operation '{op}'");
            }
        }
        if (offset != end) throw Invalid("a stream's length does not match its operations");
        return RenderValue.Stream(new StreamBatch(fingerprint, ops, templates));
    }

    /// <summary>The templates a stream item is made of: what the stream keeps so that the events its items declare stay accepted.</summary>
    private static void CollectTemplates(RenderValue value, HashSet<Template> into)
    {
        if (value.Kind == ValueKind.Instance)
        {
            into.Add(value.Instance.Template);
            foreach (var v in value.Instance.Values) CollectTemplates(v, into);
        }
        else if (value.Kind == ValueKind.List)
            foreach (var item in value.Items) CollectTemplates(item, into);
    }

    private RenderValue ReadInstance(int start, RenderValue shown, int depth, ulong fingerprint)
    {
        int id = (int)ReadU32();
        uint count = ReadU32();
        int end = ReadEnd();
        if (fingerprint == 0) fingerprint = Fingerprint.OfLong(tree[start..end]);
        var before = shown.Kind == ValueKind.Instance && shown.Instance.Template.Id == id ? shown.Instance : null;
        if (before is not null && Fingerprint.Same(before.Fingerprint, fingerprint))
        {
            offset = end;
            return shown;
        }
        var template = before?.Template ?? templates.Get(id);
        if (count != template.ValueCount)
            throw Invalid($"template {id} takes {template.ValueCount} values ({template.SlotCount} slots, {template.Directives.Count} directives) but the render gave {count}");
        // Values go to the scratch stack first (see Scratch).
        int first = scratch.Top;
        Push(first + (int)count);
        bool conditionals = template.HasConditionals;
        bool unchanged = before is not null && !conditionals;
        for (int i = 0; i < count; i++)
        {
            // A value a ts-if takes moved out of the shown instance, so there is none to compare with here.
            var shownValue = before is null || (conditionals && template.TakenByConditional(i)) ? default : before.Values[i];
            var value = ReadValue(shownValue, depth + 1);
            scratch.Values[first + i] = value;
            unchanged &= value.IsSameAs(shownValue);
        }
        if (offset != end) throw Invalid($"template {id}'s length does not match its values");
        scratch.Top = first;
        if (unchanged) return shown;
        var values = scratch.Values.AsSpan(first, (int)count).ToArray();
        ShowConditionals(template, values);
        return RenderValue.Of(new TemplateInstance(template, values, fingerprint));
    }

    private RenderValue ReadList(int start, RenderValue shown, int depth)
    {
        uint count = ReadU32();
        int end = ReadEnd();
        if (count > end - offset) throw Invalid("list count exceeds the tree");
        var fingerprint = Fingerprint.OfLong(tree[start..end]);
        var beforeList = shown.Kind == ValueKind.List ? shown.ListPayload : null;
        if (beforeList is not null && Fingerprint.Same(beforeList.Fingerprint, fingerprint))
        {
            offset = end;
            return shown;
        }
        var before = beforeList?.Items ?? [];
        var items = new RenderValue[count];
        int shift = before.Length - items.Length; // from the end, new item i is shown item i + shift
        if (count < ListChunks.MinItems)
        {
            ReadItems(items, 0, items.Length, before, shift, depth);
            if (offset != end) throw Invalid("a list's length does not match its items");
            return RenderValue.List(items, fingerprint);
        }
        // A long list: runs of items whose chunk fingerprints match the shown list's, from the front
        // and from the end, are the shown items, taken without being read (ListChunks).
        var starts = System.Buffers.ArrayPool<int>.Shared.Rent(items.Length + 1);
        try
        {
            for (int i = 0, at = offset; i <= items.Length; i++)
            {
                starts[i] = at;
                if (i < items.Length) at = Skip(at, end);
                else if (at != end) throw Invalid("a list's length does not match its items");
            }
            var chunks = new ListChunks(tree, starts.AsSpan(0, items.Length + 1));
            var (front, back) = chunks.Matching(beforeList?.Chunks, before.Length);
            before.AsSpan(0, front).CopyTo(items);
            before.AsSpan(before.Length - back).CopyTo(items.AsSpan(items.Length - back));
            offset = starts[front];
            ReadItems(items, front, items.Length - back, before, shift, depth);
            if (offset != starts[items.Length - back]) throw Invalid("a list's length does not match its items");
            offset = end;
            return RenderValue.List(items, fingerprint, chunks.Fingerprints(beforeList?.Chunks, front, back));
        }
        finally { System.Buffers.ArrayPool<int>.Shared.Return(starts); }
    }

    /// <summary>
    /// A stamped list: its items, with the runs it refers to taken from the shown list (which must
    /// carry the stamp they refer to) without being read. Items written out are read against the
    /// shown item that followed the last run, the one they most likely replace.
    /// </summary>
    private RenderValue ReadStampedList(RenderValue shown, int depth)
    {
        uint stamp = ReadU32();
        uint basedOn = ReadU32();
        uint count = ReadU32();
        int end = ReadEnd();
        if (stamp == 0) throw Invalid("a stamped list's stamp must not be 0");
        var beforeList = shown.Kind == ValueKind.List ? shown.ListPayload : null;
        if (beforeList is not null && beforeList.Stamp == stamp)
        {
            offset = end;
            return shown;
        }
        // The items runs refer to, and the shown ones that items written out are read against (to reuse their equal parts).
        var based = basedOn == 0 ? null : beforeList is not null && beforeList.Stamp == basedOn ? beforeList.Items : scratch.Stamped.Get(basedOn);
        var shownItems = beforeList?.Items ?? [];
        // An item written out takes a char at least; the others come from the list referred to.
        if (count > (long)(end - offset) + (based?.Length ?? 0)) throw Invalid("list count exceeds the tree");
        var items = new RenderValue[count];
        int i = 0, nextShown = 0;
        while (offset < end)
        {
            if (tree[offset] == 'R')
            {
                offset++;
                if (offset + 4 > end) throw Invalid("the tree ends inside a list's run");
                int from = (int)ReadU32();
                int n = (int)ReadU32();
                if (based is null)
                    throw new LiveTsException(EngineErrorCodes.RenderTreeStale, $"render tree refers to the items of list {basedOn}, which the engine no longer keeps");
                if ((uint)from > (uint)based.Length || n > based.Length - from || n > items.Length - i)
                    throw Invalid($"a run of {n} items from {from} does not fit the list referred to ({based.Length} items) or this list ({items.Length})");
                Array.Copy(based, from, items, i, n);
                i += n;
                nextShown = from + n;
                continue;
            }
            if (i == items.Length) throw Invalid("a list has more items than its count");
            items[i++] = ReadValue(At(shownItems, nextShown++), depth + 1);
        }
        if (offset != end) throw Invalid("a list's length does not match its items");
        if (i != items.Length) throw Invalid("a list has fewer items than its count");
        scratch.Stamped.Add(stamp, items, basedOn);
        return RenderValue.StampedList(items, stamp);
    }

    /// <summary>
    /// Reads items [<paramref name="from"/>, <paramref name="to"/>) against the shown ones: by place
    /// from the front, and after the first difference by place from the end.
    /// </summary>
    private void ReadItems(RenderValue[] items, int from, int to, RenderValue[] before, int shift, int depth)
    {
        bool fromFront = true;
        for (int i = from; i < to; i++)
        {
            var candidate = At(before, fromFront ? i : i + shift);
            var item = ReadValue(candidate, depth + 1);
            if (fromFront && !item.IsSameAs(candidate))
            {
                fromFront = false;
                var fromEnd = At(before, i + shift);
                if (!fromEnd.IsSameAs(candidate) && item.Equals(fromEnd)) item = fromEnd;
            }
            items[i] = item;
        }
    }

    /// <summary>Where the value at <paramref name="at"/> ends, found from its head alone.</summary>
    private readonly int Skip(int at, int end)
    {
        int next = tree[at] switch
        {
            'T' when at + 7 <= end => at + 7 + U32At(at + 5),
            'l' or 'C' or 'S' when at + 5 <= end => at + 5 + U32At(at + 3),
            'L' when at + 9 <= end => at + 9 + U32At(at + 7),
            's' or 'r' when at + 3 <= end => at + 3 + U32At(at + 1),
            't' or 'f' or 'n' => at + 1,
            _ => -1,
        };
        if (next < 0 || next > end) throw Invalid($"a list item at {at} runs past the list");
        return next;
    }

    private readonly int U32At(int at) => (int)(((uint)tree[at] << 16) | tree[at + 1]);

    /// <summary>Makes room on the scratch stack up to <paramref name="top"/> and claims it.</summary>
    private readonly void Push(int top)
    {
        if (scratch.Values.Length < top) Array.Resize(ref scratch.Values, Math.Max(top, scratch.Values.Length * 2));
        scratch.Top = top;
    }

    private static RenderValue At(RenderValue[] items, int index) => (uint)index < (uint)items.Length ? items[index] : default;

    /// <summary>
    /// Each ts-if element becomes an instance of its own template, made of the values it owns, when
    /// its condition is true, and nothing otherwise. Its values leave the enclosing instance, so what
    /// is not shown declares no events.
    /// </summary>
    private static void ShowConditionals(Template template, RenderValue[] values)
    {
        foreach (var conditional in template.Conditionals)
        {
            var inner = new RenderValue[conditional.ValueMap.Length];
            for (int k = 0; k < inner.Length; k++)
            {
                inner[k] = values[conditional.ValueMap[k]];
                values[conditional.ValueMap[k]] = RenderValue.Nothing;
            }
            ShowConditionals(conditional.Template, inner);
            values[conditional.ValueIndex] = values[conditional.ValueIndex].Kind == ValueKind.True
                ? RenderValue.Of(new TemplateInstance(conditional.Template, inner))
                : RenderValue.Nothing;
        }
    }

    /// <summary>Reads a u32 length and returns where the chars it counts end.</summary>
    private int ReadEnd()
    {
        uint length = ReadU32();
        if (length > tree.Length - offset) throw Invalid("a value runs past the end of the tree");
        return offset + (int)length;
    }

    private uint ReadU32()
    {
        if (offset + 2 > tree.Length) throw Invalid("the tree ends inside a number");
        uint value = ((uint)tree[offset] << 16) | tree[offset + 1];
        offset += 2;
        return value;
    }

    private ReadOnlySpan<char> ReadSpan()
    {
        int end = ReadEnd();
        var text = tree[offset..end];
        offset = end;
        return text;
    }

    private static LiveTsException Invalid(string message) =>
        new(EngineErrorCodes.RenderTreeInvalid, "render tree is malformed: " + message);
}
