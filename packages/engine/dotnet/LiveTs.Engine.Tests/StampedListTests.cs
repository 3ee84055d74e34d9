using LiveTs.Engine.Diffing;
using LiveTs.Engine.Protocol;
using LiveTs.Engine.Rendering;
using LiveTs.Engine.Sessions;
using LiveTs.Engine.Templates;
using LiveTs.Engine.Tests.TestSupport;
using static LiveTs.Engine.Tests.TestSupport.Tree;

namespace LiveTs.Engine.Tests;

/// <summary>
/// Stamped lists (RenderTreeReader, docs/architecture.md "Renders"): a long list's next render refers
/// to the runs of items that did not change by the stamp of the list its view rendered last, and the
/// engine takes those items as they are, unread; what it builds equals reading the whole list.
/// </summary>
public class StampedListTests
{
    private readonly TemplateRegistry templates = new();
    private readonly int page;
    private readonly int row;
    private readonly RenderTreeReader.Scratch scratch = new();

    public StampedListTests()
    {
        page = templates.Compile(["<h1>", "</h1><ul>", "</ul>"]).Id;
        row = templates.Compile(["<li ts-key=\"", "\">", "</li>"]).Id;
    }

    private string Item(string key, string label) => T(row, S(key), S(label));
    private string[] Items(IEnumerable<(string Key, string Label)> rows) => [.. rows.Select(r => Item(r.Key, r.Label))];
    private static List<(string, string)> Rows(int count) => [.. Enumerable.Range(0, count).Select(i => ($"k{i}", $"item {i}"))];

    private RenderValue Read(string tree, RenderValue shown) =>
        RenderTreeReader.ReadRoot(tree, templates, shown, Fingerprint.Of(tree), scratch, new ShownComponents());

    private static string Html(RenderValue value) => HtmlWriter.Write(value);

    [Fact]
    public void RunsAreTheItemsOfTheListReferredToAndOnlyTheItemsWrittenAreRead()
    {
        // Arrange: 100 items stamped 7; then item 40 edited and one appended, the rest referred to
        var rows = Rows(100);
        var shown = Read(T(page, S("t"), Stamped(7, 0, 100, Items(rows))), default);
        rows[40] = ("k40", "edited");
        rows.Add(("k100", "new"));

        // Act
        var next = Read(T(page, S("t"), Stamped(8, 7, 101, Run(0, 40), Item("k40", "edited"), Run(41, 59), Item("k100", "new"))), shown);

        // Assert: the same page as reading it whole, with the shown items themselves where nothing changed
        Assert.Equal(Html(Read(T(page, S("t"), List(Items(rows))), default)), Html(next));
        var before = shown.Instance.Values[1].Items;
        var after = next.Instance.Values[1].Items;
        for (int i = 0; i < 100; i++) Assert.Equal(i != 40, after[i].IsSameAs(before[i]));
        Assert.True(after[40].Instance.Values[0].IsSameAs(before[40].Instance.Values[0])); // read against the item it replaced
        Assert.Equal(8u, next.Instance.Values[1].ListPayload.Stamp);
    }

    [Fact]
    public void AListWithTheShownStampIsTheShownList()
    {
        // Arrange
        var shown = Read(T(page, S("t"), Stamped(7, 0, 100, Items(Rows(100)))), default);

        // Act
        var next = Read(T(page, S("t"), Stamped(7, 7, 100, Run(0, 100))), shown);

        // Assert
        Assert.True(next.IsSameAs(shown));
    }

    [Fact]
    public void RunsFindTheirListWhateverTheConnectionShows()
    {
        // Arrange: list 7 was read (for another connection, or by a render that failed later); this one shows nothing
        var rows = Rows(80);
        Read(T(page, S("t"), Stamped(7, 0, 80, Items(rows))), default);
        rows.RemoveAt(3);

        // Act
        var next = Read(T(page, S("t"), Stamped(8, 7, 79, Run(0, 3), Run(4, 76))), default);

        // Assert
        Assert.Equal(Html(Read(T(page, S("t"), List(Items(rows))), default)), Html(next));
    }

    [Fact]
    public void ARunOfAListTheEngineDoesNotKeepIsStale()
    {
        // Act
        var error = Assert.Throws<LiveTsException>(() => Read(T(page, S("t"), Stamped(8, 5, 2, Run(0, 2))), default));

        // Assert
        Assert.Equal(EngineErrorCodes.RenderTreeStale, error.Code);
    }

    [Theory]
    [InlineData(90, 20)]   // past the end of the list referred to
    [InlineData(0, 101)]   // more than the list referred to has
    [InlineData(0, 99)]    // fewer items than the count
    public void RunsThatDoNotFitAreMalformed(int from, int n)
    {
        // Arrange
        Read(T(page, S("t"), Stamped(7, 0, 100, Items(Rows(100)))), default);

        // Act
        var error = Assert.Throws<LiveTsException>(() => Read(T(page, S("t"), Stamped(8, 7, 100, Run(from, n))), default));

        // Assert
        Assert.Equal(EngineErrorCodes.RenderTreeInvalid, error.Code);
    }

