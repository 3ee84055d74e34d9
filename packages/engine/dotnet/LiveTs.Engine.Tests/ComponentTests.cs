using LiveTs.Engine.Protocol;
using LiveTs.Engine.Sessions;
using LiveTs.Engine.Tests.TestSupport;
using static LiveTs.Engine.Tests.TestSupport.Tree;

namespace LiveTs.Engine.Tests;

/// <summary>Stateful components: referenced by number in the page's tree, rendered and diffed in their own slots (docs/components.md).</summary>
public class ComponentTests
{
    private readonly FakeClocks clocks = new();
    private readonly LiveEngine engine;
    private readonly int page, card, other;

    public ComponentTests()
    {
        engine = new LiveEngine(clocks.Options());
        page = engine.CompileTemplate(["<main><h1>", "</h1><section>", "</section></main>"]);
        card = engine.CompileTemplate(["<div class=\"card\"><b>", "</b><button ts-on:click=\"like\">like</button></div>"]);
        other = engine.CompileTemplate(["<p ts-on:click=\"poke\">", "</p>"]);
    }

    private static string Id(int n) => $"card-{n}";

    /// <summary>A page of <paramref name="count"/> cards; <paramref name="rendered"/> says which cards' renders the tree brings (all: a first render).</summary>
    private string Page(string title, int count, Func<int, bool>? rendered = null, Func<int, string>? likes = null)
    {
        var tree = T(page, S(title), List([.. Enumerable.Range(1, count).Select(n => C(n, Id(n)))]));
        foreach (var n in Enumerable.Range(1, count))
            if (rendered?.Invoke(n) ?? true) tree += Render(n, Card(likes?.Invoke(n) ?? "0"));
        return tree;
    }

    private string Card(string likes) => T(card, S(likes));

    private ConnectionId Joined(string tree)
    {
        var (_, token) = engine.Prerender(tree, "Page");
        var id = engine.Open();
        Assert.Equal(ReceiveKind.Join, engine.Receive(id, ClientFrames.Join(token)).Kind);
        Assert.Equal([FrameOp.FRAME_REPLY], engine.Render(id, tree));
        return id;
    }

