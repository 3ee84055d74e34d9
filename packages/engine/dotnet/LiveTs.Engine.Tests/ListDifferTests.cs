using LiveTs.Engine.Diffing;
using LiveTs.Engine.Protocol;
using LiveTs.Engine.Rendering;
using LiveTs.Engine.Templates;
using LiveTs.Engine.Tests.TestSupport;
using static LiveTs.Engine.Tests.TestSupport.Tree;

namespace LiveTs.Engine.Tests;

/// <summary>Lists inside a text part: keyed by ts-key, or by position. Bytes follow what changed, never the list.</summary>
public class ListDifferTests
{
    private readonly TemplateRegistry templates = new();
    private readonly int page;
    private readonly int keyedRow;
    private readonly int plainRow;

    public ListDifferTests()
    {
        page = templates.Compile(["<ul>", "</ul>"]).Id;
        keyedRow = templates.Compile(["<li ts-key=\"", "\">", "</li>"]).Id;
        plainRow = templates.Compile(["<li>", "</li>"]).Id;
    }

    private string Keyed(params string[] keysAndLabels) =>
        T(page, List([.. keysAndLabels.Select(k => T(keyedRow, S(k.Split('=')[0]), S(k.Split('=').Last())))]));

    private string Plain(params string[] labels) => T(page, List([.. labels.Select(l => T(plainRow, S(l)))]));

    private List<Op> Diff(string before, string after)
    {
        var writer = new FrameWriter();
        new TemplateDiffer(writer).Diff(RenderTreeReader.ReadRoot(before, templates).Instance, RenderTreeReader.ReadRoot(after, templates).Instance);
        return PatchDecoder.DecodeOps(writer.Written);
    }

    private static string Item(string key, string label) => $"<!--ts@0 ts-key--><li ts-key=\"{key}\"><!--ts[1-->{label}<!--ts]--></li>";

    [Fact]
    public void AppendingToAnUnkeyedListInsertsOnlyTheNewItem()
    {
        // Arrange
        var before = Plain("a", "b");

        // Act
        var ops = Diff(before, Plain("a", "b", "c"));

        // Assert
        Assert.Collection(ops, op => Assert.Equal(Op.ListInsert(0, 2, "<li><!--ts[0-->c<!--ts]--></li>"), op));
    }

    [Fact]
    public void ShorteningAnUnkeyedListRemovesFromTheEnd()
    {
        var ops = Diff(Plain("a", "b", "c", "d"), Plain("a", "B"));

        Assert.Collection(ops,
            op => Assert.Equal(Op.EnterItem(0, 1), op),
            op => Assert.Equal(Op.SetText(0, "B"), op),
            op => Assert.Equal(Op.Leave(), op),
            op => Assert.Equal(Op.ListRemove(0, 3), op),
            op => Assert.Equal(Op.ListRemove(0, 2), op));
    }

    [Fact]
    public void ChangedTextItemIsReplacedInPlace()
    {
        var ops = Diff(T(page, List(S("a"), S("b"))), T(page, List(S("a"), S("c"))));

        Assert.Collection(ops,
            op => Assert.Equal(Op.ListRemove(0, 1), op),
            op => Assert.Equal(Op.ListInsert(0, 1, "c"), op));
    }

    [Fact]
    public void InsertingInTheMiddleOfAKeyedListSendsThatItemOnly()
    {
        // Arrange
        var keys = Enumerable.Range(0, 10_000).Select(i => $"{i}=row {i}").ToArray();
        var withOneMore = keys.Take(5_000).Append("new=fresh").Concat(keys.Skip(5_000)).ToArray();

        // Act
        var ops = Diff(Keyed(keys), Keyed(withOneMore));

        // Assert
        Assert.Collection(ops, op => Assert.Equal(Op.ListInsert(0, 5_000, Item("new", "fresh")), op));
    }

    [Fact]
    public void RemovingFromAKeyedListSendsOneRemove()
    {
        var keys = Enumerable.Range(0, 1_000).Select(i => $"{i}=row {i}").ToArray();

        var ops = Diff(Keyed(keys), Keyed([.. keys.Where((_, i) => i != 300)]));

        Assert.Collection(ops, op => Assert.Equal(Op.ListRemove(0, 300), op));
    }

