using LiveTs.Engine.Html;

namespace LiveTs.Engine.Rendering;

/// <summary>
/// Whether a render declares a handler name in some <c>ts-on:*</c> (or a form, upload or recovery event: DirectiveNames.DeclaredEvents). Events the page never offered
/// are refused before any application code runs.
/// </summary>
public static class EventDeclarations
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
                return Declares(value.Fragment.Nodes, name);
            case ValueKind.Component:
                return value.Slot.Rendered && Declares(value.Slot.Content, name);
            case ValueKind.Stream:
                return value.Batch.Declares(name);
            default:
                return false;
        }
    }

    private static bool Declares(List<HtmlNode> nodes, string name)
    {
        foreach (var node in nodes)
        {
            if (node.Kind != HtmlNodeKind.Element) continue;
            foreach (var (key, val) in node.Attributes)
                if (Templates.DirectiveNames.DeclaredEvents(key, val).Contains(name)) return true;
            if (Declares(node.Children, name)) return true;
        }
        return false;
    }
}