    [Fact]
    public void AComponentsRootElementCarriesItsNumberAndId()
    {
        var (html, _) = engine.Prerender(Page("Cards", 1), "Page");

        Assert.Contains("<!--ts,--><div data-ts-c=\"1\" data-ts-id=\"card-1\" class=\"card\"><b><!--ts[0-->0<!--ts]--></b>", html);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    public void AComponentsOwnRenderPatchesOnlyThatComponentWhateverThePage(int cards)
    {
        // Arrange
        var id = Joined(Page("Cards", cards));

        // Act: card 7 liked
        var frame = engine.Render(id, Card("1"), component: 7);

        // Assert: the same bytes on a page of 10 cards as on one of 1,000
        Assert.Equal(FrameOp.FRAME_REPLY, frame[0]);
        Assert.Equal([Op.EnterComponent(7), Op.SetText(0, "1"), Op.Leave()], PatchDecoder.Ops(frame));
        Assert.Equal(8, frame.Length);
    }

    [Fact]
    public void TheViewsRenderKeepingItsComponentsSendsOnlyWhatChangedAroundThem()
    {
        var id = Joined(Page("Cards", 3));
        engine.Render(id, Card("4"), component: 2);

        var frame = engine.Render(id, Page("More cards", 3, rendered: _ => false));

        Assert.Equal([Op.SetText(0, "More cards")], PatchDecoder.Ops(frame));
    }

    [Fact]
    public void AComponentTheViewRendersAnewIsPatchedInPlaceBeforeThePageAroundIt()
    {
        var id = Joined(Page("Cards", 3));

        var frame = engine.Render(id, Page("Liked", 3, rendered: n => n == 2, likes: _ => "9"));

        Assert.Equal([Op.EnterComponent(2), Op.SetText(0, "9"), Op.Leave(), Op.SetText(0, "Liked")], PatchDecoder.Ops(frame));
    }

    [Fact]
    public void ANewComponentIsInsertedWithItsMarksAndALeavingOneIsRemoved()
    {
        var id = Joined(Page("Cards", 2));

        var tree = T(page, S("Cards"), List(C(2, Id(2)), C(3, Id(3)))) + Render(3, Card("0"));
        var ops = PatchDecoder.Ops(engine.Render(id, tree));

        Assert.Equal(
            [Op.ListRemove(1, 0), Op.ListInsert(1, 1, "<div data-ts-c=\"3\" data-ts-id=\"card-3\" class=\"card\"><b><!--ts[0-->0<!--ts]--></b><button ts-on:click=\"like\">like</button></div>")],
            ops);
    }

    [Fact]
    public void AComponentWhoseRenderIsAnotherTemplateIsReplacedWhole()
    {
        var id = Joined(Page("Cards", 2));

        var frame = engine.Render(id, T(other, S("gone")), component: 1);

        Assert.Equal([Op.ReplaceComponent(1, "<p data-ts-c=\"1\" data-ts-id=\"card-1\" ts-on:click=\"poke\"><!--ts[0-->gone<!--ts]--></p>")], PatchDecoder.Ops(frame));
    }

    [Fact]
    public void AnEventForAComponentIsAcceptedWithItsTarget()
    {
        var id = Joined(Page("Cards", 3));

        var result = engine.Receive(id, ClientFrames.Event("like", ack: 0, target: 3));

        Assert.Equal(ReceiveKind.Event, result.Kind);
        Assert.Equal(3u, result.Target);
    }

    [Theory]
    [InlineData(99u)]
    [InlineData(2u)]
    public void AnEventForAComponentThePageDoesNotShowGetsAClearErrorReply(uint target)
    {
        var id = Joined(Page("Cards", 3));
        engine.ForgetComponent(id, 2);

        var result = engine.Receive(id, ClientFrames.Event("like", ack: 0, target: target));

        Assert.Equal(ReceiveKind.ErrorReply, result.Kind);
        Assert.Equal(FrameOp.FRAME_ERROR, result.Bytes![0]);
        Assert.Equal(ErrorCode.ERROR_UNKNOWN_TARGET, result.Bytes[1]);
        Assert.Contains($"component {target}", result.Text);
    }

    [Fact]
    public void ARenderOfAComponentThePageDoesNotShowIsRefused()
    {
        var id = Joined(Page("Cards", 1));

        var error = Assert.Throws<LiveTsException>(() => engine.Render(id, Card("1"), component: 5));

        Assert.Contains("component 5 is not on the page", error.Message);
    }

    [Fact]
    public void ANewComponentWithoutItsRenderIsAClearError()
    {
        var error = Assert.Throws<LiveTsException>(() => engine.Prerender(T(page, S("x"), C(1, "lonely")), "Page"));

        Assert.Contains("component 1 ('lonely') is new on the page but the tree has no render of it", error.Message);
    }

    [Fact]
    public void AComponentWithoutARootElementIsAClearError()
    {
        var bare = engine.CompileTemplate(["just text ", ""]);

        var error = Assert.Throws<LiveTsException>(() => engine.Prerender(T(page, S("x"), C(1, "bare")) + Render(1, T(bare, S("y"))), "Page"));

        Assert.Contains("component 'bare' must render one root element", error.Message);
    }

    [Fact]
    public void AResyncForgetsTheComponentsSoTheNextRenderMustBringThemAll()
    {
        var id = Joined(Page("Cards", 2));
        engine.Resync(id);

        var frame = engine.Render(id, Page("Cards", 2));

        Assert.Equal(PatchOp.PATCH_ROOT_HTML, PatchDecoder.Ops(frame).Single().Code);
        Assert.Equal(ErrorCode.ERROR_UNKNOWN_TARGET, engine.Receive(id, ClientFrames.Event("like", ack: 0, target: 9)).Bytes![1]);
    }
}
