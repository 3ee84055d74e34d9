using LiveTs.Engine.Diffing;
using LiveTs.Engine.Html;
using LiveTs.Engine.Protocol;
using LiveTs.Engine.Tests.TestSupport;

namespace LiveTs.Engine.Tests.Html5lib;

/// <summary>
/// The differ skips elements that two parses closed inside the common start of their sources
/// (Diffing/HtmlTreeDiffer.cs). That rests on the tree builder never changing a popped element,
/// so it is checked where the tree builder is most contrary: every html5lib tree-construction
/// input (misnested formatting, foster parenting, foreign content, templates…), repeated so the
/// common start is long, then continued in different ways. Each diff must write exactly what a
/// diff that compares everything writes.
/// </summary>
public class Html5libCommonStartDiffTests
{
    [Fact]
    public void SkippingTheCommonStartWritesWhatAFullDiffWrites()
    {
        // Arrange
        int diffs = 0, skipped = 0;
        var mismatches = new List<string>();

        // Act
        foreach (var start in ContinuedInputs.Starts())
        {
            var parses = ContinuedInputs.Endings.Select(e => HtmlParser.ParseFragment(start + e)).ToArray();
            for (int i = 0; i < parses.Length; i++)
            for (int j = 0; j < parses.Length; j++)
            {
                if (i == j) continue;
                var full = ContinuedInputs.Patch(parses[i], parses[j], skip: false, out _);
                var fast = ContinuedInputs.Patch(parses[i], parses[j], skip: true, out int n);
                diffs++;
                skipped += n;
                if (!full.AsSpan().SequenceEqual(fast) && mismatches.Count < 5)
                    mismatches.Add($"{start} + [{ContinuedInputs.Endings[i]}] -> [{ContinuedInputs.Endings[j]}]");
            }
        }

        // Assert: the same patches everywhere, and the skip did happen (the check compared something)
        Assert.Empty(mismatches);
        Assert.True(diffs > 10_000, $"only {diffs} diffs");
        Assert.True(skipped > diffs, $"only {skipped} elements skipped in {diffs} diffs");
    }

    [Fact]
    public void ALongPageWithOneChangedRowComparesOnlyWhatFollowsTheChange()
    {
        // Arrange: 200 rows; row 150 changes
        static string Page(string row150) => "<table><tbody>" + string.Concat(Enumerable.Range(0, 200).Select(i =>
            $"<tr id=\"r{i}\"><td>{(i == 150 ? row150 : "row " + i)}</td><td><a href=\"/i/{i}\">&amp; more</a></td></tr>\n")) + "</tbody></table>";
        var before = HtmlParser.ParseFragment(Page("row 150"));
        var after = HtmlParser.ParseFragment(Page("changed"));

        // Act
        var fast = ContinuedInputs.Patch(before, after, skip: true, out int skipped);
        var full = ContinuedInputs.Patch(before, after, skip: false, out _);

        // Assert: one text op either way; the first 149 rows were skipped whole
        Assert.Equal(full, fast);
        var op = Assert.Single(PatchDecoder.DecodeOps(fast));
        Assert.Equal(PatchOp.PATCH_NODE_TEXT, op.Code);
        Assert.InRange(skipped, 149, 150);
    }
}
