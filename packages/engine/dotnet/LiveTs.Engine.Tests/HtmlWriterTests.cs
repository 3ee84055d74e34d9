using LiveTs.Engine.Rendering;
using LiveTs.Engine.Templates;

namespace LiveTs.Engine.Tests;

public class HtmlWriterTests
{
    private static RenderValue Render(string[] statics, params RenderValue[] values) =>
        RenderValue.Of(new TemplateInstance(TemplateCompiler.Compile(0, statics), values));

    [Theory]
    [InlineData("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;")]
    [InlineData("fish & chips", "fish &amp; chips")]
    [InlineData("&amp;", "&amp;amp;")]
    [InlineData("\"double\" 'single'", "&quot;double&quot; &#39;single&#39;")]
    [InlineData("héllo wörld ✓ 日本 😀", "héllo wörld ✓ 日本 😀")]
    [InlineData("", "")]
    public void TextIsEscaped(string text, string expected)
    {
        var html = HtmlWriter.ContentHtml(RenderValue.Text(text));

        Assert.Equal(expected, html);
    }

    [Fact]
    public void RawMarkupIsWrittenAsItIs()
    {
        var html = HtmlWriter.ContentHtml(RenderValue.Raw("<b>x</b> &amp;"));

        Assert.Equal("<b>x</b> &amp;", html);
    }

    [Fact]
    public void TextPartIsWrappedInMarkerComments()
    {
        // Arrange
        var root = Render(["<p>Count: ", "</p>"], RenderValue.Text("<3 & \"you\""));

        // Act
        var html = HtmlWriter.Write(root);

        // Assert
        Assert.Equal("<p>Count: <!--ts[0-->&lt;3 &amp; &quot;you&quot;<!--ts]--></p>", html);
    }

    [Fact]
    public void NothingTrueAndFalseShowNothingInText()
    {
        var root = Render(["<p>", "", "", "</p>"], RenderValue.Nothing, RenderValue.True, RenderValue.False);

        var html = HtmlWriter.Write(root);

        Assert.Equal("<p><!--ts[0--><!--ts]--><!--ts[1--><!--ts]--><!--ts[2--><!--ts]--></p>", html);
    }

    [Fact]
    public void AttributeValueIsEscapedAndAnnouncedByAMarker()
    {
        // Arrange
        var root = Render(["<a title=\"", "\">x</a>"], RenderValue.Text("\"quoted\" <tag> & 'é'"));

        // Act
        var html = HtmlWriter.Write(root);

        // Assert
        Assert.Equal("<!--ts@0 title--><a title=\"&quot;quoted&quot; &lt;tag&gt; &amp; &#39;é&#39;\">x</a>", html);
    }

    [Fact]
    public void RawValueInAnAttributeIsStillEscaped()
    {
        var root = Render(["<a title=", ">x</a>"], RenderValue.Raw("\"><script>"));

        var html = HtmlWriter.Write(root);

        Assert.Equal("<!--ts@0 title--><a title=\"&quot;&gt;&lt;script&gt;\">x</a>", html);
    }

    [Fact]
    public void PartialAttributeValueJoinsItsPieces()
    {
        var root = Render(["<button class=\"btn ", " big\">Go</button>"], RenderValue.Text("primary"));

        var html = HtmlWriter.Write(root);

        Assert.Equal("<!--ts@0 class--><button class=\"btn primary big\">Go</button>", html);
    }

    [Fact]
    public void CharacterReferencesInTheStaticPartOfAnAttributeAreNotEscapedTwice()
    {
        var root = Render(["<a href=\"/search?a=1&amp;b=", "\" title=\"Tom &amp; Jerry\">x</a>"], RenderValue.Text("c&d"));

        var html = HtmlWriter.Write(root);

        Assert.Equal("<!--ts@0 href--><a href=\"/search?a=1&amp;b=c&amp;d\" title=\"Tom &amp; Jerry\">x</a>", html);
    }

    [Fact]
    public void ALegacyReferenceFollowedByEqualsStaysAsWrittenInAnAttribute()
    {
        // As in the browser: "&copy=" in an attribute is not ©= (a query string keeps its parameter)
        var root = Render(["<a href=\"/s?a=1&copy=2&b=", "\">x</a>"], RenderValue.Text("3"));

        var html = HtmlWriter.Write(root);

        Assert.Equal("<!--ts@0 href--><a href=\"/s?a=1&amp;copy=2&amp;b=3\">x</a>", html);
    }

