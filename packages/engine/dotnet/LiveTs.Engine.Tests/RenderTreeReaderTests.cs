using LiveTs.Engine.Rendering;
using LiveTs.Engine.Templates;
using LiveTs.Engine.Tests.TestSupport;
using static LiveTs.Engine.Tests.TestSupport.Tree;

namespace LiveTs.Engine.Tests;

public class RenderTreeReaderTests
{
    private readonly TemplateRegistry templates = new();

    [Fact]
    public void ReadsEveryKindOfValue()
    {
        // Arrange
        var inner = templates.Compile(["<b>", "</b>"]).Id;
        var page = templates.Compile(["<p>", "", "", "", "", "", "", "</p>"]).Id;
        var tree = T(page, S("text"), Raw("<i>"), True, False, Nothing, List(S("a"), T(inner, S("b"))), T(inner, S("")));

        // Act
        var root = RenderTreeReader.ReadRoot(tree, templates);

        // Assert
        Assert.Equal(ValueKind.Instance, root.Kind);
        Assert.Collection(root.Instance.Values,
            v => Assert.Equal(RenderValue.Text("text"), v),
            v => Assert.Equal(RenderValue.Raw("<i>"), v),
            v => Assert.Equal(RenderValue.True, v),
            v => Assert.Equal(RenderValue.False, v),
            v => Assert.Equal(RenderValue.Nothing, v),
            v => Assert.Collection(v.Items,
                item => Assert.Equal(RenderValue.Text("a"), item),
                item => Assert.Equal("b", item.Instance.Values[0].String)),
            v => Assert.Equal(RenderValue.Text(""), v.Instance.Values[0]));
    }

    [Fact]
    public void ReadsAStringLongerThan65535Chars()
    {
        var page = templates.Compile(["<p>", "</p>"]).Id;
        var text = new string('a', 70_000);

        var root = RenderTreeReader.ReadRoot(T(page, S(text)), templates);

        Assert.Equal(text, root.Instance.Values[0].String);
    }

    [Fact]
    public void ReadsAPlainRoot()
    {
        var root = RenderTreeReader.ReadRoot(Plain("<p>hi</p>"), templates);

        Assert.Equal(ValueKind.PlainHtml, root.Kind);
        Assert.Equal("p", Assert.Single(root.Fragment.Nodes).Name);
    }

    [Theory]
    [InlineData("", "ends before a value")]
    [InlineData("s\0\0", "root must be")]
    [InlineData("l\0\0\0\0", "root must be")]
    [InlineData("x", "unknown value tag 'x'")]
    [InlineData("T\0\0\0\u0001\0\0", "ends before a value")]
    [InlineData("T\0\0\0\u0002\0\u0002nn", "takes 1 values (1 slots, 0 directives) but the render gave 2")]
    [InlineData("T\0\0\0\u0001\0\u0001nn", "trailing characters")]
    [InlineData("T\0\0\0\u0001\0\u0002nn", "length does not match its values")]
    [InlineData("T\0\0\0\u0001\0\u0009n", "runs past the end")]
    [InlineData("T\0\0\0\u0001\0\u0005s\0\u0009ab", "runs past the end")]
    [InlineData("T\0\0\0\u0001\0\u0005l\u7fff\0\0\0", "list count exceeds")]
    [InlineData("T\0\0\0\u0001\0\u0006l\0\u0001\0\u0002nn", "a list's length does not match its items")]
    [InlineData("T\0", "ends inside a number")]
    public void MalformedTreeIsARenderTreeError(string tree, string message)
    {
        templates.Compile(["<p>", "</p>"]);

        var error = Assert.Throws<LiveTsException>(() => RenderTreeReader.ReadRoot(tree, templates));

        Assert.Equal(EngineErrorCodes.RenderTreeInvalid, error.Code);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void UnknownTemplateIdIsItsOwnError()
    {
        var error = Assert.Throws<LiveTsException>(() => RenderTreeReader.ReadRoot(T(9), templates));

        Assert.Equal(EngineErrorCodes.UnknownTemplate, error.Code);
    }

    [Fact]
    public void NestingDeeperThanTheLimitIsRefused()
    {
        var wrap = templates.Compile(["<div>", "</div>"]).Id;
        var tree = S("x");
        for (int i = 0; i < 600; i++) tree = T(wrap, tree);

        var error = Assert.Throws<LiveTsException>(() => RenderTreeReader.ReadRoot(tree, templates));

        Assert.Contains("nest deeper", error.Message);
    }
}
