using LiveTs.Engine.Diffing;
using LiveTs.Engine.Html;
using LiveTs.Engine.Protocol;
using LiveTs.Engine.Tests.TestSupport;
using static LiveTs.Engine.Tests.TestSupport.Tree;

namespace LiveTs.Engine.Tests;

/// <summary>
/// A view that renders a plain string, re-rendered as a user's events would: each parse is built in
/// the arrays of the parse before last, resumes from the previous parse where the pages start alike
/// and copies the previous parse where they end alike (Html/TreeBuilder.Resume.cs,
/// Html/TreeBuilder.Rejoin.cs, Diffing/RecycledParses.cs). The frames must be exactly what parsing
/// both pages from the start and diffing them gives.
/// </summary>
public class PlainRenderTests
{
    /// <summary>A ~36 KB table (big enough to keep checkpoints) with row <paramref name="changed"/> showing <paramref name="text"/>.</summary>
    private static string Page(int changed, string text) => "<main><h1>Rows</h1><table><tbody>\n" + string.Concat(Enumerable.Range(0, 300).Select(i =>
        $"<tr id=\"r{i}\"><td>{(i == changed ? text : "row " + i)}</td><td><a href=\"/i/{i}?a=1&amp;b=2\">more</a> &mdash; <em>x</em></td></tr>\n")) + "</tbody></table></main>";

    [Fact]
    public void APlainPageRenderedAgainAndAgainGetsTheFramesOfParsesFromTheStart()
    {
        // Arrange: a joined connection showing the page; renders that change it near the end, the start, the middle
        var engine = new LiveEngine(new FakeClocks().Options());
        string[] pages = [Page(-1, ""), Page(250, "a"), Page(10, "b"), Page(250, "c"), Page(299, "d <b>bold"), Page(0, "e"), Page(150, "f"), Page(290, "g")];
        var (_, token) = engine.Prerender(Plain(pages[0]), "{}");
        var id = engine.Open();
        Assert.Equal(ReceiveKind.Join, engine.Receive(id, ClientFrames.Join(token)).Kind);
        List<int> resumed = [], rejoined = [];

        for (int i = 1; i < pages.Length; i++)
        {
            // Act
            var frame = engine.Render(id, Plain(pages[i]));

            // Assert
            var expected = new FrameWriter();
            expected.Byte(FrameOp.FRAME_REPLY);
            new HtmlTreeDiffer(expected) { SkipsSharedParts = false }.Diff(HtmlParser.ParseFragment(pages[i - 1]), HtmlParser.ParseFragment(pages[i]));
            Assert.Equal(expected.Written.ToArray(), frame);
            var parse = engine.Connections.Get(id).Shown!.Value.Fragment.Tree;
            if (parse.ResumedAt > 0) resumed.Add(i);
            if (parse.RejoinedAt > 0) rejoined.Add(i);
        }
        // the renders whose page agrees with the one before past its first checkpoint (2 KB in) resumed its parse
        Assert.Equal([1, 4, 7], resumed);
        // and those whose page ends as the one before from a checkpoint on (not 4 and 5: row 299's <b> stays
        // open to the end; not 7: no checkpoint after row 290) copied the rest of its parse
        Assert.Equal([1, 2, 3, 6], rejoined);
    }
}
