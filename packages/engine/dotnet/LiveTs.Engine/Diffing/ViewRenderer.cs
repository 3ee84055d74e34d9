using LiveTs.Engine.Protocol;
using LiveTs.Engine.Rendering;
using LiveTs.Engine.Templates;

namespace LiveTs.Engine.Diffing;

/// <summary>
/// Turns a render tree into what a connection needs: its first page's HTML, or the patch
/// operations from the tree it shows. Renders share what they have in common (docs/architecture.md,
/// "Renders"): pages that render the same first tree share it (<see cref="SharedRenders"/>), a
/// connection's next render reuses every subtree that kept its fingerprint, and a broadcast's
/// transition is diffed once for all the connections that make it (<see cref="LastTransition"/>).
/// </summary>
internal sealed class ViewRenderer(FrameWriter writer, TemplateRegistry templates)
{
    private readonly TemplateDiffer templateDiffer = new(writer);
    private readonly HtmlTreeDiffer htmlDiffer = new(writer);
    private readonly LastTransition lastTransition = new();
    private readonly SharedRenders shared = new();
    private readonly RenderTreeReader.Scratch scratch = new();

    /// <summary>A page's first render, shared with every page that rendered the same tree.</summary>
    public (RenderValue Root, string Html) Prerender(ReadOnlySpan<char> tree)
    {
        var fingerprint = Fingerprint.Of(tree);
        if (shared.TryGet(tree, fingerprint, out var root, out var html)) return (root, html);
        root = RenderTreeReader.ReadRoot(tree, templates, default, fingerprint, scratch);
        html = HtmlWriter.Write(root);
        shared.Add(tree, fingerprint, root, html);
        return (root, html);
    }

    /// <summary>Writes the operations that bring <paramref name="shown"/> (Nothing before the first render) to <paramref name="tree"/>; returns the tree now shown.</summary>
    public RenderValue Render(RenderValue shown, ReadOnlySpan<char> tree)
    {
        var fingerprint = Fingerprint.Of(tree);
        if (lastTransition.TryReuse(shown, tree, fingerprint, out var reused, out var reusedOps))
        {
            writer.Bytes(reusedOps);
            return reused;
        }
        int mark = writer.Length;
        RenderValue root;
        if (shown.Kind == ValueKind.Nothing && shared.TryGet(tree, fingerprint, out root, out var html))
        {
            writer.Byte(PatchOp.PATCH_ROOT_HTML);
            writer.String(html);
        }
        else
        {
            root = RenderTreeReader.ReadRoot(tree, templates, shown, fingerprint, scratch);
            Diff(shown, root);
        }
        lastTransition.Remember(shown, tree, root, writer.Written[mark..]);
        return root;
    }

    private void Diff(RenderValue shown, RenderValue root)
    {
        if (root.IsSameAs(shown)) return;
        if (shown.Kind == ValueKind.Instance && root.Kind == ValueKind.Instance &&
            ReferenceEquals(shown.Instance.Template, root.Instance.Template))
            templateDiffer.Diff(shown.Instance, root.Instance);
        else if (shown.Kind == ValueKind.PlainHtml && root.Kind == ValueKind.PlainHtml)
            htmlDiffer.Diff(shown.Fragment, root.Fragment);
        else
        {
            writer.Byte(PatchOp.PATCH_ROOT_HTML);
            writer.String(HtmlWriter.Write(root));
        }
    }
}
