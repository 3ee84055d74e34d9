using LiveTs.Engine.Protocol;
using LiveTs.Engine.Rendering;
using LiveTs.Engine.Templates;

namespace LiveTs.Engine.Diffing;

/// <summary>
/// Compares two renders of the same template slot by slot and writes patch operations for the
/// parts that changed, and nothing for the rest: per-event work and bytes are O(changed)
/// (docs/design.md §2.3). A nested instance of the same template is entered and diffed in place;
/// a value of another shape replaces the part's markup.
/// </summary>
internal sealed class TemplateDiffer
{
    private readonly FrameWriter writer;
    private readonly ListDiffer lists;
    private readonly StreamDiffer streams;

    public TemplateDiffer(FrameWriter writer)
    {
        this.writer = writer;
        lists = new ListDiffer(writer, this);
        streams = new StreamDiffer(writer);
    }

    public void Diff(TemplateInstance before, TemplateInstance after)
    {
        var template = after.Template;
        foreach (var part in template.Parts)
        {
            if (part is TextPart text) DiffText(text.Index, before.Values[text.Slot], after.Values[text.Slot]);
            else DiffAttribute((AttrPart)part, before.Values, after.Values);
        }
    }

    private void DiffText(int part, RenderValue before, RenderValue after)
    {
        if (before.Equals(after)) return;
        if (after.Kind == ValueKind.Text && IsTextLike(before))
        {
            writer.Byte(PatchOp.PATCH_SET_TEXT);
            writer.VarUInt((uint)part);
            writer.String(after.String);
            return;
        }
        if (SameTemplate(before, after))
        {
            int mark = writer.Length;
            writer.Byte(PatchOp.PATCH_ENTER);
            writer.VarUInt((uint)part);
            DiffInside(mark, before.Instance, after.Instance);
            return;
        }
        if (after.Kind == ValueKind.List && before.Kind == ValueKind.List)
        {
            lists.Diff(part, before.Items, after.Items);
            return;
        }
        if (after.Kind == ValueKind.Stream && before.Kind == ValueKind.Stream)
        {
            streams.Write(part, after.Batch);
            return;
        }
        // Another kind of value: the part's markup is replaced.
        writer.Byte(PatchOp.PATCH_SET_HTML);
        writer.VarUInt((uint)part);
        writer.String(HtmlWriter.ContentHtml(after));
    }

    /// <summary>Diffs inside an instance after an ENTER written at <paramref name="mark"/>; drops the ENTER if nothing changed.</summary>
    internal void DiffInside(int mark, TemplateInstance before, TemplateInstance after)
    {
        int inner = writer.Length;
        Diff(before, after);
        if (writer.Length == inner) writer.Truncate(mark);
        else writer.Byte(PatchOp.PATCH_LEAVE);
    }

    private static bool SameTemplate(RenderValue before, RenderValue after) =>
        after.Kind == ValueKind.Instance && before.Kind == ValueKind.Instance &&
        ReferenceEquals(after.Instance.Template, before.Instance.Template);

    /// <summary>Values the client shows as one text node (or none): a text patch can replace them.</summary>
    private static bool IsTextLike(RenderValue value) =>
        value.Kind is ValueKind.Text or ValueKind.Nothing or ValueKind.True or ValueKind.False;

    private void DiffAttribute(AttrPart part, RenderValue[] before, RenderValue[] after)
    {
        bool changed = false;
        foreach (var piece in part.Pieces)
            if (piece.Slot >= 0 && !before[piece.Slot].Equals(after[piece.Slot])) { changed = true; break; }
        if (!changed) return;
        var value = HtmlWriter.AttributeValue(part, after);
        if (value is null)
        {
            writer.Byte(PatchOp.PATCH_REMOVE_ATTR);
            writer.VarUInt((uint)part.Index);
            return;
        }
        writer.Byte(PatchOp.PATCH_SET_ATTR);
        writer.VarUInt((uint)part.Index);
        writer.String(value);
    }
}
