using LiveTs.Engine.Html;
using LiveTs.Engine.Tests.TestSupport;

namespace LiveTs.Engine.Tests.Html5lib;

/// <summary>
/// A parse that copies its end from the previous parse (Html/TreeBuilder.Rejoin.cs) must build
/// exactly the tree a parse from the start builds, and the diff that skips the copied nodes must
/// write what a full comparison writes. Checked where the tree builder is most contrary: every
/// html5lib tree-construction input as the shared end, after beginnings that open, close and
/// misnest what it then meets, each parse rejoining the one before.
/// </summary>
public class Html5libRejoinedParseTests
{
    private static readonly string[] Beginnings =
    [
        "", "x", "<b>", "<p>q", "</p>", "<table>", "<table><tr><td>c", "<a href=\"/\">", "<svg>", "<ul><li>",
        "<select><option>", "<template>", "<i>i</i>", "<b><p>", "<div id=d>", "<!-- c -->", "<textarea>", "<form>",
    ];

    private static HtmlFragment Parse(string html, HtmlFragment? previous) =>
        TreeBuilder.ParseFragment(html, "body", HtmlNamespace.Html, scripting: true, new ParseErrors(), previous: previous, checkpointSpacing: 8);

    [Fact]
    public void ARejoinedParseBuildsTheTreeAParseFromTheStartBuilds()
    {
        // Arrange
        int ends = 0;
        var mismatches = new List<string>();
        var rejoined = new Dictionary<string, int>();

        // Act: each beginning parsed after the one before it, with the same end, rejoining its parse
        foreach (var end in ContinuedInputs.Ends())
        {
            var previous = Parse(end, null);
            ends++;
            foreach (var beginning in Beginnings)
            {
                var html = beginning + end;
                var next = Parse(html, previous);
                var fresh = HtmlParser.ParseFragment(html);
                if (next.Tree.RejoinedAt >= 0) rejoined[beginning] = rejoined.GetValueOrDefault(beginning) + 1;
                if (mismatches.Count < 5 && (TreeConstructionCase.Dump(next.Nodes) != TreeConstructionCase.Dump(fresh.Nodes)
                    || !ContinuedInputs.Patch(previous, next, skip: true, out _).AsSpan().SequenceEqual(ContinuedInputs.Patch(previous, fresh, skip: false, out _))))
                    mismatches.Add($"[{beginning}] + {end} (rejoined at {next.Tree.RejoinedAt})");
                // the checkpoints the rejoin carried over serve the next parse, here one that resumes from them
                var continued = html + "</b>x";
                var resumed = Parse(continued, next);
                if (mismatches.Count < 5 && TreeConstructionCase.Dump(resumed.Nodes) != TreeConstructionCase.Dump(HtmlParser.ParseFragment(continued).Nodes))
                    mismatches.Add($"[{beginning}] + {end} + [</b>x] (resumed at {resumed.Tree.ResumedAt} after a rejoin at {next.Tree.RejoinedAt})");
                previous = next;
            }
        }

        // Assert: the same trees and patches everywhere
        Assert.Empty(mismatches);
        // A beginning that leaves no element open, after one that did not either, rejoins wherever the
        // end has checkpoints (not in templates, not in raw text): for about 4 inputs in 5.
        foreach (var neutral in new[] { "", "x" })
            Assert.True(rejoined.GetValueOrDefault(neutral) > ends * 2 / 3, $"after [{neutral}] only {rejoined.GetValueOrDefault(neutral)} of {ends} parses rejoined");
    }
}
