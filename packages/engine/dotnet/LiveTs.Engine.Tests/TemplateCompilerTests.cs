using LiveTs.Engine.Templates;

namespace LiveTs.Engine.Tests;

public class TemplateCompilerTests
{
    [Fact]
    public void TextSlotBetweenTagsBecomesATextPart()
    {
        // Arrange
        string[] statics = ["<p>Count: ", "</p>"];

        // Act
        var template = TemplateCompiler.Compile(7, statics);

        // Assert
        Assert.Equal(7, template.Id);
        Assert.Equal(1, template.SlotCount);
        Assert.Collection(template.Segments,
            s => Assert.Equal(new StaticSegment("<p>Count: "), s),
            s => Assert.Equal(new PartSegment(0), s),
            s => Assert.Equal(new StaticSegment("</p>"), s));
        Assert.Collection(template.Parts,
            p => Assert.Equal(new TextPart(0, 0), p));
    }

    [Fact]
    public void AdjacentTextSlotsAreSeparateParts()
    {
        string[] statics = ["<p>", "", " and ", "</p>"];

        var template = TemplateCompiler.Compile(0, statics);

        Assert.Equal(3, template.SlotCount);
        Assert.Collection(template.Segments,
            s => Assert.Equal(new StaticSegment("<p>"), s),
            s => Assert.Equal(new PartSegment(0), s),
            s => Assert.Equal(new PartSegment(1), s),
            s => Assert.Equal(new StaticSegment(" and "), s),
            s => Assert.Equal(new PartSegment(2), s),
            s => Assert.Equal(new StaticSegment("</p>"), s));
        Assert.Collection(template.Parts,
            p => Assert.Equal(new TextPart(0, 0), p),
            p => Assert.Equal(new TextPart(1, 1), p),
            p => Assert.Equal(new TextPart(2, 2), p));
    }

    [Fact]
    public void TemplateWithoutSlotsIsOneStaticSegment()
    {
        var template = TemplateCompiler.Compile(0, ["<div class=\"a\"><!-- note --><br/></div>"]);

        Assert.Equal(0, template.SlotCount);
        Assert.Empty(template.Parts);
        Assert.Collection(template.Segments,
            s => Assert.Equal(new StaticSegment("<div class=\"a\"><!-- note --><br/></div>"), s));
    }

    [Theory]
    [InlineData("<input value=\"", "\">")]   // quoted, double
    [InlineData("<input value='", "'>")]     // quoted, single
    [InlineData("<input value=", ">")]       // unquoted
    [InlineData("<input value = \"", "\">")] // spaces around '='
    public void WholeValueAttributeSlotBecomesAnAttributePartWithAMarkerBeforeTheTag(string before, string after)
    {
        // Act
        var template = TemplateCompiler.Compile(0, [before, after]);

        // Assert
        var part = Assert.IsType<AttrPart>(Assert.Single(template.Parts));
        Assert.Equal("value", part.Name);
        Assert.True(part.IsWholeValue);
        Assert.Collection(part.Pieces, piece => Assert.Equal(AttrPiece.ForSlot(0), piece));
        Assert.Collection(template.Segments,
            s => Assert.Equal(new AttrMarkerSegment(0), s),
            s => Assert.Equal(new StaticSegment("<input "), s),
            s => Assert.Equal(new PartSegment(0), s),
            s => Assert.Equal(new StaticSegment(">"), s));
    }

    [Fact]
    public void AttributeNamesAreLowerCased()
    {
        var template = TemplateCompiler.Compile(0, ["<input DISABLED=", ">"]);

        var part = Assert.IsType<AttrPart>(Assert.Single(template.Parts));
        Assert.Equal("disabled", part.Name);
    }

    [Fact]
    public void PartialAttributeValueKeepsItsStaticPieces()
    {
        // Arrange
        string[] statics = ["<button class=\"btn ", " big\" type=\"button\">Go</button>"];

        // Act
        var template = TemplateCompiler.Compile(0, statics);

        // Assert
        var part = Assert.IsType<AttrPart>(Assert.Single(template.Parts));
        Assert.Equal("class", part.Name);
        Assert.False(part.IsWholeValue);
        Assert.Collection(part.Pieces,
            piece => Assert.Equal(AttrPiece.Static("btn "), piece),
            piece => Assert.Equal(AttrPiece.ForSlot(0), piece),
            piece => Assert.Equal(AttrPiece.Static(" big"), piece));
        Assert.Collection(template.Segments,
            s => Assert.Equal(new AttrMarkerSegment(0), s),
            s => Assert.Equal(new StaticSegment("<button "), s),
            s => Assert.Equal(new PartSegment(0), s),
            s => Assert.Equal(new StaticSegment(" type=\"button\">Go</button>"), s));
    }

