using LiveTs.Engine.Html;
using LiveTs.Engine.Templates;

namespace LiveTs.Engine.Rendering;

/// <summary>
/// Decodes the render tree the TypeScript side encodes into one UTF-16 string per render
/// (one boundary crossing instead of one per value; docs/design.md §2.2). Grammar, one char a tag:
/// <code>
///   value  := 'T' u32 id u32 count value*   nested template instance
///           | 's' u32 len char*             text (escaped when written as HTML)
///           | 'r' u32 len char*             raw markup (trusted: raw())
///           | 't' | 'f' | 'n'               true, false, nothing
///           | 'l' u32 count value*          list
///           | 'P' u32 len char*             a plain HTML string (only as the root)
///   u32    := two chars, high 16 bits first
/// </code>
/// packages/livets/src/render-tree.ts writes it.
/// </summary>
public ref struct RenderTreeReader(ReadOnlySpan<char> tree, TemplateRegistry templates)
{
    private readonly ReadOnlySpan<char> tree = tree;
    private int offset;

    public static RenderValue ReadRoot(ReadOnlySpan<char> tree, TemplateRegistry templates)
    {
        var reader = new RenderTreeReader(tree, templates);
        var root = reader.Peek() == 'P' ? reader.ReadPlain() : reader.ReadValue(depth: 0);
        if (reader.offset != tree.Length) throw Invalid("trailing characters after the root value");
        if (root.Kind is not (ValueKind.Instance or ValueKind.PlainHtml))
            throw Invalid("the root must be a template instance or a plain HTML string");
        return root;
    }

    private char Peek() => offset < tree.Length ? tree[offset] : '\0';

    private RenderValue ReadPlain()
    {
        offset++;
        var source = ReadChars();
        return RenderValue.Plain(HtmlParser.ParseFragment(source));
    }

    private const int MaxDepth = 512;

    private RenderValue ReadValue(int depth)
    {
        if (depth > MaxDepth) throw Invalid($"templates nest deeper than {MaxDepth} levels");
        if (offset >= tree.Length) throw Invalid("the tree ends before a value");
        char tag = tree[offset++];
        switch (tag)
        {
            case 'T':
            {
                int id = (int)ReadU32();
                var template = templates.Get(id);
                uint count = ReadU32();
                if (count != template.ValueCount)
                    throw Invalid($"template {id} takes {template.ValueCount} values ({template.SlotCount} slots, {template.Directives.Count} directives) but the render gave {count}");
                var values = new RenderValue[count];
                for (int i = 0; i < count; i++) values[i] = ReadValue(depth + 1);
                ShowConditionals(template, values);
                return RenderValue.Of(new TemplateInstance(template, values));
            }
            case 's': return RenderValue.Text(ReadChars());
            case 'r': return RenderValue.Raw(ReadChars());
            case 't': return RenderValue.True;
            case 'f': return RenderValue.False;
            case 'n': return RenderValue.Nothing;
            case 'l':
            {
                uint count = ReadU32();
                if (count > tree.Length - offset) throw Invalid("list count exceeds the tree");
                var items = new RenderValue[count];
                for (int i = 0; i < count; i++) items[i] = ReadValue(depth + 1);
                return RenderValue.List(items);
            }
            default: throw Invalid($"unknown value tag '{tag}' at {offset - 1}");
        }
    }

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

    private uint ReadU32()
    {
        if (offset + 2 > tree.Length) throw Invalid("the tree ends inside a number");
        uint value = ((uint)tree[offset] << 16) | tree[offset + 1];
        offset += 2;
        return value;
    }

    private string ReadChars()
    {
        uint length = ReadU32();
        if (length > tree.Length - offset) throw Invalid("a string runs past the end of the tree");
        var text = new string(tree.Slice(offset, (int)length));
        offset += (int)length;
        return text;
    }

    private static LiveTsException Invalid(string message) =>
        new(EngineErrorCodes.RenderTreeInvalid, "render tree is malformed: " + message);
}
