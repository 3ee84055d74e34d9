using LiveTs.Engine.Diffing;
using LiveTs.Engine.Protocol;
using LiveTs.Engine.Rendering;
using LiveTs.Engine.Sessions;
using LiveTs.Engine.Templates;
using LiveTs.Engine.Tests.TestSupport;
using static LiveTs.Engine.Tests.TestSupport.Tree;

namespace LiveTs.Engine.Tests;

/// <summary>
/// Renders reuse what the connection shows (docs/architecture.md, "Renders"): unchanged subtrees come
/// back as the very objects shown, long lists skip unchanged chunks, pages with the same first
/// render share one tree, and a keyed list's patch applied to what the client shows gives the new list.
/// </summary>
public class RenderReuseTests
{
    private readonly TemplateRegistry templates = new();
    private readonly int page;
    private readonly int row;

    public RenderReuseTests()
    {
        page = templates.Compile(["<h1>", "</h1><ul>", "</ul>"]).Id;
        row = templates.Compile(["<li ts-key=\"", "\">", "</li>"]).Id;
    }

    private string Page(string title, IEnumerable<(string Key, string Label)> rows) =>
        T(page, S(title), List([.. rows.Select(r => T(row, S(r.Key), S(r.Label)))]));

    private static List<(string, string)> Rows(int count) => [.. Enumerable.Range(0, count).Select(i => ($"k{i}", $"item {i}"))];