    [Fact]
    public void StaticPiecesOfADynamicAttributeHoldDecodedText()
    {
        var template = TemplateCompiler.Compile(0, ["<a title='&lt;&quot;", " &amp; ", "&#x21;'>x</a>"]);

        var part = Assert.IsType<AttrPart>(Assert.Single(template.Parts));
        Assert.Collection(part.Pieces,
            piece => Assert.Equal(AttrPiece.Static("<\""), piece),
            piece => Assert.Equal(AttrPiece.ForSlot(0), piece),
            piece => Assert.Equal(AttrPiece.Static(" & "), piece),
            piece => Assert.Equal(AttrPiece.ForSlot(1), piece),
            piece => Assert.Equal(AttrPiece.Static("!"), piece));
    }

    [Fact]
    public void TwoSlotsInOneAttributeAreOnePart()
    {
        var template = TemplateCompiler.Compile(0, ["<a href=\"/u/", "/", "\">x</a>"]);

        Assert.Equal(2, template.SlotCount);
        var part = Assert.IsType<AttrPart>(Assert.Single(template.Parts));
        Assert.Collection(part.Pieces,
            piece => Assert.Equal(AttrPiece.Static("/u/"), piece),
            piece => Assert.Equal(AttrPiece.ForSlot(0), piece),
            piece => Assert.Equal(AttrPiece.Static("/"), piece),
            piece => Assert.Equal(AttrPiece.ForSlot(1), piece));
    }

    [Fact]
    public void SeveralDynamicAttributesInsertTheirMarkersBeforeTheTagInOrder()
    {
        // Arrange
        string[] statics = ["<p>hi</p><a href=\"", "\" class=\"x ", "\" title=", ">", "</a>"];

        // Act
        var template = TemplateCompiler.Compile(0, statics);

        // Assert
        Assert.Collection(template.Segments,
            s => Assert.Equal(new StaticSegment("<p>hi</p>"), s),
            s => Assert.Equal(new AttrMarkerSegment(0), s),
            s => Assert.Equal(new AttrMarkerSegment(1), s),
            s => Assert.Equal(new AttrMarkerSegment(2), s),
            s => Assert.Equal(new StaticSegment("<a "), s),
            s => Assert.Equal(new PartSegment(0), s),
            s => Assert.Equal(new StaticSegment(" "), s),
            s => Assert.Equal(new PartSegment(1), s),
            s => Assert.Equal(new StaticSegment(" "), s),
            s => Assert.Equal(new PartSegment(2), s),
            s => Assert.Equal(new StaticSegment(">"), s),
            s => Assert.Equal(new PartSegment(3), s),
            s => Assert.Equal(new StaticSegment("</a>"), s));
        Assert.Collection(template.Parts,
            p => Assert.Equal("href", Assert.IsType<AttrPart>(p).Name),
            p => Assert.Equal("class", Assert.IsType<AttrPart>(p).Name),
            p => Assert.Equal("title", Assert.IsType<AttrPart>(p).Name),
            p => Assert.Equal(new TextPart(3, 3), p));
    }

    [Fact]
    public void DynamicAttributesOnNestedElementsMarkTheirOwnTag()
    {
        var template = TemplateCompiler.Compile(0, ["<div id=\"", "\"><span class=\"", "\"></span></div>"]);

        Assert.Collection(template.Segments,
            s => Assert.Equal(new AttrMarkerSegment(0), s),
            s => Assert.Equal(new StaticSegment("<div "), s),
            s => Assert.Equal(new PartSegment(0), s),
            s => Assert.Equal(new StaticSegment(">"), s),
            s => Assert.Equal(new AttrMarkerSegment(1), s),
            s => Assert.Equal(new StaticSegment("<span "), s),
            s => Assert.Equal(new PartSegment(1), s),
            s => Assert.Equal(new StaticSegment("></span></div>"), s));
    }

