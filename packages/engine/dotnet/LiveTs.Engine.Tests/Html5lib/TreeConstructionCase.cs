using System.Text;
using LiveTs.Engine.Html;
using LiveTs.Engine.Tests.TestSupport;

namespace LiveTs.Engine.Tests.Html5lib;

/// <summary>One test of html5lib's tree-construction/*.dat files (format: tree-construction/README.md).</summary>
internal sealed record TreeConstructionCase(
    string File, int Line, string Data, int ErrorCount, string? FragmentContext, bool? Scripting, string Expected)
{
    public bool HasNoErrors => ErrorCount == 0;

    /// <summary>
    /// Framesets and foreign content (svg/math) are exotica for a render; the rest is what
    /// "in body" markup meets. Both kinds are run; the split is for the summary's thresholds.
    /// </summary>
    public bool IsInBody =>
        (FragmentContext is null || !(FragmentContext.StartsWith("svg ", StringComparison.Ordinal) || FragmentContext.StartsWith("math ", StringComparison.Ordinal)))
        && Data.IndexOf("<frameset", StringComparison.OrdinalIgnoreCase) < 0
        && Data.IndexOf("<svg", StringComparison.OrdinalIgnoreCase) < 0
        && Data.IndexOf("<math", StringComparison.OrdinalIgnoreCase) < 0;

    public string Name => $"{File}:{Line}";

    public static List<TreeConstructionCase> Load(string path)
    {
        var cases = new List<TreeConstructionCase>();
        var lines = System.IO.File.ReadAllText(path).Split('\n');
        string file = Path.GetFileName(path);
        int i = 0;
        while (i < lines.Length)
        {
            if (lines[i] != "#data") { i++; continue; }
            int start = i + 1;
            i = start;
            var data = new List<string>();
            while (i < lines.Length && lines[i] != "#errors") data.Add(lines[i++]);
            i++;
            int errors = 0;
            string? fragment = null;
            bool? scripting = null;
            while (i < lines.Length && lines[i] != "#document")
            {
                switch (lines[i])
                {
                    case "#new-errors": break;
                    case "#document-fragment": fragment = lines[++i]; break;
                    case "#script-on": scripting = true; break;
                    case "#script-off": scripting = false; break;
                    default: if (lines[i].Length > 0) errors++; break;
                }
                i++;
            }
            i++;
            var expected = new List<string>();
            while (i < lines.Length && lines[i] != "#data") expected.Add(lines[i++]);
            while (expected.Count > 0 && expected[^1].Length == 0) expected.RemoveAt(expected.Count - 1);
            cases.Add(new TreeConstructionCase(file, start, string.Join('\n', data), errors, fragment, scripting, string.Join('\n', expected)));
        }
        return cases;
    }

    /// <summary>Parses the case's data as the test says (document or fragment, scripting flag) and dumps the tree.</summary>
    public string Run()
    {
        bool scripting = Scripting ?? false;
        if (FragmentContext is null) return Dump(HtmlParser.ParseDocument(Data, scripting).Nodes);
        var (ns, name) = FragmentContext.StartsWith("svg ", StringComparison.Ordinal) ? (HtmlNamespace.Svg, FragmentContext[4..])
            : FragmentContext.StartsWith("math ", StringComparison.Ordinal) ? (HtmlNamespace.MathML, FragmentContext[5..])
            : (HtmlNamespace.Html, FragmentContext);
        return Dump(HtmlParser.ParseFragment(Data, name, ns, scripting).Nodes);
    }

    /// <summary>The html5lib tree dump: "| " then two spaces per level.</summary>
    public static string Dump(List<HtmlNode> nodes)
    {
        var sb = new StringBuilder();
        foreach (var node in nodes) Dump(sb, node, 0);
        return sb.ToString().TrimEnd('\n');
    }

    private static void Dump(StringBuilder sb, HtmlNode node, int depth)
    {
        sb.Append("| ").Append(' ', depth * 2);
        switch (node.Kind)
        {
            case HtmlNodeKind.Text:
                sb.Append('"').Append(node.Data).Append("\"\n");
                return;
            case HtmlNodeKind.Comment:
                sb.Append("<!-- ").Append(node.Data).Append(" -->\n");
                return;
            case HtmlNodeKind.Doctype:
                sb.Append("<!DOCTYPE ").Append(node.Name);
                if (node.PublicId is not null || node.SystemId is not null)
                    sb.Append(" \"").Append(node.PublicId).Append("\" \"").Append(node.SystemId).Append('"');
                sb.Append(">\n");
                return;
        }
        sb.Append('<');
        if (node.Namespace == HtmlNamespace.Svg) sb.Append("svg ");
        else if (node.Namespace == HtmlNamespace.MathML) sb.Append("math ");
        sb.Append(node.Name).Append(">\n");
        var attributes = node.Attributes.Select(a => (Name: DisplayName(node, a.Key), a.Value)).OrderBy(a => a.Name, StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
            sb.Append("| ").Append(' ', (depth + 1) * 2).Append(name).Append("=\"").Append(value).Append("\"\n");
        if (node.TemplateContent is { } content)
        {
            sb.Append("| ").Append(' ', (depth + 1) * 2).Append("content\n");
            foreach (var child in content.Children) Dump(sb, child, depth + 2);
        }
        foreach (var child in node.Children) Dump(sb, child, depth + 1);
    }

    /// <summary>Adjusted foreign attributes show their namespace prefix apart: "xlink href".</summary>
    private static string DisplayName(HtmlNode element, string name)
    {
        if (element.Namespace == HtmlNamespace.Html) return name;
        return name switch
        {
            "xlink:actuate" or "xlink:arcrole" or "xlink:href" or "xlink:role" or "xlink:show" or "xlink:title" or "xlink:type"
                or "xml:lang" or "xml:space" or "xmlns:xlink" => name.Replace(':', ' '),
            "xmlns" => "xmlns",
            _ => name,
        };
    }
}
