using LiveTs.Engine.Html;
using LiveTs.Engine.Tests.TestSupport;

namespace LiveTs.Engine.Tests.Html5lib;

/// <summary>
/// A parse that resumes from a checkpoint of the previous parse (Html/TreeBuilder.Resume.cs) must
/// build exactly the tree a parse from the start builds. Checked where the tree builder is most
/// contrary: every html5lib tree-construction input, repeated so checkpoints fall inside it, then
/// continued in different ways, each parse resuming from the one before.
/// </summary>
public class Html5libResumedParseTests
{
    private static HtmlFragment Parse(string html, HtmlFragment? previous) =>
        TreeBuilder.ParseFragment(html, "body", HtmlNamespace.Html, scripting: true, new ParseErrors(), previous: previous, checkpointSpacing: 8);

    [Fact]
    public void AResumedParseBuildsTheTreeAParseFromTheStartBuilds()
    {
        // Arrange
        int parses = 0, resumed = 0;
        var mismatches = new List<string>();

        // Act: each ending parsed after the one before it, resuming from its parse
        foreach (var start in ContinuedInputs.Starts())
        {
            var previous = Parse(start, null);
            foreach (var ending in ContinuedInputs.Endings)
            {
                var html = start + ending;
                var next = Parse(html, previous);
                var fresh = HtmlParser.ParseFragment(html);
                parses++;
                if (next.Tree.ResumedAt >= 0) resumed++;
                if (mismatches.Count < 5 && (TreeConstructionCase.Dump(next.Nodes) != TreeConstructionCase.Dump(fresh.Nodes)
                    || !ContinuedInputs.Patch(previous, next, skip: true, out _).AsSpan().SequenceEqual(ContinuedInputs.Patch(previous, fresh, skip: false, out _))))
                    mismatches.Add($"{start} + [{ending}] (resumed at {next.Tree.ResumedAt})");
                previous = next;
            }
        }

        // Assert: the same trees and patches everywhere, and most parses did resume
        Assert.Empty(mismatches);
        Assert.True(resumed > parses / 3, $"only {resumed} of {parses} parses resumed");
    }
}