    [Fact]
    public void AStampedListAsAListItemIsSkippedByItsLength()
    {
        // Arrange: a long plain list whose items hold stamped lists (its chunks are fingerprinted by the items' lengths)
        var outer = templates.Compile(["<div>", "</div>"]).Id;
        string Outer(int stamp) => T(outer, Stamped(stamp, 0, 2, Item("a", "1"), Item("b", "2")));
        var tree = T(page, S("t"), List([.. Enumerable.Range(0, 70).Select(i => Outer(100 + i))]));

        // Act
        var read = Read(tree, default);

        // Assert
        Assert.Equal(70, read.Instance.Values[1].Items.Length);
    }

    [Fact]
    public void RandomChangesReferredToByRunsPatchTheShownListIntoTheNewOne()
    {
        var random = new Random(20261130);
        var rows = Rows(120);
        int stamp = 1, next = 10_000;
        var shown = Read(T(page, S("t"), Stamped(stamp, 0, rows.Count, Items(rows))), default);
        for (int round = 0; round < 200; round++)
        {
            // Arrange: one random change, written as list-memo.ts writes it (runs from the front, then from the end)
            var before = rows.ToList();
            int kind = random.Next(3);
            if (kind == 0 || rows.Count == 0) rows.Insert(random.Next(rows.Count + 1), ($"k{next++}", "new"));
            else if (kind == 1) rows.RemoveAt(random.Next(rows.Count));
            else { int i = random.Next(rows.Count); rows[i] = (rows[i].Item1, rows[i].Item2 + "!"); }
            int front = 0;
            while (front < rows.Count && front < before.Count && rows[front] == before[front]) front++;
            int back = 0;
            while (back < rows.Count - front && back < before.Count - front && rows[^(back + 1)] == before[^(back + 1)]) back++;
            var body = new List<string>();
            if (front > 0) body.Add(Run(0, front));
            body.AddRange(Items(rows.Skip(front).Take(rows.Count - front - back)));
            if (back > 0) body.Add(Run(before.Count - back, back));
            var writer = new FrameWriter();

            // Act
            var after = Read(T(page, S("t"), Stamped(stamp + 1, stamp, rows.Count, [.. body])), shown);
            new TemplateDiffer(writer).Diff(shown.Instance, after.Instance);

            // Assert: the new list is the whole list's read, and the patch turns the shown markup into it
            Assert.Equal(Html(Read(T(page, S("t"), List(Items(rows))), default)), Html(after));
            var patched = RenderReuseTests.Apply([.. before.Select(r => HtmlWriter.ContentHtml(Read(Item(r.Item1, r.Item2), default)))],
                PatchDecoder.DecodeOps(writer.Written), i => HtmlWriter.ContentHtml(after.Instance.Values[1].Items[i]));
            Assert.Equal(after.Instance.Values[1].Items.Select(HtmlWriter.ContentHtml), patched);
            shown = after;
            stamp++;
        }
    }

    [Fact]
    public void AListLeavesWhenTheListBasedOnItArrivesAndTheOldestPastCapacity()
    {
        // Arrange
        var lists = new StampedLists();
        RenderValue[] items = [RenderValue.Nothing];

        // Act
        lists.Add(1, items, 0);
        lists.Add(2, items, 1);
        for (uint s = 100; s < 100 + StampedLists.Capacity; s++) lists.Add(s, items, 0);
        var beforeTrim = lists.Count(2);
        lists.Trim();

        // Assert: 1 left for 2; 2, the oldest, stayed while the render was read and left after it
        Assert.Equal(1, beforeTrim);
        Assert.Equal(-1, lists.Count(1));
        Assert.Equal(-1, lists.Count(2));
        Assert.Equal(1, lists.Count(100));
        Assert.Equal(1, lists.Count(100 + StampedLists.Capacity - 1));
    }

    [Fact]
    public void TheEngineSaysWhichStampsARenderMayReferTo()
    {
        // Arrange
        var engine = new LiveEngine(new FakeClocks().Options());
        int list = engine.CompileTemplate(["<ul>", "</ul>"]);
        int item = engine.CompileTemplate(["<li>", "</li>"]);
        var (_, token) = engine.Prerender(T(list, List(T(item, S("a")))), "{}");
        var id = engine.Open();
        engine.Receive(id, ClientFrames.Join(token));

        // Act
        engine.Render(id, T(list, Stamped(42, 0, 2, T(item, S("a")), T(item, S("b")))));

        // Assert
        Assert.Equal(2, engine.StampedItems(42));
        Assert.Equal(-1, engine.StampedItems(43));
    }
}