    [Fact]
    public void SwappingTwoFarApartRowsIsTwoMoves()
    {
        // Arrange: js-framework-benchmark's swap of rows 2 and 999
        var keys = Enumerable.Range(0, 1_000).Select(i => $"{i}=row {i}").ToArray();
        var swapped = (string[])keys.Clone();
        (swapped[1], swapped[998]) = (swapped[998], swapped[1]);

        // Act
        var ops = Diff(Keyed(keys), Keyed(swapped));

        // Assert: no item content is re-sent
        Assert.Equal(2, ops.Count);
        Assert.All(ops, op => Assert.Equal(PatchOp.PATCH_LIST_MOVE, op.Code));
        Assert.Equal(swapped.Select(k => k.Split('=')[0]), Apply(keys, ops));
    }

    [Fact]
    public void AMovedItemWhoseContentChangedIsMovedThenEnteredAtItsNewPlace()
    {
        var ops = Diff(Keyed("a=1", "b=2", "c=3"), Keyed("c=3!", "a=1", "b=2"));

        Assert.Collection(ops,
            op => Assert.Equal(Op.ListMove(0, 2, 0), op),
            op => Assert.Equal(Op.EnterItem(0, 0), op),
            op => Assert.Equal(Op.SetText(1, "3!"), op),
            op => Assert.Equal(Op.Leave(), op));
    }

    [Fact]
    public void DuplicateKeysFallBackToPositions()
    {
        var ops = Diff(Keyed("a=1", "a=2"), Keyed("a=2", "a=1"));

        Assert.Collection(ops,
            op => Assert.Equal(Op.EnterItem(0, 0), op), op => Assert.Equal(Op.SetText(1, "2"), op), op => Assert.Equal(Op.Leave(), op),
            op => Assert.Equal(Op.EnterItem(0, 1), op), op => Assert.Equal(Op.SetText(1, "1"), op), op => Assert.Equal(Op.Leave(), op));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void AnyReorderingReplayedByTheClientGivesTheNewOrder(int seed)
    {
        // Arrange: random removals, insertions and shuffles of a keyed list
        var random = new Random(seed);
        for (int round = 0; round < 200; round++)
        {
            var before = Enumerable.Range(0, random.Next(0, 30)).Select(i => $"k{i}").ToList();
            var after = before.Where(_ => random.Next(4) > 0).OrderBy(_ => random.Next()).ToList();
            for (int n = random.Next(0, 5); n > 0; n--) after.Insert(random.Next(after.Count + 1), $"new{round}-{n}");

            // Act
            var ops = Diff(Keyed([.. before.Select(k => $"{k}={k}")]), Keyed([.. after.Select(k => $"{k}={k}")]));

            // Assert: replaying the operations on the old keys gives the new keys, with moves kept minimal
            Assert.Equal(after, Apply(before, ops));
            int stayed = after.Count(before.Contains);
            int moves = ops.Count(o => o.Code == PatchOp.PATCH_LIST_MOVE);
            Assert.True(moves <= stayed, $"{moves} moves for {stayed} kept items");
        }
    }

    [Fact]
    public void LongestIncreasingRunKeepsTheMostItemsInPlace()
    {
        var stays = KeyedReorder.LongestIncreasingRun([0, 998, 2, 3, -1, 4, 1, 999]);

        Assert.Equal(new[] { true, false, true, true, false, true, false, true }, stays);
    }

    /// <summary>What the client does with structural ops, on a list of keys (inserted items are read from their ts-key).</summary>
    private static List<string> Apply(IEnumerable<string> keys, List<Op> ops)
    {
        var list = keys.Select(k => k.Split('=')[0]).ToList();
        foreach (var op in ops)
        {
            if (op.Code == PatchOp.PATCH_LIST_REMOVE) list.RemoveAt(op.Index!.Value);
            else if (op.Code == PatchOp.PATCH_LIST_INSERT)
                list.Insert(op.Index!.Value, op.Value!.Split('"')[1]); // the ts-key attribute's value
            else if (op.Code == PatchOp.PATCH_LIST_MOVE)
            {
                var key = list[op.Item!.Value];
                list.RemoveAt(op.Item!.Value);
                list.Insert(op.Index!.Value, key);
            }
        }
        return list;
    }
}
