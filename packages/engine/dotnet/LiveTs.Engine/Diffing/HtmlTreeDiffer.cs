using LiveTs.Engine.Html;
using LiveTs.Engine.Protocol;

namespace LiveTs.Engine.Diffing;

/// <summary>
/// Diffs two parses of a plain-HTML render and writes PATCH_NODE_* operations. Children are matched
/// by position; a node whose kind, tag or key (id, then ts-key) changed is replaced whole. Operations
/// address nodes by child-index paths from the view's root element and are written so that each
/// path is valid when the client reaches it (removals run from the end).
/// </summary>
public sealed class HtmlTreeDiffer(FrameWriter writer)
{
    private readonly List<int> path = [];

    public void Diff(List<HtmlNode> before, List<HtmlNode> after)
    {
        path.Clear();
        DiffChildren(before, after);
    }

    private void DiffChildren(List<HtmlNode> before, List<HtmlNode> after)
    {
        int common = Math.Min(before.Count, after.Count);
        for (int i = 0; i < common; i++)
        {
            path.Add(i);
            if (SameNode(before[i], after[i])) DiffNode(before[i], after[i]);
            else
            {
                writer.Byte(PatchOp.PATCH_NODE_REPLACE);
                WritePath();
                writer.String(after[i].ToHtml());
            }
            path.RemoveAt(path.Count - 1);
        }
        for (int i = common; i < after.Count; i++)
        {
            writer.Byte(PatchOp.PATCH_NODE_INSERT);
            WritePath();
            writer.VarUInt((uint)i);
            writer.String(after[i].ToHtml());
        }
        for (int i = before.Count - 1; i >= after.Count; i--)
        {
            path.Add(i);
            writer.Byte(PatchOp.PATCH_NODE_REMOVE);
            WritePath();
            path.RemoveAt(path.Count - 1);
        }
    }

    private static bool SameNode(HtmlNode a, HtmlNode b) =>
        a.Kind == b.Kind && (a.Kind != HtmlNodeKind.Element || (a.Name == b.Name && a.Namespace == b.Namespace && a.Key == b.Key));

    private void DiffNode(HtmlNode before, HtmlNode after)
    {
        switch (after.Kind)
        {
            case HtmlNodeKind.Text:
                if (before.Data == after.Data) return;
                writer.Byte(PatchOp.PATCH_NODE_TEXT);
                WritePath();
                writer.String(after.Data);
                return;
            case HtmlNodeKind.Comment:
                if (before.Data == after.Data) return;
                writer.Byte(PatchOp.PATCH_NODE_REPLACE);
                WritePath();
                writer.String(after.ToHtml());
                return;
        }
        if (after.TemplateContent is not null || before.TemplateContent is not null)
        {
            // A template's content is a separate fragment the client can't address by child path:
            // when it changed, the template is replaced whole.
            string html = after.ToHtml();
            if (html == before.ToHtml()) return;
            writer.Byte(PatchOp.PATCH_NODE_REPLACE);
            WritePath();
            writer.String(html);
            return;
        }
        foreach (var (name, value) in after.Attributes)
        {
            if (before.Attribute(name) == value) continue;
            writer.Byte(PatchOp.PATCH_NODE_SET_ATTR);
            WritePath();
            writer.String(name);
            writer.String(value);
        }
        foreach (var (name, _) in before.Attributes)
        {
            if (after.Attribute(name) is not null) continue;
            writer.Byte(PatchOp.PATCH_NODE_REMOVE_ATTR);
            WritePath();
            writer.String(name);
        }
        DiffChildren(before.Children, after.Children);
    }

    private void WritePath()
    {
        writer.VarUInt((uint)path.Count);
        foreach (var index in path) writer.VarUInt((uint)index);
    }
}