    private RenderValue Read(string tree, RenderValue shown) =>
        RenderTreeReader.ReadRoot(tree, templates, shown, Fingerprint.Of(tree), new RenderTreeReader.Scratch(), new ShownComponents());

    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    public void ATreeReadAgainIsTheShownTree(int count)
    {
        // Arrange
        var tree = Page("title", Rows(count));
        var shown = Read(tree, default);

        // Act
        var again = Read(tree, shown);

        // Assert
        Assert.True(again.IsSameAs(shown));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    public void OnlyTheEditedItemIsNewAndItsUnchangedValuesAreTheShownStrings(int count)
    {
        // Arrange
        var rows = Rows(count);
        var shown = Read(Page("title", rows), default);
        rows[count / 2] = (rows[count / 2].Item1, "edited");

        // Act
        var next = Read(Page("title", rows), shown);

        // Assert: the title and every other item are the shown objects; the edited one keeps its key string
        var before = shown.Instance.Values;
        var after = next.Instance.Values;
        Assert.True(after[0].IsSameAs(before[0]));
        for (int i = 0; i < count; i++)
            Assert.Equal(i != count / 2, after[1].Items[i].IsSameAs(before[1].Items[i]));
        Assert.True(after[1].Items[count / 2].Instance.Values[0].IsSameAs(before[1].Items[count / 2].Instance.Values[0]));
        Assert.Equal("edited", after[1].Items[count / 2].Instance.Values[1].String);
    }

    [Fact]
    public void AfterARemovalTheItemsBehindItAreTheShownOnesMovedUp()
    {
        // Arrange
        var rows = Rows(1000);
        var shown = Read(Page("title", rows), default);
        rows.RemoveAt(300);

        // Act
        var next = Read(Page("title", rows), shown);

        // Assert
        var before = shown.Instance.Values[1].Items;
        var after = next.Instance.Values[1].Items;
        Assert.Equal(999, after.Length);
        for (int i = 0; i < after.Length; i++) Assert.True(after[i].IsSameAs(before[i < 300 ? i : i + 1]));
    }

    /// <summary>Applies a list part's LIST_* and ENTER_ITEM ops to the item markup the client shows.</summary>
    internal static List<string> Apply(List<string> items, IEnumerable<Op> ops, Func<int, string> itemAfter)
    {
        var result = new List<string>(items);
        foreach (var op in ops)
        {
            if (op.Code == PatchOp.PATCH_LIST_INSERT) result.Insert(op.Index!.Value, op.Value!);
            else if (op.Code == PatchOp.PATCH_LIST_REMOVE) result.RemoveAt(op.Index!.Value);
            else if (op.Code == PatchOp.PATCH_LIST_MOVE)
            {
                var moved = result[op.Item!.Value];
                result.RemoveAt(op.Item!.Value);
                result.Insert(op.Index!.Value, moved);
            }
            else if (op.Code == PatchOp.PATCH_ENTER_ITEM) result[op.Item!.Value] = itemAfter(op.Item!.Value);
        }
        return result;
    }

    [Fact]
    public void RandomKeyedListChangesPatchedOntoTheShownListGiveTheNewList()
    {
        var random = new Random(20261130);
        for (int round = 0; round < 300; round++)
        {
            // Arrange: a list, and a few random changes of it (insert, remove, edit, move)
            var rows = Rows(random.Next(0, 200));
            var before = Page("t", rows);
            int next = 10_000;
            for (int changes = random.Next(1, 6); changes > 0; changes--)
            {
                int kind = random.Next(4);
                if (kind == 0 || rows.Count == 0) rows.Insert(random.Next(rows.Count + 1), ($"k{next++}", "new"));
                else if (kind == 1) rows.RemoveAt(random.Next(rows.Count));
                else if (kind == 2) { int i = random.Next(rows.Count); rows[i] = (rows[i].Item1, rows[i].Item2 + "!"); }
                else { int i = random.Next(rows.Count); var r = rows[i]; rows.RemoveAt(i); rows.Insert(random.Next(rows.Count + 1), r); }
            }
            var writer = new FrameWriter();
            var shown = Read(before, default);
            var after = Read(Page("t", rows), shown);

            // Act
            new TemplateDiffer(writer).Diff(shown.Instance, after.Instance);

            // Assert: the client's list, patched, is the new list's markup; item content ops only for edited items
            var ops = PatchDecoder.DecodeOps(writer.Written);
            string Html(RenderValue item) => HtmlWriter.ContentHtml(item);
            var patched = Apply([.. shown.Instance.Values[1].Items.Select(Html)], ops, i => Html(after.Instance.Values[1].Items[i]));
            Assert.Equal(after.Instance.Values[1].Items.Select(Html), patched);
        }
    }

    [Fact]
    public void PagesWithTheSameFirstRenderShareOneTree()
    {
        // Arrange
        var engine = new LiveEngine(new FakeClocks().Options());
        int list = engine.CompileTemplate(["<ul>", "</ul>"]);
        int item = engine.CompileTemplate(["<li>", "</li>"]);
        var tree = T(list, List([.. Enumerable.Range(0, 500).Select(i => T(item, S($"row {i}")))]));

        // Act: two visitors load the page and join
        ConnectionId Join()
        {
            var (_, token) = engine.Prerender(tree, "{}");
            var id = engine.Open();
            engine.Receive(id, ClientFrames.Join(token));
            Assert.Equal([], PatchDecoder.Ops(engine.Render(id, tree)));
            return id;
        }
        var first = Join();
        var second = Join();

        // Assert: both show the same tree object, not a copy each
        Assert.True(engine.Connections.Get(first).Shown!.Value.IsSameAs(engine.Connections.Get(second).Shown!.Value));
    }

    [Fact]
    public void ASharedTreeIsCopiedOnWriteWhenOneConnectionChangesIt()
    {
        // Arrange
        var engine = new LiveEngine(new FakeClocks().Options());
        int list = engine.CompileTemplate(["<ul>", "</ul>"]);
        int item = engine.CompileTemplate(["<li>", "</li>"]);
        string Tree(string last) => T(list, List([.. Enumerable.Range(0, 499).Select(i => T(item, S($"row {i}"))), T(item, S(last))]));
        var ids = Enumerable.Range(0, 2).Select(_ =>
        {
            var (_, token) = engine.Prerender(Tree("end"), "{}");
            var id = engine.Open();
            engine.Receive(id, ClientFrames.Join(token));
            engine.Render(id, Tree("end"));
            return id;
        }).ToList();
        var shared = engine.Connections.Get(ids[1]).Shown!.Value;

        // Act
        var frame = engine.Render(ids[0], Tree("changed"));

        // Assert: one op for the first; the second still shows the shared tree; the first's new tree reuses its other rows
        Assert.Equal([Op.EnterItem(0, 499), Op.SetText(0, "changed"), Op.Leave()], PatchDecoder.Ops(frame));
        var mine = engine.Connections.Get(ids[0]).Shown!.Value;
        Assert.True(engine.Connections.Get(ids[1]).Shown!.Value.IsSameAs(shared));
        Assert.True(mine.Instance.Values[0].Items[0].IsSameAs(shared.Instance.Values[0].Items[0]));
    }
}
