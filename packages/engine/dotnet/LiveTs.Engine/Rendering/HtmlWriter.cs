using System.Text;
using LiveTs.Engine.Html;
using LiveTs.Engine.Protocol;
using LiveTs.Engine.Templates;

namespace LiveTs.Engine.Rendering;

/// <summary>
/// Writes a render as HTML: the first page load, and any subtree a patch replaces whole.
/// Text parts are wrapped in marker comments and dynamic attributes are announced by a marker
/// before their element, so the client can find every part without the statics.
/// </summary>
internal static class HtmlWriter
{
    public static string Write(RenderValue root)
    {
        var sb = new StringBuilder(256);
        WriteRoot(sb, root);
        return sb.ToString();
    }

    public static void WriteRoot(StringBuilder sb, RenderValue root)
    {
        if (root.Kind == ValueKind.PlainHtml) root.Fragment.WriteTo(sb);
        else WriteContent(sb, root);
    }

    /// <summary>The markup a text part holds (between its markers).</summary>
    public static void WriteContent(StringBuilder sb, RenderValue value)
    {
        switch (value.Kind)
        {
            case ValueKind.Text: HtmlEscaper.AppendText(sb, value.String); break;
            case ValueKind.Raw: sb.Append(value.String); break;
            case ValueKind.Instance: WriteInstance(sb, value.Instance); break;
            case ValueKind.List:
                var items = value.Items;
                // Every item starts with a marker, so the client knows where each one begins and
                // can insert, remove and move single items.
                for (int i = 0; i < items.Length; i++)
                {
                    sb.Append("<!--").Append(Marker.MARKER_ITEM).Append("-->");
                    WriteContent(sb, items[i]);
                }
                break;
            case ValueKind.PlainHtml: value.Fragment.WriteTo(sb); break;
            case ValueKind.Component: WriteComponent(sb, value.Slot); break;
            case ValueKind.Stream:
                // The batch's items, as they leave an empty stream; then they are gone from memory.
                foreach (var item in StreamBatch.Apply(value.Batch.Take()))
                {
                    sb.Append("<!--").Append(Marker.MARKER_ITEM).Append("-->");
                    WriteContent(sb, item);
                }
                break;
            default: break; // nothing, true, false: nothing to show
        }
    }

    /// <summary>
    /// A component's render, its root element marked with the component's number and id: the client
    /// finds the component an event happened in by them, and a <c>ts-target</c> by the id.
    /// </summary>
    internal static void WriteComponent(StringBuilder sb, ComponentSlot slot)
    {
        int start = sb.Length;
        WriteContent(sb, slot.Content);
        int at = RootTagNameEnd(sb, start);
        if (at < 0)
            throw new LiveTsException(EngineErrorCodes.RenderTreeInvalid,
                $"component '{slot.Id}' must render one root element, like html`<div>…</div>` (its events are found by it)");
        var marks = new StringBuilder();
        marks.Append(' ').Append(Marker.ATTR_COMPONENT).Append("=\"").Append(slot.Number).Append("\" ").Append(Marker.ATTR_COMPONENT_ID).Append("=\"");
        HtmlEscaper.AppendAttribute(marks, slot.Id);
        marks.Append('"');
        sb.Insert(at, marks.ToString());
    }

    internal static string ComponentHtml(ComponentSlot slot)
    {
        var sb = new StringBuilder();
        WriteComponent(sb, slot);
        return sb.ToString();
    }

    /// <summary>Where the name of the first element written from <paramref name="start"/> ends (past spaces and marker comments), or -1.</summary>
    private static int RootTagNameEnd(StringBuilder sb, int start)
    {
        int i = start;
        while (i < sb.Length)
        {
            char c = sb[i];
            if (c is ' ' or '\n' or '\t' or '\r' or '\f') { i++; continue; }
            if (c != '<' || i + 1 >= sb.Length) return -1;
            if (sb[i + 1] == '!' && i + 3 < sb.Length && sb[i + 2] == '-' && sb[i + 3] == '-')
            {
                int close = i + 4;
                while (close + 2 < sb.Length && !(sb[close] == '-' && sb[close + 1] == '-' && sb[close + 2] == '>')) close++;
                if (close + 2 >= sb.Length) return -1;
                i = close + 3;
                continue;
            }
            if (!char.IsAsciiLetter(sb[i + 1])) return -1;
            int end = i + 1;
            while (end < sb.Length && sb[end] is not (' ' or '\n' or '\t' or '\r' or '\f' or '/' or '>')) end++;
            return end;
        }
        return -1;
    }

