using LiveTs.Engine.Diffing;
using LiveTs.Engine.Protocol;
using LiveTs.Engine.Rendering;
using LiveTs.Engine.Templates;
using LiveTs.Engine.Tests.TestSupport;
using static LiveTs.Engine.Tests.TestSupport.Tree;

namespace LiveTs.Engine.Tests;

public class TemplateDifferTests
{
    private readonly TemplateRegistry templates = new();

    private int Compile(params string[] statics) => templates.Compile(statics).Id;

    private List<Op> Diff(string before, string after)
    {
        var writer = new FrameWriter();
        var differ = new TemplateDiffer(writer);
        differ.Diff(RenderTreeReader.ReadRoot(before, templates).Instance, RenderTreeReader.ReadRoot(after, templates).Instance);
        return PatchDecoder.DecodeOps(writer.Written);
    }

    [Fact]
    public void UnchangedRenderEmitsNothing()
    {
        // Arrange
        var page = Compile("<p class=\"", "\">", " of ", "</p>");
        var render = T(page, S("big"), S("1"), S("3"));

        // Act
        var ops = Diff(render, render);

        // Assert
        Assert.Empty(ops);
    }

    [Fact]
    public void OneChangedTextEmitsOneSetText()
    {
        // Arrange
        var page = Compile("<p>", " of ", " (", ")</p>");

        // Act
        var ops = Diff(T(page, S("1"), S("3"), S("a")), T(page, S("1"), S("3"), S("b")));

        // Assert
        Assert.Collection(ops, op => Assert.Equal(Op.SetText(2, "b"), op));
    }

    [Fact]
    public void SetTextCarriesTheTextUnescaped()
    {
        var page = Compile("<p>", "</p>");

        var ops = Diff(T(page, S("a")), T(page, S("<b>é & ü</b>")));

        Assert.Collection(ops, op => Assert.Equal(Op.SetText(0, "<b>é & ü</b>"), op));
    }

    [Fact]
    public void TextAppearingWhereNothingWasEmitsSetText()
    {
        var page = Compile("<p>", "</p>");

        var ops = Diff(T(page, Nothing), T(page, S("now")));

        Assert.Collection(ops, op => Assert.Equal(Op.SetText(0, "now"), op));
    }

    [Fact]
    public void ChangedPartsAreEmittedInPartOrder()
    {
        // Arrange: part 0 is the attribute (slot 0), part 1 the text (slot 1)
        var page = Compile("<a href=\"", "\">", "</a>");

        // Act
        var ops = Diff(T(page, S("/a"), S("A")), T(page, S("/b"), S("B")));

        // Assert
        Assert.Collection(ops,
            op => Assert.Equal(Op.SetAttr(0, "/b"), op),
            op => Assert.Equal(Op.SetText(1, "B"), op));
    }

    [Fact]
    public void PartialAttributeChangeSendsTheWholeValue()
    {
        var page = Compile("<button class=\"btn ", " ", "\">Go</button>");

        var ops = Diff(T(page, S("primary"), S("big")), T(page, S("primary"), S("small")));

        Assert.Collection(ops, op => Assert.Equal(Op.SetAttr(0, "btn primary small"), op));
    }

    [Fact]
    public void SetAttrCarriesTheDecodedValue()
    {
        // The client sets it with setAttribute, so "&amp;" in the statics must arrive as "&"
        var page = Compile("<a href=\"/s?a=1&amp;b=", "\">x</a>");

        var ops = Diff(T(page, S("1")), T(page, S("2")));

        Assert.Collection(ops, op => Assert.Equal(Op.SetAttr(0, "/s?a=1&b=2"), op));
    }

    [Theory]
    [InlineData(False)]
    [InlineData(Nothing)]
    public void AttributeTurnedOffEmitsRemoveAttr(string off)
    {
        // Arrange
        var page = Compile("<input type=\"checkbox\" checked=", " disabled=", ">");

        // Act
        var ops = Diff(T(page, False, True), T(page, False, off));

        // Assert
        Assert.Collection(ops, op => Assert.Equal(Op.RemoveAttr(1), op));
    }

    [Fact]
    public void AttributeTurnedOnEmitsAnEmptySetAttr()
    {
        var page = Compile("<input disabled=", ">");

        var ops = Diff(T(page, False), T(page, True));

        Assert.Collection(ops, op => Assert.Equal(Op.SetAttr(0, ""), op));
    }

    [Fact]
    public void ChangedNestedInstanceOfTheSameTemplateIsEnteredAndLeft()
    {
        // Arrange
        var inner = Compile("<span title=\"", "\">", "</span>");
        var page = Compile("<h1>", "</h1><div>", "</div>");

        // Act
        var ops = Diff(
            T(page, S("Title"), T(inner, S("t"), S("a"))),
            T(page, S("Title"), T(inner, S("t"), S("b"))));

        // Assert
        Assert.Collection(ops,
            op => Assert.Equal(Op.Enter(1), op),
            op => Assert.Equal(Op.SetText(1, "b"), op),
            op => Assert.Equal(Op.Leave(), op));
    }

