using LiveTs.Engine.Diffing;
using LiveTs.Engine.Html;
using LiveTs.Engine.Protocol;
using LiveTs.Engine.Tests.Html5lib;
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
    public void AResumedParseTellsTheDiffHowMuchOfTheInputsStartsAlike()
    {
        // Arrange: the shown page's parse, and a change near the end of the page
        var pool = new TreeStoragePool();
        string page = Page(-1, ""), changed = Page(290, "changed");
        var shown = HtmlParser.ParseFragment(page, pool);

        // Act: the next parse resumes from the shown one, after comparing the two inputs
        var next = HtmlParser.ParseFragment(changed, new TreeStoragePool(), shown);

        // Assert: it kept what it measured, for the shown tree only; another tree is compared afresh
        Assert.True(next.Tree.ResumedAt > 0);
        Assert.Equal(page.AsSpan().CommonPrefixLength(changed.AsSpan()), next.Tree.CommonStartWith(shown.Tree));
        var other = HtmlParser.ParseFragment(Page(5, "other"));
        Assert.Equal(other.Tree.Source.CommonPrefixLength(changed.AsSpan()), next.Tree.CommonStartWith(other.Tree));
    }

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
    /// <summary>A row of the random pages: mostly plain, sometimes markup that leaves something open or closes what is not.</summary>
    private static readonly string[] RowKinds =
    [
        "<td>{0}</td>", "<td><b>{0}</b> <i>x</i></td>", "<td>{0} <b>open", "<td>{0}</td></tr><tr><td>split",
        "<td><a href=\"/{0}\">{0}</a></td>", "<td>{0}</p>", "<td><div>{0}</div></td>", "<td>{0} &amp; &lt;</td>",
    ];

    /// <summary>Makes the random pages ~36 KB: big enough to keep checkpoints.</summary>
    private static readonly string Filler = new('f', 60);

    [Fact]
    public void RandomEditsAnywhereOnAPageGetTheFramesOfParsesFromTheStart()
    {
        // Arrange: a joined connection showing a 300-row page; a seeded run of edits at the top, the
        // middle and the end, one or several per render, so that parses resume, rejoin, and resume
        // or rejoin from checkpoints a rejoin carried over
        var random = new Random(20261130);
        var rows = Enumerable.Range(0, 300).Select(i => (Kind: 0, Text: $"row {i}")).ToList();
        string PageOf() => "<main><table><tbody>\n" + string.Concat(rows.Select((r, i) =>
            $"<tr id=\"r{i}\"><td class=\"note\">{Filler}</td>{string.Format(RowKinds[r.Kind], r.Text)}</tr>\n")) + "</tbody></table><p>end</p></main>";
        var engine = new LiveEngine(new FakeClocks().Options());
        var shown = PageOf();
        var (_, token) = engine.Prerender(Plain(shown), "{}");
        var id = engine.Open();
        Assert.Equal(ReceiveKind.Join, engine.Receive(id, ClientFrames.Join(token)).Kind);
        int resumed = 0, rejoined = 0;

        for (int render = 0; render < 150; render++)
        {
            for (int edits = random.Next(1, 3); edits > 0; edits--)
            {
                int at = random.Next(4) switch { 0 => random.Next(5), 1 => rows.Count - 1 - random.Next(5), _ => random.Next(rows.Count) };
                switch (random.Next(4))
                {
                    case 0: rows[at] = (rows[at].Kind, $"edit {render}"); break;
                    case 1: rows.Insert(at, (random.Next(RowKinds.Length), $"new {render}")); break;
                    case 2 when rows.Count > 100: rows.RemoveAt(at); break;
                    default: rows[at] = (random.Next(3) == 0 ? random.Next(RowKinds.Length) : 0, rows[at].Text); break;
                }
            }
            var next = PageOf();

            // Act
            var frame = engine.Render(id, Plain(next));

            // Assert: the frame a full parse of both pages and a full diff give, and the tree a full parse builds
            var expected = new FrameWriter();
            expected.Byte(FrameOp.FRAME_REPLY);
            new HtmlTreeDiffer(expected) { SkipsSharedParts = false }.Diff(HtmlParser.ParseFragment(shown), HtmlParser.ParseFragment(next));
            Assert.True(expected.Written.ToArray().AsSpan().SequenceEqual(frame), $"render {render}: the frame differs from a full diff's");
            var parse = engine.Connections.Get(id).Shown!.Value.Fragment;
            Assert.Equal(TreeConstructionCase.Dump(HtmlParser.ParseFragment(next).Nodes), TreeConstructionCase.Dump(parse.Nodes));
            if (parse.Tree.ResumedAt > 0) resumed++;
            if (parse.Tree.RejoinedAt > 0) rejoined++;
            shown = next;
        }
        // both shortcuts were taken often enough to have been tried in every combination
        Assert.True(resumed > 30 && rejoined > 30, $"resumed {resumed}, rejoined {rejoined} of 150 renders");
    }
}