    [Theory]
    [InlineData(true, "<!--ts@0 disabled--><input disabled>")]
    [InlineData(false, "<!--ts@0 disabled--><input >")]
    public void BooleanAttributeIsPresentOrAbsent(bool value, string expected)
    {
        var root = Render(["<input disabled=", ">"], value ? RenderValue.True : RenderValue.False);

        var html = HtmlWriter.Write(root);

        Assert.Equal(expected, html);
    }

    [Fact]
    public void NothingRemovesAWholeValueAttribute()
    {
        var root = Render(["<input type=\"checkbox\" checked=\"", "\" name=\"a\">"], RenderValue.Nothing);

        var html = HtmlWriter.Write(root);

        Assert.Equal("<!--ts@0 checked--><input type=\"checkbox\"  name=\"a\">", html);
    }

    [Fact]
    public void BooleansInsideAPartialValueAreWrittenAsWords()
    {
        var part = new AttrPart(0, "data-x", [AttrPiece.Static("is-"), AttrPiece.ForSlot(0)]);

        Assert.Equal("is-true", HtmlWriter.AttributeValue(part, [RenderValue.True]));
        Assert.Equal("is-false", HtmlWriter.AttributeValue(part, [RenderValue.False]));
        Assert.Equal("is-", HtmlWriter.AttributeValue(part, [RenderValue.Nothing]));
    }

    [Fact]
    public void SeveralDynamicAttributesGetOneMarkerEachInOrder()
    {
        var root = Render(["<a href=\"", "\" class=\"x ", "\">", "</a>"],
            RenderValue.Text("/home"), RenderValue.Text("y"), RenderValue.Text("Home"));

        var html = HtmlWriter.Write(root);

        Assert.Equal("<!--ts@0 href--><!--ts@1 class--><a href=\"/home\" class=\"x y\"><!--ts[2-->Home<!--ts]--></a>", html);
    }

    [Fact]
    public void TemplateOrListInAnAttributeIsARenderError()
    {
        var inner = Render(["<b>", "</b>"], RenderValue.Text("x"));

        var error = Assert.Throws<LiveTsException>(() => HtmlWriter.Write(Render(["<a title=", ">x</a>"], inner)));

        Assert.Equal(EngineErrorCodes.RenderTreeInvalid, error.Code);
        Assert.Contains("'title'", error.Message);
    }

    [Fact]
    public void NestedTemplateWritesItsOwnMarkers()
    {
        // Arrange
        var inner = Render(["<b class=\"", "\">", "</b>"], RenderValue.Text("c"), RenderValue.Text("x"));
        var root = Render(["<div>", "</div>"], inner);

        // Act
        var html = HtmlWriter.Write(root);

        // Assert
        Assert.Equal("<div><!--ts[0--><!--ts@0 class--><b class=\"c\"><!--ts[1-->x<!--ts]--></b><!--ts]--></div>", html);
    }

    [Fact]
    public void EveryListItemStartsWithAnItemMarker()
    {
        // Arrange
        var item = (string s) => Render(["<li>", "</li>"], RenderValue.Text(s));
        var root = Render(["<ul>", "</ul>"], RenderValue.List([item("a"), item("b"), RenderValue.Text("c")]));

        // Act
        var html = HtmlWriter.Write(root);

        // Assert
        Assert.Equal("<ul><!--ts[0--><!--ts,--><li><!--ts[0-->a<!--ts]--></li><!--ts,--><li><!--ts[0-->b<!--ts]--></li><!--ts,-->c<!--ts]--></ul>", html);
    }

    [Fact]
    public void EmptyListWritesOnlyThePartMarkers()
    {
        var root = Render(["<ul>", "</ul>"], RenderValue.List([]));

        Assert.Equal("<ul><!--ts[0--><!--ts]--></ul>", HtmlWriter.Write(root));
    }

    [Fact]
    public void PlainRootIsWrittenFromItsParse()
    {
        var root = RenderValue.Plain(Html.HtmlParser.ParseFragment("<P CLASS=a>x &amp; y<br></P>"));

        Assert.Equal("<p class=\"a\">x &amp; y<br></p>", HtmlWriter.Write(root));
    }
}