    [Fact]
    public void UnchangedNestedInstanceIsNotEntered()
    {
        // Arrange: each render builds new instances with equal values
        var inner = Compile("<span>", "</span>");
        var page = Compile("<div>", "</div><p>", "</p>");

        // Act
        var ops = Diff(T(page, T(inner, S("same")), S("1")), T(page, T(inner, S("same")), S("2")));

        // Assert
        Assert.Collection(ops, op => Assert.Equal(Op.SetText(1, "2"), op));
    }

    [Fact]
    public void DeeplyNestedChangeEntersEachLevel()
    {
        var leaf = Compile("<i>", "</i>");
        var middle = Compile("<b>", "", "</b>");
        var page = Compile("<div>", "</div>");

        var ops = Diff(
            T(page, T(middle, T(leaf, S("x")), T(leaf, S("1")))),
            T(page, T(middle, T(leaf, S("x")), T(leaf, S("2")))));

        Assert.Collection(ops,
            op => Assert.Equal(Op.Enter(0), op),
            op => Assert.Equal(Op.Enter(1), op),
            op => Assert.Equal(Op.SetText(0, "2"), op),
            op => Assert.Equal(Op.Leave(), op),
            op => Assert.Equal(Op.Leave(), op));
    }

    [Fact]
    public void SwappedTemplateReplacesThePartMarkup()
    {
        // Arrange
        var loading = Compile("<p>Loading ", "</p>");
        var done = Compile("<p class=\"ok\">", "</p>");
        var page = Compile("<main>", "</main>");

        // Act
        var ops = Diff(T(page, T(loading, S("…"))), T(page, T(done, S("<done>"))));

        // Assert
        Assert.Collection(ops,
            op => Assert.Equal(Op.SetHtml(0, "<p class=\"ok\"><!--ts[0-->&lt;done&gt;<!--ts]--></p>"), op));
    }

    [Fact]
    public void TextReplacedByATemplateReplacesThePartMarkup()
    {
        var inner = Compile("<b>", "</b>");
        var page = Compile("<div>", "</div>");

        var ops = Diff(T(page, S("plain")), T(page, T(inner, S("x"))));

        Assert.Collection(ops, op => Assert.Equal(Op.SetHtml(0, "<b><!--ts[0-->x<!--ts]--></b>"), op));
    }

    [Fact]
    public void TemplateReplacedByTextReplacesThePartMarkupEscaped()
    {
        var inner = Compile("<b>", "</b>");
        var page = Compile("<div>", "</div>");

        var ops = Diff(T(page, T(inner, S("x"))), T(page, S("a<b")));

        Assert.Collection(ops, op => Assert.Equal(Op.SetHtml(0, "a&lt;b"), op));
    }

    [Fact]
    public void TextTurnedToNothingClearsThePart()
    {
        var page = Compile("<div>", "</div>");

        var ops = Diff(T(page, S("x")), T(page, Nothing));

        Assert.Collection(ops, op => Assert.Equal(Op.SetHtml(0, ""), op));
    }

    [Fact]
    public void ChangedRawMarkupReplacesThePartMarkup()
    {
        var page = Compile("<div>", "</div>");

        var ops = Diff(T(page, Raw("<i>a</i>")), T(page, Raw("<i>b</i>")));

        Assert.Collection(ops, op => Assert.Equal(Op.SetHtml(0, "<i>b</i>"), op));
    }

    [Fact]
    public void ChangedItemOfASameLengthListIsEnteredByIndex()
    {
        // Arrange
        var row = Compile("<li class=\"", "\">", "</li>");
        var page = Compile("<ul>", "</ul>");

        // Act
        var ops = Diff(
            T(page, List(T(row, S("a"), S("one")), T(row, S("b"), S("two")), T(row, S("c"), S("three")))),
            T(page, List(T(row, S("a"), S("one")), T(row, S("b"), S("TWO")), T(row, S("c"), S("three")))));

        // Assert
        Assert.Collection(ops,
            op => Assert.Equal(Op.EnterItem(0, 1), op),
            op => Assert.Equal(Op.SetText(1, "TWO"), op),
            op => Assert.Equal(Op.Leave(), op));
    }

    [Fact]
    public void UnchangedListEmitsNothing()
    {
        var row = Compile("<li>", "</li>");
        var page = Compile("<ul>", "</ul>");
        var render = T(page, List(T(row, S("a")), T(row, S("b"))));

        var ops = Diff(render, render);

        Assert.Empty(ops);
    }
}
