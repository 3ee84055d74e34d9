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
/// A page with components is the connection's own (its components' renders live in its slots) and
/// shares nothing; a component's own render is diffed alone, in place (<see cref="RenderComponent"/>).
/// </summary>
internal sealed class ViewRenderer
{
    private readonly FrameWriter writer;
    private readonly TemplateRegistry templates;
    private readonly TemplateDiffer templateDiffer;
    private readonly HtmlTreeDiffer htmlDiffer;
    private readonly LastTransition lastTransition = new();
    private readonly SharedRenders shared = new();
    private readonly RenderTreeReader.Scratch scratch = new();

    /// <summary>The stamped lists renders may refer to (RenderTreeReader, "stamped list").</summary>
    public StampedLists Stamped => scratch.Stamped;
    private readonly ComponentPatches componentPatches;

    public ViewRenderer(FrameWriter writer, TemplateRegistry templates)
    {
        this.writer = writer;
        this.templates = templates;
        templateDiffer = new TemplateDiffer(writer);
        htmlDiffer = new HtmlTreeDiffer(writer);
        componentPatches = new ComponentPatches(writer, templateDiffer);
    }

    /// <summary>A page's first render, shared with every page that rendered the same tree (unless it has components: they go to <paramref name="components"/>).</summary>
    public (RenderValue Root, string Html) Prerender(ReadOnlySpan<char> tree, ShownComponents components)
    {
        var fingerprint = Fingerprint.Of(tree);
        if (shared.TryGet(tree, fingerprint, out var root, out var html)) return (root, html);
        root = RenderTreeReader.ReadRoot(tree, templates, default, fingerprint, scratch, components);
        html = HtmlWriter.Write(root);
        if (!scratch.SawComponent) shared.Add(tree, fingerprint, root, html);
        return (root, html);
    }

    /// <summary>
    /// Writes the operations that bring <paramref name="shown"/> (Nothing before the first render) to
    /// <paramref name="tree"/>, and the connection's <paramref name="components"/> to the renders the
    /// tree brings; returns the tree now shown.
    /// </summary>
    public RenderValue Render(RenderValue shown, ReadOnlySpan<char> tree, ShownComponents components)
    {
        var fingerprint = Fingerprint.Of(tree);
        bool own = components.Count > 0;
        if (!own && lastTransition.TryReuse(shown, tree, fingerprint, out var reused, out var reusedOps))
        {
            writer.Bytes(reusedOps);
            RecycledParses.Replaced(shown, reused, scratch.TreeStorage);
            return reused;
        }
        int mark = writer.Length;
        RenderValue root;
        if (!own && shown.Kind == ValueKind.Nothing && shared.TryGet(tree, fingerprint, out root, out var html))
        {
            writer.Byte(PatchOp.PATCH_ROOT_HTML);
            writer.String(html);
        }
        else
        {
            root = RenderTreeReader.ReadRoot(tree, templates, shown, fingerprint, scratch, components);
            if (!root.IsSameAs(shown)) RecycledParses.Owned(root);
            componentPatches.Write(components);
            Diff(shown, root);
        }
        if (!own && !scratch.SawComponent) lastTransition.Remember(shown, tree, root, writer.Written[mark..]);
        RecycledParses.Replaced(shown, root, scratch.TreeStorage);
        return root;
    }

    /// <summary>
    /// A component's own render (its event, its setState): read against what its slot shows and
    /// diffed there, with the components inside it that it rendered anew. The page around it is
    /// neither read nor diffed.
    /// </summary>
    public void RenderComponent(ComponentSlot slot, ReadOnlySpan<char> tree, ShownComponents components)
    {
        var before = slot.Content;
        var content = RenderTreeReader.ReadRoot(tree, templates, before, 0, scratch, components);
        if (content.Kind != ValueKind.Instance)
            throw new LiveTsException(EngineErrorCodes.RenderTreeInvalid, $"component '{slot.Id}' must render html`...` (a template), not a plain string");
        componentPatches.Write(components);
        slot.Content = content;
        componentPatches.Write(slot, before);
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
