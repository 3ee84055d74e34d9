using LiveTs.Engine.Protocol;
using LiveTs.Engine.Sessions;
using LiveTs.Engine.Tests.TestSupport;
using static LiveTs.Engine.Tests.TestSupport.Tree;

namespace LiveTs.Engine.Tests;

/// <summary>Streams: a batch of operations per render, written once and dropped (docs/components.md, "Streams").</summary>
public class StreamTests
{
    private readonly FakeClocks clocks = new();
    private readonly LiveEngine engine;
    private readonly int page, message;

    public StreamTests()
    {
        engine = new LiveEngine(clocks.Options());
        page = engine.CompileTemplate(["<ul>", "</ul>"]);
        message = engine.CompileTemplate(["<li ts-key=\"", "\" ts-on:click=\"open\">", "</li>"]);
    }

    private string Message(string key, string text) => T(message, S(key), S(text));
    private string Page(params string[] ops) => T(page, Stream(ops));

    private ConnectionId Joined(string tree)
    {
        var (_, token) = engine.Prerender(tree, "Page");
        var id = engine.Open();
        Assert.Equal(ReceiveKind.Join, engine.Receive(id, ClientFrames.Join(token)).Kind);
        return id;
    }

    [Fact]
    public void TheFirstRenderWritesTheItemsTheBatchLeaves()
    {
        var (html, _) = engine.Prerender(Page(
            StreamInsert(Message("1", "a")), StreamInsert(Message("2", "b")), StreamInsert(Message("0", "z"), at: 0),
            StreamDelete("1"), StreamInsert(Message("3", "c"), limit: 2)), "Page");

        // 0 z, 2 b, then 3 c trims from the other end (the start): 2 b, 3 c
        Assert.Equal("<ul><!--ts[0--><!--ts,--><!--ts@0 ts-key--><li ts-key=\"2\" ts-on:click=\"open\"><!--ts[1-->b<!--ts]--></li>" +
            "<!--ts,--><!--ts@0 ts-key--><li ts-key=\"3\" ts-on:click=\"open\"><!--ts[1-->c<!--ts]--></li><!--ts]--></ul>", html);
    }

    [Fact]
    public void TheConnectedMountsEqualBatchSendsNothing()
    {
        var tree = Page(StreamInsert(Message("1", "a")));
        var id = Joined(tree);

        Assert.Equal([FrameOp.FRAME_REPLY], engine.Render(id, tree));
    }

    [Fact]
    public void ABatchBecomesStreamOperationsForThePart()
    {
        var id = Joined(Page(StreamInsert(Message("1", "a"))));

        var ops = PatchDecoder.Ops(engine.Render(id, Page(StreamInsert(Message("2", "b"), at: 0, limit: 50), StreamDelete("1"), StreamReset)));

        Assert.Equal(
            [Op.StreamInsert(0, "2", 0, 50, "<!--ts@0 ts-key--><li ts-key=\"2\" ts-on:click=\"open\"><!--ts[1-->b<!--ts]--></li>"), Op.StreamDelete(0, "1"), Op.StreamReset(0)],
            ops);
    }

    [Fact]
    public void AnEmptyBatchSendsNothingAndTheItemsEventsStayAccepted()
    {
        var id = Joined(Page(StreamInsert(Message("1", "a"))));
        engine.Render(id, Page(StreamInsert(Message("2", "b"))));

        var frame = engine.Render(id, Page());

        Assert.Equal([FrameOp.FRAME_REPLY], frame);
        Assert.Equal(ReceiveKind.Event, engine.Receive(id, ClientFrames.Event("open")).Kind);
    }

    [Fact]
    public void AStreamItemWithoutATsKeyIsAClearError()
    {
        var keyless = engine.CompileTemplate(["<li>", "</li>"]);

        var error = Assert.Throws<LiveTsException>(() => engine.Prerender(Page(StreamInsert(T(keyless, S("a")))), "Page"));

        Assert.Contains("a stream item must be html`...` with a ts-key", error.Message);
    }

    [Fact]
    public void OneInsertIntoALongStreamSendsThatItemOnly()
    {
        var id = Joined(Page([.. Enumerable.Range(0, 10_000).Select(i => StreamInsert(Message(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "m")))]));

        var frame = engine.Render(id, Page(StreamInsert(Message("new", "hello"))));

        Assert.True(frame.Length < 120, $"{frame.Length} bytes");
    }
}
