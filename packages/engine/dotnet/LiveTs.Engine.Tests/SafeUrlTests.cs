using LiveTs.Engine.Rendering;
using LiveTs.Engine.Templates;
using LiveTs.Engine.Tests.TestSupport;
using static LiveTs.Engine.Tests.TestSupport.Tree;

namespace LiveTs.Engine.Tests;

public class SafeUrlTests
{
    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData("  javascript:alert(1)")]
    [InlineData("java\tscript:alert(1)")]
    [InlineData("java\nscript:alert(1)")]
    [InlineData("\u0001javascript:alert(1)")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("DATA:text/html;base64,PHNjcmlwdD4=")]
    [InlineData("data:image/svg+xml,<svg onload=alert(1)>")]
    public void UnsafeUrlsAreRecognised(string url) => Assert.True(SafeUrls.IsUnsafe(url), url);

    [Theory]
    [InlineData("https://example.com/a?b=c")]
    [InlineData("/items/7")]
    [InlineData("items/7#javascript:x")]
    [InlineData("?q=javascript:alert(1)")]
    [InlineData("mailto:a@example.com")]
    [InlineData("data:image/png;base64,iVBORw0KGgo=")]
    [InlineData("")]
    public void OrdinaryUrlsPass(string url) => Assert.False(SafeUrls.IsUnsafe(url), url);

    [Fact]
    public void AnInterpolatedUnsafeUrlIsReplacedInTheRenderAndInThePatch_RawIsTrusted()
    {
        // Arrange
        var registry = new TemplateRegistry();
        var link = registry.Compile(["<a href=\"", "\">go</a><img srcset=\"", "\">"]).Id;
        SafeUrls.TakeBlocked();

        // Act
        var rendered = HtmlWriter.Write(RenderTreeReader.ReadRoot(T(link, S("javascript:alert(1)"), S("a.png 1x, javascript:x 2x")), registry));
        var trusted = HtmlWriter.Write(RenderTreeReader.ReadRoot(T(link, Raw("javascript:void(0)"), S("a.png 1x")), registry));
        var blocked = SafeUrls.TakeBlocked();

        // Assert
        Assert.Contains("href=\"about:invalid#unsafe-url\"", rendered);
        Assert.Contains("srcset=\"about:invalid#unsafe-url\"", rendered);
        Assert.Contains("href=\"javascript:void(0)\"", trusted);
        Assert.Equal(["href=\"javascript:alert(1)\"", "srcset=\"a.png 1x, javascript:x 2x\""], blocked);
    }
}
