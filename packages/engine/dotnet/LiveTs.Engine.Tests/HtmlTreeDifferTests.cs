using LiveTs.Engine.Diffing;
using LiveTs.Engine.Html;
using LiveTs.Engine.Protocol;
using LiveTs.Engine.Tests.TestSupport;

namespace LiveTs.Engine.Tests;

public class HtmlTreeDifferTests
{
    private static List<Op> Diff(string before, string after)
    {
        var writer = new FrameWriter();
        new HtmlTreeDiffer(writer).Diff(HtmlParser.ParseFragment(before), HtmlParser.ParseFragment(after));
        return PatchDecoder.DecodeOps(writer.Written);
    }

    [Fact]
    public void SameMarkupEmitsNothing()
    {
        var html = "<div id=\"app\"><h1 class=\"t\">Hi</h1><ul><li>a</li><li>b</li></ul><!-- c --></div>";

        Assert.Empty(Diff(html, html));
    }

    [Fact]
    public void ChangedTextEmitsNodeTextAtItsPath()
    {
        // Arrange
        var before = "<div><h1>Title</h1><p>Count: <b>1</b></p></div>";
        var after = "<div><h1>Title</h1><p>Count: <b>2</b></p></div>";

        // Act
        var ops = Diff(before, after);

        // Assert
        Assert.Collection(ops, op => Assert.Equal(Op.NodeText([0, 1, 1, 0], "2"), op));
    }

    [Fact]
    public void TopLevelTextChangeHasAOneStepPath()
    {
        var ops = Diff("<p>a</p>x &amp; y", "<p>a</p>x &lt; y");

        Assert.Collection(ops, op => Assert.Equal(Op.NodeText([1], "x < y"), op));
    }

    [Fact]
    public void AttributeChangesEmitSetAndRemove()
    {
        // Arrange
        var before = "<div><button class=\"a\" disabled title=\"t\">x</button></div>";
        var after = "<div><button class=\"b\" title=\"t\" aria-label=\"go\">x</button></div>";

        // Act
        var ops = Diff(before, after);

        // Assert
        Assert.Collection(ops,
            op => Assert.Equal(Op.NodeSetAttr([0, 0], "class", "b"), op),
            op => Assert.Equal(Op.NodeSetAttr([0, 0], "aria-label", "go"), op),
            op => Assert.Equal(Op.NodeRemoveAttr([0, 0], "disabled"), op));
    }

    [Fact]
    public void AppendedChildrenAreInsertedAtTheirIndex()
    {
        // Act
        var ops = Diff("<ul><li>a</li></ul>", "<ul><li>a</li><li class=x>b &amp; c</li><li>d</li></ul>");

        // Assert
        Assert.Collection(ops,
            op => Assert.Equal(Op.NodeInsert([0], 1, "<li class=\"x\">b &amp; c</li>"), op),
            op => Assert.Equal(Op.NodeInsert([0], 2, "<li>d</li>"), op));
    }

    [Fact]
    public void TopLevelAppendUsesTheEmptyPath()
    {
        var ops = Diff("<p>a</p>", "<p>a</p><p>b</p>");

        Assert.Collection(ops, op => Assert.Equal(Op.NodeInsert([], 1, "<p>b</p>"), op));
    }

    [Fact]
    public void RemovedChildrenAreRemovedFromTheEnd()
    {
        // Act
        var ops = Diff("<ul><li>a</li><li>b</li><li>c</li></ul>", "<ul><li>a</li></ul>");

        // Assert: the last first, so each path is still valid when the client reaches it
        Assert.Collection(ops,
            op => Assert.Equal(Op.NodeRemove([0, 2]), op),
            op => Assert.Equal(Op.NodeRemove([0, 1]), op));
    }

    [Theory]
    [InlineData("<div>x</div>", "<section>x</section>", "<section>x</section>")]
    [InlineData("text", "<b>text</b>", "<b>text</b>")]
    public void TagOrKindMismatchReplacesTheNode(string before, string after, string replacement)
    {
        var ops = Diff($"<main>{before}</main>", $"<main>{after}</main>");

        Assert.Collection(ops, op => Assert.Equal(Op.NodeReplace([0, 0], replacement), op));
    }

    [Theory]
    [InlineData("<div id=\"a\">x</div>", "<div id=\"b\">x</div>")]
    [InlineData("<li ts-key=\"1\">x</li>", "<li ts-key=\"2\">x</li>")]
    [InlineData("<div id=\"a\">x</div>", "<div>x</div>")]
    public void AnotherKeyIsAnotherNode(string before, string after)
    {
        var ops = Diff($"<main>{before}</main>", $"<main>{after}</main>");

        Assert.Collection(ops,
            op => Assert.Equal(Op.NodeRemove([0, 0]), op),
            op => Assert.Equal(Op.NodeInsert([0], 0, after), op));
    }

    [Fact]
    public void SameKeyIsDiffedInPlace()
    {
        var ops = Diff("<li id=\"k\" class=\"a\">x</li>", "<li id=\"k\" class=\"b\">y</li>");

        Assert.Collection(ops,
            op => Assert.Equal(Op.NodeSetAttr([0], "class", "b"), op),
            op => Assert.Equal(Op.NodeText([0, 0], "y"), op));
    }

