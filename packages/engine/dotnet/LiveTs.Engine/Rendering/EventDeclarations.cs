using LiveTs.Engine.Html;

namespace LiveTs.Engine.Rendering;

/// <summary>
/// Whether a render declares a handler name in some <c>ts-on:*</c> (or a form, upload or recovery event: DirectiveNames.DeclaredEvents). Events the page never offered
/// are refused before any application code runs.
/// </summary>
internal static class EventDeclarations
{
    public static bool Declares(RenderValue value, string name)
    {
        switch (value.Kind)
        {
            case ValueKind.Instance:
                var instance = value.Instance;
                if (instance.Template.EventNames.Contains(name)) return true;
                foreach (var v in instance.Values) if (Declares(v, name)) return true;
                return false;
            case ValueKind.List:
                foreach (var item in value.Items) if (Declares(item, name)) return true;
                return false;
            case ValueKind.PlainHtml:
                var fragment = value.Fragment;
                return Declares(fragment.Tree, fragment.Root, name);
            case ValueKind.Component:
                return value.Slot.Rendered && Declares(value.Slot.Content, name);
            case ValueKind.Stream:
                return value.Batch.Declares(name);
            default:
                return false;
        }
    }

    /// <summary>Walks the elements under <paramref name="root"/> (through parent links, so no depth is too deep).</summary>
    private static bool Declares(HtmlTree tree, int root, string name)
    {
        int node = tree.FirstChild(root);
        while (node != HtmlTree.None)
        {
            if (tree.Kind(node) == HtmlNodeKind.Element)
            {
                for (int i = 0; i < tree.AttributeCount(node); i++)
                {
                    var attribute = tree.Names[tree.AttributeName(node, i)];
                    // Only directives that name events are read (their values become strings here).
                    if (!Templates.DirectiveNames.TakesAName(attribute) && !Templates.DirectiveNames.IsJs(attribute)) continue;
                    if (Templates.DirectiveNames.DeclaredEvents(attribute, new string(tree.AttributeValue(node, i))).Contains(name)) return true;
                }
                if (tree.FirstChild(node) is var child and not HtmlTree.None) { node = child; continue; }
            }
            while (tree.Next(node) == HtmlTree.None)
            {
                node = tree.Parent(node);
                if (node == root || node == HtmlTree.None) return false;
            }
            node = tree.Next(node);
        }
        return false;
    }
}