    [Fact]
    public void TsOnHandlerNamesAreCollected()
    {
        // Arrange
        string[] statics =
        [
            "<button ts-on:click=\"increment\">+</button><input ts-on:input=' save ' value=\"",
            "\"><form ts-on:submit=send ts-value-id=\"1\" ts-key=\"k\"></form>",
        ];

        // Act
        var template = TemplateCompiler.Compile(0, statics);

        // Assert
        Assert.Equal(["increment", "save", "send"], template.EventNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void SlotsInsideScriptAfterItClosesAreText()
    {
        var template = TemplateCompiler.Compile(0, ["<script>if (a < b) x = '<p>';</script><p>", "</p>"]);

        Assert.Collection(template.Parts, p => Assert.Equal(new TextPart(0, 0), p));
    }

    [Fact]
    public void ALoneLessThanSignIsText()
    {
        var template = TemplateCompiler.Compile(0, ["<p>1 < ", "</p>"]);

        Assert.Collection(template.Parts, p => Assert.Equal(new TextPart(0, 0), p));
    }

    [Fact]
    public void CommentClosesBeforeTheNextSlot()
    {
        var template = TemplateCompiler.Compile(0, ["<!-- a -- b --><p>", "</p><!---->", ""]);

        Assert.Equal(2, template.Parts.Count);
    }

    [Theory]
    [InlineData(new[] { "<div", ">" }, "line 1, column 5", "inside a tag must be an attribute value")]
    [InlineData(new[] { "<", ">" }, "line 1, column 2", "inside a tag must be an attribute value")]
    [InlineData(new[] { "<div class=\"a\" ", "></div>" }, "line 1, column 16", "inside a tag must be an attribute value")]
    [InlineData(new[] { "</", ">" }, "line 1, column 3", "inside a tag must be an attribute value")]
    [InlineData(new[] { "<p>\n  <!-- ", " -->\n</p>" }, "line 2, column 8", "inside an HTML comment")]
    [InlineData(new[] { "<textarea>", "</textarea>" }, "line 1, column 11", "inside <textarea> is not supported")]
    [InlineData(new[] { "<style>p { color: ", " }</style>" }, "line 1, column 19", "inside <style> is not supported")]
    [InlineData(new[] { "<button ts-on:click=\"", "\">go</button>" }, "line 1, column 22", "ts-on:click takes a handler name")]
    [InlineData(new[] { "<button ts-on:click=", ">go</button>" }, "line 1, column 21", "ts-on:click takes a handler name")]
    [InlineData(new[] { "<div>\n<p ts-foo=\"x\"></p></div>" }, "line 2, column 13", "unknown directive 'ts-foo'")]
    [InlineData(new[] { "<p ts-on:=\"x\"></p>" }, "line 1, column 13", "'ts-on:' needs an event")]
    [InlineData(new[] { "<p ts-on:click=\"  \"></p>" }, "line 1, column 19", "ts-on:click needs a handler name")]
    [InlineData(new[] { "<div class=\"a\"" }, "line 1, column 15", "ends inside a tag")]
    [InlineData(new[] { "<p>", "</p>\n<div" }, "line 2, column 5", "ends inside a tag")]
    [InlineData(new[] { "<p><!-- open" }, "line 1, column 13", "ends inside a comment")]
    [InlineData(new[] { "<script>let a = 1" }, "line 1, column 18", "ends inside <script>")]
    public void InvalidTemplatesFailWithTheirPosition(string[] statics, string position, string message)
    {
        // Act
        var error = Assert.Throws<LiveTsException>(() => TemplateCompiler.Compile(0, statics));

        // Assert
        Assert.Equal(EngineErrorCodes.TemplateInvalid, error.Code);
        Assert.StartsWith($"template error at {position}: ", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("<script>if (a < b) x = '</p>'</script >")]
    [InlineData("<script>x</SCRIPT\n>")]
    [InlineData("<style>p {}</style/>")]
    public void RawTextEndsAtItsEndTagWithSpaceOrSlashBeforeTheBracket(string raw)
    {
        var template = TemplateCompiler.Compile(0, [raw + "<p>", "</p>"]);

        Assert.IsType<TextPart>(Assert.Single(template.Parts));
    }

    [Fact]
    public void ATemplateNeedsAStatic()
    {
        var error = Assert.Throws<LiveTsException>(() => TemplateCompiler.Compile(0, []));

        Assert.Equal(EngineErrorCodes.TemplateInvalid, error.Code);
    }

    [Fact]
    public void RegistryCompilesEqualStaticsOnce()
    {
        // Arrange
        var registry = new TemplateRegistry();

        // Act
        var a = registry.Compile(["<p>", "</p>"]);
        var b = registry.Compile(["<p>", "</p>"]);
        var c = registry.Compile(["<p>", "", "</p>"]);
        var d = registry.Compile(["<p>1:", "</p>"]); // a static that looks like a length prefix

        // Assert
        Assert.Same(a, b);
        Assert.NotSame(a, c);
        Assert.NotSame(a, d);
        Assert.Equal([0, 1, 2], new[] { a.Id, c.Id, d.Id });
        Assert.Same(c, registry.Get(c.Id));
        Assert.Equal(3, registry.Count);
    }

    [Fact]
    public void RegistryRefusesUnknownIds()
    {
        var registry = new TemplateRegistry();

        var error = Assert.Throws<LiveTsException>(() => registry.Get(0));

        Assert.Equal(EngineErrorCodes.UnknownTemplate, error.Code);
    }

    [Fact]
    public void RegistryDoesNotKeepATemplateThatFailedToCompile()
    {
        var registry = new TemplateRegistry();

        Assert.Throws<LiveTsException>(() => registry.Compile(["<div", ">"]));
        var ok = registry.Compile(["<p>", "</p>"]);

        Assert.Equal(0, ok.Id);
        Assert.Equal(1, registry.Count);
    }
}