    [Fact]
    public void ChangedCommentIsReplaced()
    {
        var ops = Diff("<div><!--a--></div>", "<div><!--b--></div>");

        Assert.Collection(ops, op => Assert.Equal(Op.NodeReplace([0, 0], "<!--b-->"), op));
    }

    [Fact]
    public void CharacterReferencesAreComparedDecoded()
    {
        // &amp; and &#38; are the same text, &#x22; and &quot; the same attribute value
        var ops = Diff("<p title=\"&quot;\">a &amp; b</p>", "<p title=\"&#x22;\">a &#38; b</p>");

        Assert.Empty(ops);
    }

    [Fact]
    public void ChangedTemplateContentReplacesTheTemplate()
    {
        // Act
        var ops = Diff("<div><template><p>a</p></template></div>", "<div><template><p>b</p></template></div>");

        // Assert
        Assert.Collection(ops, op => Assert.Equal(Op.NodeReplace([0, 0], "<template><p>b</p></template>"), op));
    }

    [Fact]
    public void ImpliedElementsAreDiffedAsTheBrowserHasThem()
    {
        // Arrange: the browser closes the first <p> at the second, and puts rows in a <tbody>
        var before = "<p>one<p>two<table><tr><td>1</table>";
        var after = "<p>one<p>two<table><tr><td>2</table>";

        // Act
        var ops = Diff(before, after);

        // Assert: p, p, table > tbody > tr > td > "2"
        Assert.Collection(ops, op => Assert.Equal(Op.NodeText([2, 0, 0, 0, 0], "2"), op));
    }
}

/// <summary>Plain-HTML children with ids or ts-keys: moved, inserted and removed by key, not by position.</summary>
public class KeyedHtmlTreeDifferTests
{
    private static List<Op> Diff(string before, string after)
    {
        var writer = new FrameWriter();
        new HtmlTreeDiffer(writer).Diff(HtmlParser.ParseFragment(before), HtmlParser.ParseFragment(after));
        return PatchDecoder.DecodeOps(writer.Written);
    }

    private static string Rows(IEnumerable<int> ids) => "<ul>" + string.Concat(ids.Select(i => $"<li id=\"r{i}\">row {i}</li>")) + "</ul>";

    [Fact]
    public void InsertingAKeyedRowInTheMiddleSendsThatRowOnly()
    {
        // Arrange
        var before = Rows(Enumerable.Range(0, 1000));
        var after = Rows(Enumerable.Range(0, 500).Append(5000).Concat(Enumerable.Range(500, 500)));

        // Act
        var ops = Diff(before, after);

        // Assert
        Assert.Collection(ops, op => Assert.Equal(Op.NodeInsert([0], 500, "<li id=\"r5000\">row 5000</li>"), op));
    }

    [Fact]
    public void SwappingTwoKeyedRowsIsTwoMoves()
    {
        var ids = Enumerable.Range(0, 1000).ToArray();
        var swapped = (int[])ids.Clone();
        (swapped[1], swapped[998]) = (swapped[998], swapped[1]);

        var ops = Diff(Rows(ids), Rows(swapped));

        Assert.Equal(2, ops.Count);
        Assert.All(ops, op => Assert.Equal(PatchOp.PATCH_NODE_MOVE, op.Code));
    }

    [Fact]
    public void AMovedRowWhoseTextChangedIsMovedThenPatched()
    {
        var ops = Diff("<ul>\n<li ts-key=\"a\">A</li>\n<li ts-key=\"b\">B</li>\n</ul>", "<ul>\n<li ts-key=\"b\">B!</li>\n<li ts-key=\"a\">A</li>\n</ul>");

        // whitespace text nodes are matched in order among themselves; swapping two items takes two moves
        Assert.Equal(2, ops.Count(op => op.Code == PatchOp.PATCH_NODE_MOVE));
        Assert.Equal(Op.NodeText([0, 1, 0], "B!"), Assert.Single(ops, op => op.Code != PatchOp.PATCH_NODE_MOVE));
    }

    [Fact]
    public void ATagChangeUnderTheSameKeyIsAReplace()
    {
        var ops = Diff("<div><p id=\"x\">a</p></div>", "<div><section id=\"x\">a</section></div>");

        Assert.Collection(ops,
            op => Assert.Equal(Op.NodeRemove([0, 0]), op),
            op => Assert.Equal(Op.NodeInsert([0], 0, "<section id=\"x\">a</section>"), op));
    }

    [Fact]
    public void RepeatedKeysFallBackToPositions()
    {
        var ops = Diff("<ul><li id=\"x\">1</li><li id=\"x\">2</li></ul>", "<ul><li id=\"x\">2</li><li id=\"x\">1</li></ul>");

        Assert.Collection(ops,
            op => Assert.Equal(Op.NodeText([0, 0, 0], "2"), op),
            op => Assert.Equal(Op.NodeText([0, 1, 0], "1"), op));
    }
}
