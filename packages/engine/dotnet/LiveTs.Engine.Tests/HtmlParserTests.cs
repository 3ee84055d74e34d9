using LiveTs.Engine.Html;
using LiveTs.Engine.Tests.TestSupport;

namespace LiveTs.Engine.Tests;

public class HtmlParserTests
{
    [Fact]
    public void ParsesElementsAttributesAndText()
    {
        // Act
        var nodes = HtmlParser.ParseFragment("<DIV id=main Class='a b' hidden><p>Hi <b>you</b></p></DIV>tail").Nodes;

        // Assert
        Assert.Collection(nodes,
            div =>
            {
                Assert.Equal(HtmlNodeKind.Element, div.Kind);
                Assert.Equal("div", div.Name);
                Assert.Equal([new("id", "main"), new("class", "a b"), new("hidden", "")], div.Attributes);
                Assert.Equal("main", div.Key);
                var p = Assert.Single(div.Children);
                Assert.Collection(p.Children,
                    text => Assert.Equal((HtmlNodeKind.Text, "Hi "), (text.Kind, text.Data)),
                    b => Assert.Equal("you", Assert.Single(b.Children).Data));
            },
            tail => Assert.Equal((HtmlNodeKind.Text, "tail"), (tail.Kind, tail.Data)));
    }

    [Fact]
    public void DecodesCharacterReferencesInTextAndAttributes()
    {
        // Act
        var nodes = HtmlParser.ParseFragment("<p title=\"a&amp;b &quot;c&quot;\">&lt;x&gt; &copy; &#60;&#x3C;&#X3c; &nbsp;&euro;</p>").Nodes;

        // Assert
        var p = Assert.Single(nodes);
        Assert.Equal("a&b \"c\"", p.Attribute("title"));
        Assert.Equal("<x> © <<< \u00A0€", Assert.Single(p.Children).Data);
    }

    [Theory]
    [InlineData("a &unknown; b", "a &unknown; b")]   // unknown names stay as written
    [InlineData("a & b", "a & b")]                   // a bare ampersand is text
    [InlineData("&#;", "&#;")]                       // no digits
    [InlineData("&#0; &#xD800; &#x110000;", "\uFFFD \uFFFD \uFFFD")]
    [InlineData("&#128512;", "😀")]                  // astral code point
    [InlineData("&#65", "A")]                        // missing semicolon on a numeric reference
    public void CharacterReferenceEdgeCases(string html, string text)
    {
        var node = Assert.Single(HtmlParser.ParseFragment(html).Nodes);

        Assert.Equal(text, node.Data);
    }

    [Fact]
    public void VoidAndSelfClosingElementsHaveNoChildren()
    {
        var nodes = HtmlParser.ParseFragment("<p>a<br>b<img src=x.png/>c<input/>d</p>").Nodes;

        var p = Assert.Single(nodes);
        Assert.Equal(["a", "br", "b", "img", "c", "input", "d"], p.Children.Select(n => n.Name));
        Assert.Equal("x.png/", p.Children[3].Attribute("src")); // as in HTML: the slash belongs to the unquoted value
    }

    [Fact]
    public void RawTextElementsKeepTheirContent()
    {
        var nodes = HtmlParser.ParseFragment("<script>if (a < b && c) x = '</p>';</script><textarea>&lt;b&gt;</textarea>").Nodes;

        Assert.Collection(nodes,
            script => Assert.Equal("if (a < b && c) x = '</p>';", Assert.Single(script.Children).Data),
            textarea => Assert.Equal("<b>", Assert.Single(textarea.Children).Data));
    }

    [Fact]
    public void CommentsBecomeCommentNodesAndDoctypeIsDropped()
    {
        var nodes = HtmlParser.ParseFragment("<!DOCTYPE html><!-- hi --><p>x</p>").Nodes;

        Assert.Collection(nodes,
            c => Assert.Equal((HtmlNodeKind.Comment, " hi "), (c.Kind, c.Data)),
            p => Assert.Equal("p", p.Name));
    }

