using LiveTs.Engine.Protocol;
using LiveTs.Engine.Rendering;

namespace LiveTs.Engine.Diffing;

/// <summary>
/// Patches the components whose render changed in place, each addressed by its number
/// (ENTER_COMPONENT … LEAVE), whatever and wherever the page around it is: a component's event costs
/// bytes and time for that component alone (docs/components.md). Written before the patch of the
/// page around them, nested components before the ones that hold them, so that every patch applies
/// to markup the client still shows (a later patch may write a component's markup anew, with its
/// new render).
/// </summary>
internal sealed class ComponentPatches(FrameWriter writer, TemplateDiffer differ)
{
    /// <summary>The changes <paramref name="components"/> recorded while its tree was read; they were read parents first.</summary>
    public void Write(ShownComponents components)
    {
        var changed = components.Changed;
        for (int i = changed.Count - 1; i >= 0; i--) Write(changed[i].Slot, changed[i].Before);
        changed.Clear();
    }

    /// <summary>Brings one component from <paramref name="before"/> to its slot's content.</summary>
    public void Write(ComponentSlot slot, RenderValue before)
    {
        var after = slot.Content;
        if (after.IsSameAs(before)) return;
        if (before.Kind == ValueKind.Instance && ReferenceEquals(before.Instance.Template, after.Instance.Template))
        {
            int mark = writer.Length;
            writer.Byte(PatchOp.PATCH_ENTER_COMPONENT);
            writer.VarUInt((uint)slot.Number);
            differ.DiffInside(mark, before.Instance, after.Instance);
            return;
        }
        writer.Byte(PatchOp.PATCH_REPLACE_COMPONENT);
        writer.VarUInt((uint)slot.Number);
        writer.String(HtmlWriter.ComponentHtml(slot));
    }
}
