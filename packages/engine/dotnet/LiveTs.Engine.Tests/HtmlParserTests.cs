using LiveTs.Engine.Html;

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
}