    [Fact]
    public void EndTagClosesTheNearestMatchingElementAndStrayEndTagsAreIgnored()
    {
        var nodes = HtmlParser.ParseFragment("<div><span>a</div>b</span>").Nodes;

        Assert.Collection(nodes,
            div => Assert.Equal("a", Assert.Single(Assert.Single(div.Children).Children).Data),
            b => Assert.Equal("b", b.Data));
    }

    [Fact]
    public void FirstOfDuplicateAttributesWins()
    {
        var node = Assert.Single(HtmlParser.ParseFragment("<p class=a class=b></p>").Nodes);

        Assert.Equal([new("class", "a")], node.Attributes);
    }

    [Fact]
    public void TsKeyIsTheKeyWhenThereIsNoId()
    {
        var nodes = HtmlParser.ParseFragment("<li ts-key=\"7\"></li><li id=\"x\" ts-key=\"7\"></li><li></li>").Nodes;

        Assert.Equal(["7", "x", null], nodes.Select(n => n.Key));
    }

    [Fact]
    public void WritingTheParseBackEscapesWhatNeedsIt()
    {
        var fragment = HtmlParser.ParseFragment("<p title='say \"hi\"'>1 &lt; 2 &amp; 3</p><script>a<b</script>");

        var html = new System.Text.StringBuilder();
        fragment.WriteTo(html);

        Assert.Equal("<p title=\"say &quot;hi&quot;\">1 &lt; 2 &amp; 3</p><script>a<b</script>", html.ToString());
    }

    [Fact]
    public void ImpliedEndTagsAndTablePartsAreTheBrowsers()
    {
        // Act
        var nodes = HtmlParser.ParseFragment("<p>a<div>b</div><ul><li>1<li>2</ul><table><tr><td>x</table>").Nodes;

        // Assert: the <div> closes the <p>; <li> closes <li>; rows get a <tbody>
        Assert.Equal(["p", "div", "ul", "table"], nodes.Select(n => n.Name));
        Assert.Equal(["li", "li"], nodes[2].Children.Select(n => n.Name));
        Assert.Equal("tbody", Assert.Single(nodes[3].Children).Name);
    }

    [Fact]
    public void ContentMisplacedInATableIsFosterParentedBeforeIt()
    {
        var nodes = HtmlParser.ParseFragment("<table>oops<tr><td>x</td></tr></table>").Nodes;

        Assert.Collection(nodes,
            text => Assert.Equal("oops", text.Data),
            table => Assert.Equal("table", table.Name));
    }

    [Fact]
    public void MisnestedFormattingIsRepairedByTheAdoptionAgency()
    {
        var html = HtmlParser.ParseFragment("<b>1<p>2</b>3</p>").ToHtmlString();

        Assert.Equal("<b>1</b><p><b>2</b>3</p>", html);
    }

    [Fact]
    public void SvgKeepsItsNamespaceAndCamelCase()
    {
        var svg = Assert.Single(HtmlParser.ParseFragment("<svg viewbox='0 0 1 1'><foreignobject/><path d='M0'/></svg>").Nodes);

        Assert.Equal(HtmlNamespace.Svg, svg.Namespace);
        Assert.Equal("viewBox", svg.Attributes[0].Key);
        Assert.Equal(["foreignObject", "path"], svg.Children.Select(n => n.Name));
        Assert.Equal("<svg viewBox=\"0 0 1 1\"><foreignObject></foreignObject><path d=\"M0\"></path></svg>", svg.ToHtml());
    }

    [Fact]
    public void TemplateContentIsAFragmentOfItsOwn()
    {
        var template = Assert.Single(HtmlParser.ParseFragment("<template><tr><td>x</td></tr></template>").Nodes);

        Assert.Empty(template.Children);
        Assert.Equal("tr", Assert.Single(template.TemplateContent!.Value.Children).Name);
        Assert.Equal("<template><tr><td>x</td></tr></template>", template.ToHtml());
    }