    public static string ContentHtml(RenderValue value)
    {
        var sb = new StringBuilder();
        WriteContent(sb, value);
        return sb.ToString();
    }

    public static void WriteInstance(StringBuilder sb, TemplateInstance instance)
    {
        var template = instance.Template;
        foreach (var segment in template.Segments)
        {
            switch (segment)
            {
                case StaticSegment s:
                    sb.Append(s.Html);
                    break;
                case AttrMarkerSegment m:
                    var attr = (AttrPart)template.Parts[m.Part];
                    sb.Append("<!--").Append(Marker.MARKER_ATTR).Append(m.Part).Append(' ').Append(attr.Name).Append("-->");
                    break;
                case PartSegment p:
                    var part = template.Parts[p.Part];
                    if (part is TextPart text)
                    {
                        sb.Append("<!--").Append(Marker.MARKER_PART_OPEN).Append(p.Part).Append("-->");
                        WriteContent(sb, instance.Values[text.Slot]);
                        sb.Append("<!--").Append(Marker.MARKER_PART_CLOSE).Append("-->");
                    }
                    else
                    {
                        var a = (AttrPart)part;
                        var attrValue = AttributeValue(a, instance.Values);
                        if (attrValue is null) break;
                        sb.Append(a.Name);
                        if (attrValue.Length > 0)
                        {
                            sb.Append("=\"");
                            HtmlEscaper.AppendAttribute(sb, attrValue);
                            sb.Append('"');
                        }
                    }
                    break;
            }
        }
    }

    /// <summary>
    /// The attribute's value for these slot values, or null when it is absent: a whole-value
    /// slot holding false or nothing removes the attribute; true makes it present and empty.
    /// A URL attribute fed by interpolated text is checked (<see cref="SafeUrls"/>); raw() is trusted.
    /// Every attribute value of a render and of a patch comes from here.
    /// </summary>
    public static string? AttributeValue(AttrPart part, RenderValue[] values)
    {
        var value = UncheckedAttributeValue(part, values);
        if (value is null || !SafeUrls.IsUrlAttribute(part.Name)) return value;
        foreach (var piece in part.Pieces)
            if (piece.Slot >= 0 && values[piece.Slot].Kind == ValueKind.Raw) return value;
        return SafeUrls.Check(part.Name, value);
    }

    private static string? UncheckedAttributeValue(AttrPart part, RenderValue[] values)
    {
        if (part.IsWholeValue)
        {
            var v = values[part.Pieces[0].Slot];
            switch (v.Kind)
            {
                case ValueKind.False:
                case ValueKind.Nothing: return null;
                case ValueKind.True: return "";
                case ValueKind.Text: return v.String; // the common case (an id, a class): no copy
            }
        }
        var sb = new StringBuilder();
        foreach (var piece in part.Pieces)
        {
            if (piece.Slot < 0) { sb.Append(piece.Text); continue; }
            var v = values[piece.Slot];
            if (v.Kind is ValueKind.Text or ValueKind.Raw) sb.Append(v.String);
            else if (v.Kind == ValueKind.True) sb.Append("true");
            else if (v.Kind == ValueKind.False) sb.Append("false");
            else if (v.Kind is ValueKind.Instance or ValueKind.List or ValueKind.Component or ValueKind.Stream)
                throw new LiveTsException(EngineErrorCodes.RenderTreeInvalid,
                    $"attribute '{part.Name}' got a template or a list; attributes take text, numbers or booleans");
        }
        return sb.ToString();
    }
}
