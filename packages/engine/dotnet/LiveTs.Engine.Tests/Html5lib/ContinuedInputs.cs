using LiveTs.Engine.Diffing;
using LiveTs.Engine.Html;
using LiveTs.Engine.Protocol;

namespace LiveTs.Engine.Tests.Html5lib;

/// <summary>
/// Inputs that start the same and go on differently (or end the same), for what the engine does
/// with the part two parses share (the differ's skip, a resumed or rejoined parse): every html5lib
/// tree-construction input (misnested formatting, foster parenting, foreign content, templates…),
/// repeated around a filler so that there is a long common start, and endings that close, reopen
/// and misnest what it left open.
/// </summary>
internal static class ContinuedInputs
{
    public static readonly string[] Endings =
    [
        "", "x", "</b>", "</a></b></i>y", "</table>z", "<p>q", "<table><tr><td>c", "&amp;e",
        "</select>", "</div>", "<b>bold</p>", "</template>", "<svg><path></svg>", "</td></tr>",
        "</form><i>f", "</li></ul>", "</option><option selected>o", "</caption>t", "</h1><a>", "</body></html>k",
    ];

    public static IEnumerable<string> Starts() =>
        Html5libInputs().SelectMany(data => new[] { data + data + data + Filler, data + Filler + data + data });

    /// <summary>Every html5lib input as the end of a page, repeated around a filler so that checkpoints fall inside it.</summary>
    public static IEnumerable<string> Ends() => Html5libInputs().Select(data => Filler + data + Filler + data + Filler);

    private static readonly string Filler = "<span>" + new string('s', 70) + "</span>";

    /// <summary>Every distinct input of the html5lib tree-construction tests.</summary>
    private static IEnumerable<string> Html5libInputs()
    {
        var directory = Path.Combine(TestSupport.Conformance.Html5libTests, "tree-construction");
        return System.IO.Directory.GetFiles(directory, "*.dat").Order(StringComparer.Ordinal)
            .SelectMany(TreeConstructionCase.Load).Select(c => c.Data).Distinct();
    }

    /// <summary>The patch from one parse to another (the differ's skip of the common start on or off), and how many elements it skipped.</summary>
    public static byte[] Patch(HtmlFragment before, HtmlFragment after, bool skip, out int skipped)
    {
        var writer = new FrameWriter();
        var differ = new HtmlTreeDiffer(writer) { SkipsSharedParts = skip };
        differ.Diff(before, after);
        skipped = differ.Skipped;
        return writer.Written.ToArray();
    }
}