    [Fact]
    public void NoscriptIsTextAsWithScriptingOn()
    {
        var noscript = Assert.Single(HtmlParser.ParseFragment("<noscript><p>x</p></noscript>").Nodes);

        Assert.Equal("<p>x</p>", Assert.Single(noscript.Children).Data);
        Assert.Equal("<noscript><p>x</p></noscript>", noscript.ToHtml());
    }

    [Fact]
    public void ALeadingNewlineInPreIsKeptWhenWrittenBack()
    {
        var pre = Assert.Single(HtmlParser.ParseFragment("<pre>\n\nx</pre>").Nodes);

        Assert.Equal("\nx", Assert.Single(pre.Children).Data);
        Assert.Equal("<pre>\n\nx</pre>", pre.ToHtml());
    }

    [Fact]
    public void FullNamedCharacterReferenceTable()
    {
        var text = Assert.Single(HtmlParser.ParseFragment("&CounterClockwiseContourIntegral; &notin; &not &NotEqualTilde; &amp").Nodes).Data;

        Assert.Equal("\u2233 \u2209 \u00AC \u2242\u0338 &", text);
    }

    [Fact]
    public void ParseErrorsAreRecordedNotThrown()
    {
        var fragment = HtmlParser.ParseFragment("<div</p><a href='x>\0");

        Assert.NotEqual(0, fragment.Errors!.Count);
    }

    [Theory]
    [InlineData(20_000, "<div>")]
    [InlineData(20_000, "<b><p>")]
    [InlineData(20_000, "<table><tr><td>")]
    [InlineData(20_000, "<svg><foreignObject>")]
    [InlineData(20_000, "<a><table><a>")]
    [InlineData(20_000, "<p x=1 x=2 ")]
    public void HostileNestingNeitherThrowsNorOverflows(int times, string piece)
    {
        // Arrange
        var html = string.Concat(Enumerable.Repeat(piece, times));

        // Act
        var fragment = HtmlParser.ParseFragment(html);
        var written = fragment.ToHtmlString();
        var ops = new LiveTs.Engine.Protocol.FrameWriter();
        new LiveTs.Engine.Diffing.HtmlTreeDiffer(ops).Diff(fragment, HtmlParser.ParseFragment(written));

        // Assert: like Chromium, nesting stops deepening past 512 open elements
        Assert.True(Depth(fragment.Nodes) < 600, "depth " + Depth(fragment.Nodes));
    }

    private static int Depth(List<HtmlNode> nodes)
    {
        int max = 0;
        var stack = new Stack<(HtmlNode, int)>();
        foreach (var n in nodes) stack.Push((n, 1));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            max = Math.Max(max, depth);
            foreach (var child in node.Children) stack.Push((child, depth + 1));
        }
        return max;
    }

    [Fact]
    public void FullDocumentsHaveHeadBodyAndDoctype()
    {
        var document = HtmlParser.ParseDocument("<!DOCTYPE html><title>t</title><p>x");

        Assert.False(document.Quirks);
        Assert.Collection(document.Nodes,
            doctype => Assert.Equal((HtmlNodeKind.Doctype, "html"), (doctype.Kind, doctype.Name)),
            html => Assert.Equal(["head", "body"], html.Children.Select(n => n.Name)));
    }

    [Fact]
    public void InAttributesALegacyReferenceBeforeEqualsOrALetterStaysAsWritten()
    {
        var a = Assert.Single(HtmlParser.ParseFragment("<a href='?x=1&copy=2&notit&amp;y' title='&copy 2026'>").Nodes);

        Assert.Equal("?x=1&copy=2&notit&y", a.Attribute("href"));
        Assert.Equal("\u00A9 2026", a.Attribute("title"));
    }
}
