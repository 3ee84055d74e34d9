using LiveTs.Engine.Protocol;
using LiveTs.Engine.Security;
using LiveTs.Engine.Sessions;
using LiveTs.Engine.Tests.TestSupport;
using static LiveTs.Engine.Tests.TestSupport.Tree;

namespace LiveTs.Engine.Tests;

public class LiveEngineTests
{
    private readonly FakeClocks clocks = new();
    private readonly LiveEngine engine;
    private readonly int counter;

    public LiveEngineTests()
    {
        engine = new LiveEngine(clocks.Options());
        counter = engine.CompileTemplate(["<button ts-on:click=\"increment\">Count: ", "</button>"]);
    }

    private string Counter(int count) => T(counter, S(count.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Prerender, open a socket and join it with the page's token, as the browser does.</summary>
    private ConnectionId Joined(string tree, string payload = "Counter")
    {
        var (_, token) = engine.Prerender(tree, payload);
        var id = engine.Open();
        var joined = engine.Receive(id, ClientFrames.Join(token));
        Assert.Equal(ReceiveKind.Join, joined.Kind);
        return id;
    }

    [Fact]
    public void ABroadcastRendersOnceAndEverySubscriberGetsTheSamePatch()
    {
        // Arrange: three subscribers showing 1, one showing 5
        var subscribers = Enumerable.Range(0, 3).Select(_ => Joined(Counter(0))).ToList();
        var other = Joined(Counter(0));
        foreach (var id in subscribers) engine.Render(id, Counter(1));
        engine.Render(other, Counter(5));

        // Act: everyone renders 2, as after a broadcast
        var frames = subscribers.Select(id => engine.Render(id, Counter(2), push: true)).ToList();
        var otherFrame = engine.Render(other, Counter(2), push: true);

        // Assert: the same bytes for all, a push frame each, the parsed tree shared; the other one diffed on its own
        Assert.All(frames, frame => Assert.Equal(frames[0], frame));
        Assert.Equal(FrameOp.FRAME_PUSH, frames[0][0]);
        Assert.Equal([Op.SetText(0, "2")], PatchDecoder.Ops(frames[0]));
        var shown = subscribers.Select(id => engine.Connections.Get(id).Shown!.Value.Instance).ToList();
        Assert.All(shown, s => Assert.Same(shown[0], s));
        Assert.Equal([Op.SetText(0, "2")], PatchDecoder.Ops(otherFrame));
        Assert.Equal([FrameOp.FRAME_REPLY], engine.Render(subscribers[0], Counter(2)));
    }

    [Fact]
    public void PrerenderWritesTheHtmlAndASignedToken()
    {
        // Act
        var (html, token) = engine.Prerender(Counter(0), "Counter");

        // Assert
        Assert.Equal("<button ts-on:click=\"increment\">Count: <!--ts[0-->0<!--ts]--></button>", html);
        Assert.Contains('.', token);
    }

    [Fact]
    public void JoinAfterPrerenderSendsNothingWhenTheRenderIsTheSame()
    {
        // Arrange
        var (_, token) = engine.Prerender(Counter(0), "Counter");
        var id = engine.Open();

        // Act
        var joined = engine.Receive(id, ClientFrames.Join(token));
        var reply = engine.Render(id, Counter(0));

        // Assert
        Assert.Equal(ReceiveKind.Join, joined.Kind);
        Assert.Equal("Counter", joined.Text);
        Assert.Equal([FrameOp.FRAME_REPLY], reply);
    }

    [Fact]
    public void JoinAfterPrerenderSendsOnlyWhatChangedSince()
    {
        var id = Joined(Counter(0));

        var reply = engine.Render(id, Counter(5));

        Assert.Collection(PatchDecoder.Ops(reply), op => Assert.Equal(Op.SetText(0, "5"), op));
    }

    [Fact]
    public void EventRunsAndTheNextRenderIsPatched()
    {
        // Arrange
        var id = Joined(Counter(0));
        engine.Render(id, Counter(0));

        // Act
        var received = engine.Receive(id, ClientFrames.Event("increment", ("x", "1")));
        var reply = engine.Render(id, Counter(1));

        // Assert
        Assert.Equal(ReceiveKind.Event, received.Kind);
        Assert.Equal("increment", received.Text);
        Assert.Equal([new("x", "1")], received.Fields!);
        Assert.Equal("8101000131", Convert.ToHexString(reply));
    }

    [Fact]
    public void AClickNamesItsHandlerByIndexOnceTheLinkDefinedIt_AnotherLinkKnowsNoIndexes()
    {
        // Arrange: two pages, each on its own link
        var first = Joined(Counter(0));
        var second = Joined(Counter(0));
        engine.Render(first, Counter(0));
        engine.Render(second, Counter(0));

        // Act
        var defining = engine.Receive(first, ClientFrames.Event("increment"));
        var byIndex = engine.Receive(first, ClientFrames.EventByIndex(1, ack: 1));
        var elsewhere = engine.Receive(second, ClientFrames.EventByIndex(1));

        // Assert
        Assert.Equal((ReceiveKind.Event, "increment"), (defining.Kind, defining.Text));
        Assert.Equal((ReceiveKind.Event, "increment", 1u), (byIndex.Kind, byIndex.Text, byIndex.Ack));
        Assert.Equal((ReceiveKind.Close, CloseCode.CLOSE_PROTOCOL_ERROR), (elsewhere.Kind, elsewhere.CloseCode));
        Assert.Contains("link defined 0 event names", elsewhere.Text);
    }

    [Fact]
    public void PushRenderIsAPushFrame()
    {
        var id = Joined(Counter(0));

        var push = engine.Render(id, Counter(2), push: true);

        var frame = PatchDecoder.DecodeFrame(push);
        Assert.Equal(FrameOp.FRAME_PUSH, frame.Kind);
        Assert.Collection(frame.Ops, op => Assert.Equal(Op.SetText(0, "2"), op));
    }

    [Fact]
    public void JoinWithAForgedTokenClosesWith4401()
    {
        // Arrange
        var (_, token) = engine.Prerender(Counter(0), "Counter");
        var forged = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        var id = engine.Open();

        // Act
        var result = engine.Receive(id, ClientFrames.Join(forged));

        // Assert
        Assert.Equal(ReceiveKind.Close, result.Kind);
        Assert.Equal(CloseCode.CLOSE_BAD_TOKEN, result.CloseCode);
    }

    [Fact]
    public void JoinWithATokenFromAnotherSecretClosesWith4401()
    {
        var other = new LiveEngine(clocks.Options("another secret, also long enough"u8.ToArray()));
        other.CompileTemplate(["<button ts-on:click=\"increment\">Count: ", "</button>"]);
        var (_, token) = other.Prerender(Counter(0), "Admin");
        var id = engine.Open();

        var result = engine.Receive(id, ClientFrames.Join(token));

        Assert.Equal((ReceiveKind.Close, CloseCode.CLOSE_BAD_TOKEN), (result.Kind, result.CloseCode));
    }

    [Fact]
    public void JoinWithAnExpiredTokenClosesWith4401()
    {
        // Arrange
        var (_, token) = engine.Prerender(Counter(0), "Counter");
        clocks.Advance(24 * 60 * 60 * 1000 + 1);
        var id = engine.Open();

        // Act
        var result = engine.Receive(id, ClientFrames.Join(token));

        // Assert
        Assert.Equal((ReceiveKind.Close, CloseCode.CLOSE_BAD_TOKEN), (result.Kind, result.CloseCode));
        Assert.Contains("expired", result.Text);
    }

    [Fact]
    public void JoinWithAnotherProtocolVersionClosesWith4426()
    {
        var (_, token) = engine.Prerender(Counter(0), "Counter");
        var id = engine.Open();

        var result = engine.Receive(id, ClientFrames.Join(token, version: 1));

        Assert.Equal((ReceiveKind.Close, CloseCode.CLOSE_VERSION_MISMATCH), (result.Kind, result.CloseCode));
    }

    [Fact]
    public void SecondJoinOnOneConnectionIsAProtocolError()
    {
        var (_, token) = engine.Prerender(Counter(0), "Counter");
        var id = engine.Open();
        engine.Receive(id, ClientFrames.Join(token));

        var result = engine.Receive(id, ClientFrames.Join(token));

        Assert.Equal((ReceiveKind.Close, CloseCode.CLOSE_PROTOCOL_ERROR), (result.Kind, result.CloseCode));
    }

    [Fact]
    public void EventBeforeJoinClosesWith4409()
    {
        var id = engine.Open();

        var result = engine.Receive(id, ClientFrames.Event("increment"));

        Assert.Equal((ReceiveKind.Close, CloseCode.CLOSE_NOT_JOINED), (result.Kind, result.CloseCode));
    }

    [Fact]
    public void FrameOverTheLimitClosesWith1009()
    {
        // Arrange
        var id = engine.Open();
        var frame = new byte[64 * 1024 + 1];
        frame[0] = FrameOp.FRAME_HEARTBEAT;

        // Act
        var result = engine.Receive(id, frame);

        // Assert
        Assert.Equal((ReceiveKind.Close, CloseCode.CLOSE_FRAME_TOO_LARGE), (result.Kind, result.CloseCode));
    }

    [Fact]
    public void FrameAtTheLimitIsAccepted()
    {
        // Arrange: an EVENT of exactly 64 KiB whose value fills the frame
        var id = Joined(Counter(0));
        engine.Render(id, Counter(0));
        int overhead = ClientFrames.Event("increment", ("v", "")).Length + 2; // the value's length takes three bytes, not one
        var frame = ClientFrames.Event("increment", ("v", new string('x', 64 * 1024 - overhead)));
        Assert.Equal(64 * 1024, frame.Length);

        // Act
        var result = engine.Receive(id, frame);

        // Assert
        Assert.Equal(ReceiveKind.Event, result.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("47 45 54 20 2f")] // "GET /"
    [InlineData("ff 00 ff")]
    [InlineData("03 03 00")]
    public void GarbageClosesWith4400(string hex)
    {
        var id = engine.Open();

        var result = engine.Receive(id, ClientFrames.Hex(hex));

        Assert.Equal((ReceiveKind.Close, CloseCode.CLOSE_PROTOCOL_ERROR), (result.Kind, result.CloseCode));
        Assert.StartsWith("not a LiveTS frame", result.Text);
    }

    [Fact]
    public void UnknownEventGetsAnErrorReplyAndTheConnectionLivesOn()
    {
        // Arrange
        var id = Joined(Counter(0));
        engine.Render(id, Counter(0));

        // Act
        var result = engine.Receive(id, ClientFrames.Event("deleteEverything"));
        var next = engine.Receive(id, ClientFrames.Event("increment"));

        // Assert
        Assert.Equal(ReceiveKind.ErrorReply, result.Kind);
        var frame = PatchDecoder.DecodeFrame(result.Bytes!);
        Assert.Equal(FrameOp.FRAME_ERROR, frame.Kind);
        Assert.Equal(ErrorCode.ERROR_UNKNOWN_EVENT, frame.ErrorCode);
        Assert.Equal("unknown event 'deleteEverything'", frame.Message);
        Assert.Equal(ReceiveKind.Event, next.Kind);
    }

    [Fact]
    public void EventsDeclaredInNestedTemplatesAndListsAreKnown()
    {
        var row = engine.CompileTemplate(["<li><button ts-on:click=\"remove\" ts-value-id=\"", "\">x</button></li>"]);
        var page = engine.CompileTemplate(["<ul>", "</ul>"]);
        var id = Joined(T(page, List(T(row, S("1")))));

        Assert.Equal(ReceiveKind.Event, engine.Receive(id, ClientFrames.Event("remove", ("id", "1"))).Kind);
        Assert.Equal(ReceiveKind.ErrorReply, engine.Receive(id, ClientFrames.Event("increment")).Kind);
    }

    [Fact]
    public void HeartbeatIsAcknowledged()
    {
        var id = engine.Open();

        var result = engine.Receive(id, ClientFrames.Heartbeat());

        Assert.Equal(ReceiveKind.Reply, result.Kind);
        Assert.Equal([FrameOp.FRAME_HEARTBEAT_ACK], result.Bytes!);
    }

    [Fact]
    public void SilentConnectionExpiresAtItsDeadline()
    {
        // Arrange: two joined connections
        var quiet = Joined(Counter(0));
        var chatty = Joined(Counter(0));

        // Act + Assert
        clocks.Advance(59_999);
        Assert.Empty(engine.Expired());
        engine.Receive(chatty, ClientFrames.Heartbeat()); // pushes its deadline to now + 60 s
        clocks.Advance(1);
        Assert.Equal([quiet], engine.Expired());
        clocks.Advance(59_999);
        Assert.Equal([quiet, chatty], engine.Expired().OrderBy(id => id == chatty));
    }

    [Fact]
    public void ASocketThatDoesNotJoinInTimeExpires_HeartbeatsDoNotBuyItTime()
    {
        var unjoined = engine.Open();

        clocks.Advance(9_999);
        engine.Receive(unjoined, ClientFrames.Heartbeat());
        var before = engine.Expired();
        clocks.Advance(1);

        Assert.Empty(before);
        Assert.Equal([unjoined], engine.Expired());
    }

    [Fact]
    public void AFloodIsRefusedPastTheBurst_ThenClosedWith4429_AndRecoversAtTheSteadyRate()
    {
        // Arrange
        var id = Joined(Counter(0));
        engine.Render(id, Counter(0));
        var frame = ClientFrames.Event("increment");

        // Act: 500 at once pass (the burst, with the JOIN's token already spent), then refusals, then the close
        var verdicts = Enumerable.Range(0, 1_100).Select(_ => engine.Receive(id, frame)).ToList();

        // Assert
        Assert.All(verdicts.Take(499), v => Assert.Equal(ReceiveKind.Event, v.Kind));
        var refused = verdicts[499];
        Assert.Equal(ReceiveKind.ErrorReply, refused.Kind);
        Assert.Equal(ErrorCode.ERROR_RATE_LIMITED, PatchDecoder.DecodeFrame(refused.Bytes!).ErrorCode);
        var closed = verdicts.First(v => v.Kind == ReceiveKind.Close);
        Assert.Equal(CloseCode.CLOSE_RATE_LIMITED, closed.CloseCode);
        Assert.Equal(999, verdicts.IndexOf(closed)); // 499 accepted, 500 refused, and the next one is a flood

        // A connection that slows down is served again: 100 frames per second come back
        var other = Joined(Counter(0));
        engine.Render(other, Counter(0));
        for (int i = 0; i < 499; i++) engine.Receive(other, frame);
        Assert.Equal(ReceiveKind.ErrorReply, engine.Receive(other, frame).Kind);
        clocks.Advance(100); // ten tokens
        Assert.All(Enumerable.Range(0, 10).Select(_ => engine.Receive(other, frame)), v => Assert.Equal(ReceiveKind.Event, v.Kind));
    }

    [Fact]
    public void ClosedConnectionNoLongerExpires()
    {
        var id = engine.Open();
        engine.Close(id);
        clocks.Advance(120_000);

        Assert.Empty(engine.Expired());
        Assert.Equal(0, engine.Connections.Count);
        var error = Assert.Throws<LiveTsException>(() => engine.Receive(id, ClientFrames.Heartbeat()));
        Assert.Equal(EngineErrorCodes.UnknownConnection, error.Code);
    }

    [Fact]
    public void JoinAfterThePrerenderExpiredGetsTheWholePage()
    {
        // Arrange
        var (_, token) = engine.Prerender(Counter(0), "Counter");
        clocks.Advance(60_000);
        var id = engine.Open();

        // Act
        var joined = engine.Receive(id, ClientFrames.Join(token));
        var reply = engine.Render(id, Counter(0));

        // Assert: the token is still good, but the page must be sent again
        Assert.Equal(ReceiveKind.Join, joined.Kind);
        Assert.Collection(PatchDecoder.Ops(reply),
            op => Assert.Equal(Op.RootHtml("<button ts-on:click=\"increment\">Count: <!--ts[0-->0<!--ts]--></button>"), op));
    }

    [Fact]
    public void PrerenderServesOneJoinOnly()
    {
        var (_, token) = engine.Prerender(Counter(0), "Counter");
        var first = engine.Open();
        var second = engine.Open();
        var joined = engine.Receive(first, ClientFrames.Join(token));
        engine.Receive(second, ClientFrames.Join(token, credential: SessionOf(joined)["credential"])); // the same page rejoining

        Assert.Equal([FrameOp.FRAME_REPLY], engine.Render(first, Counter(0)));
        Assert.Equal(PatchOp.PATCH_ROOT_HTML, PatchDecoder.Ops(engine.Render(second, Counter(0))).Single().Code);
    }

    [Fact]
    public void PlainStringViewIsDiffedByNodes()
    {
        // Arrange
        var id = Joined(Plain("<div><button ts-on:click=\"go\">Go</button><p>0</p></div>"));

        // Act
        var same = engine.Render(id, Plain("<div><button ts-on:click=\"go\">Go</button><p>0</p></div>"));
        var changed = engine.Render(id, Plain("<div><button ts-on:click=\"go\">Go</button><p>1</p></div>"));
        var known = engine.Receive(id, ClientFrames.Event("go"));

        // Assert
        Assert.Equal([FrameOp.FRAME_REPLY], same);
        Assert.Collection(PatchDecoder.Ops(changed), op => Assert.Equal(Op.NodeText([0, 1, 0], "1"), op));
        Assert.Equal(ReceiveKind.Event, known.Kind);
    }

    [Fact]
    public void SwitchingBetweenATemplateAndAPlainStringReplacesTheRoot()
    {
        var id = Joined(Counter(0));

        var reply = engine.Render(id, Plain("<p>plain &amp; simple</p>"));

        Assert.Collection(PatchDecoder.Ops(reply), op => Assert.Equal(Op.RootHtml("<p>plain &amp; simple</p>"), op));
    }

    [Fact]
    public void SwitchingTheRootTemplateReplacesTheRoot()
    {
        var other = engine.CompileTemplate(["<p>", "</p>"]);
        var id = Joined(Counter(0));

        var reply = engine.Render(id, T(other, S("x")));

        Assert.Collection(PatchDecoder.Ops(reply), op => Assert.Equal(Op.RootHtml("<p><!--ts[0-->x<!--ts]--></p>"), op));
    }

    [Fact]
    public void RenderBeforeJoinIsAnError()
    {
        var id = engine.Open();

        var error = Assert.Throws<LiveTsException>(() => engine.Render(id, Counter(0)));

        Assert.Equal(EngineErrorCodes.InvalidArgument, error.Code);
    }

    [Fact]
    public void ShortSecretIsRefused()
    {
        var error = Assert.Throws<LiveTsException>(() => new LiveEngine(clocks.Options(new byte[15])));

        Assert.Equal(EngineErrorCodes.InvalidArgument, error.Code);
    }

    [Fact]
    public void OpenedConnectionIdsAreUnique32HexStrings()
    {
        var ids = Enumerable.Range(0, 500).Select(_ => engine.Open().ToString()).ToList();

        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Equal(500, ids.Distinct().Count());
        Assert.Equal(500, engine.Connections.Count);
    }

    [Fact]
    public void ErrorReplyEncodesCodeAndMessage()
    {
        var bytes = engine.ErrorReply(ErrorCode.ERROR_HANDLER_FAILED, "boom é");

        var frame = PatchDecoder.DecodeFrame(bytes);

        Assert.Equal((FrameOp.FRAME_ERROR, ErrorCode.ERROR_HANDLER_FAILED, "boom é"), (frame.Kind, frame.ErrorCode, frame.Message));
    }

    private static Dictionary<string, string> SessionOf(ReceiveResult joined) => joined.Fields!.ToDictionary(f => f.Key, f => f.Value);

    [Fact]
    public void AFirstJoinStartsANewSessionWithACredential()
    {
        // Arrange
        var (_, token) = engine.Prerender(Counter(0), "Counter");
        var (_, other) = engine.Prerender(Counter(0), "Counter");

        // Act
        var first = SessionOf(engine.Receive(engine.Open(), ClientFrames.Join(token)));
        var second = SessionOf(engine.Receive(engine.Open(), ClientFrames.Join(other)));

        // Assert
        Assert.Equal("0", first["resumed"]);
        Assert.Matches("^[0-9a-f]{32}$", first["session"]);
        Assert.NotEqual(first["session"], second["session"]);
        Assert.NotEmpty(first["credential"]);
        Assert.Matches("^[0-9a-f]{32}$", first["page"]);
        Assert.NotEqual(first["page"], second["page"]);
    }

    [Fact]
    public void APageTokenStartsOneSession_ASecondJoinWithoutItsCredentialIsAReplay()
    {
        var (_, token) = engine.Prerender(Counter(0), "Counter");
        var first = engine.Receive(engine.Open(), ClientFrames.Join(token));

        var replay = engine.Receive(engine.Open(), ClientFrames.Join(token)); // a copied page, a stolen token
        var rejoin = engine.Receive(engine.Open(), ClientFrames.Join(token, credential: SessionOf(first)["credential"]));

        Assert.Equal((ReceiveKind.Close, CloseCode.CLOSE_BAD_TOKEN), (replay.Kind, replay.CloseCode));
        Assert.Contains("already started a session", replay.Text);
        Assert.Equal(ReceiveKind.Join, rejoin.Kind);
    }

    [Fact]
    public void APageTokenStartsItsSessionWithinTheFirstJoinWindowOnly()
    {
        var (_, token) = engine.Prerender(Counter(0), "Counter");
        clocks.WallNow += 5 * 60 * 1000 + 1;

        var late = engine.Receive(engine.Open(), ClientFrames.Join(token));

        Assert.Equal((ReceiveKind.Close, CloseCode.CLOSE_BAD_TOKEN), (late.Kind, late.CloseCode));
        Assert.Contains("too old to start a session", late.Text);
    }

    [Fact]
    public void ATokenIssuedInTheFutureIsRefused()
    {
        clocks.WallNow += 10 * 60 * 1000;
        var (_, token) = engine.Prerender(Counter(0), "Counter");
        clocks.WallNow -= 10 * 60 * 1000;

        var result = engine.Receive(engine.Open(), ClientFrames.Join(token));

        Assert.Equal((ReceiveKind.Close, CloseCode.CLOSE_BAD_TOKEN), (result.Kind, result.CloseCode));
        Assert.Contains("issued in the future", result.Text);
    }

    [Fact]
    public void AHugeUnknownEventNameIsQuotedShortInTheLogAndTheReply()
    {
        var id = Joined(Counter(0));
        engine.Render(id, Counter(0));

        var result = engine.Receive(id, ClientFrames.Event(new string('x', 60_000)));

        Assert.Equal(ReceiveKind.ErrorReply, result.Kind);
        Assert.True(result.Text.Length < 200, $"{result.Text.Length} characters");
        Assert.Contains("(60000 characters)", result.Text);
    }

    [Fact]
    public void AJoinWithTheCredentialResumesThatSession()
    {
        // Arrange
        var (_, token) = engine.Prerender(Counter(0), "Counter");
        var first = SessionOf(engine.Receive(engine.Open(), ClientFrames.Join(token)));

        // Act
        var again = engine.Receive(engine.Open(), ClientFrames.Join(token, credential: first["credential"], applied: 7, nextEvent: 3));

        // Assert
        var session = SessionOf(again);
        Assert.Equal(ReceiveKind.Join, again.Kind);
        Assert.Equal((first["session"], "1", "7", "3"), (session["session"], session["resumed"], session["applied"], session["next"]));
        Assert.Equal(first["page"], session["page"]);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("another page")]
    [InlineData("expired")]
    [InlineData("a page token")]
    public void AJoinWithABadCredentialIsRefusedWith4410(string what)
    {
        // Arrange
        var (_, token) = engine.Prerender(Counter(0), "Counter");
        var (_, otherPage) = engine.Prerender(Counter(0), "Counter");
        var mine = SessionOf(engine.Receive(engine.Open(), ClientFrames.Join(token)))["credential"];
        var others = SessionOf(engine.Receive(engine.Open(), ClientFrames.Join(otherPage)))["credential"];
        string credential = what switch
        {
            "forged" => mine[..^4] + (mine.EndsWith("AAAA") ? "BBBB" : "AAAA"),
            "another page" => others,
            "a page token" => token,
            _ => mine,
        };
        if (what == "expired") clocks.WallNow += 24 * 60 * 60 * 1000 + 1;
        var (_, fresh) = engine.Prerender(Counter(0), "Counter");
        var page = what == "expired" ? fresh : token;
        if (what == "expired") credential = mine;

        // Act
        var result = engine.Receive(engine.Open(), ClientFrames.Join(page, credential: credential));

        // Assert
        Assert.Equal((ReceiveKind.Close, CloseCode.CLOSE_RESUME_REFUSED), (result.Kind, result.CloseCode));
        Assert.StartsWith("session credential", result.Text);
    }

    [Fact]
    public void EventsAndHeartbeatsCarryTheirAcknowledgementAndTarget()
    {
        // A page with component 5 (a counter too): its events carry it as their target.
        var page = engine.CompileTemplate(["<main>", "</main>"]);
        var tree = T(page, C(5, "counter-5")) + Render(5, Counter(0));
        var id = Joined(tree);
        engine.Render(id, tree);

        var evt = engine.Receive(id, ClientFrames.Event("increment", ack: 2, target: 5));
        var heartbeat = engine.Receive(id, ClientFrames.Heartbeat(ack: 3));
        var ack = engine.Receive(id, ClientFrames.Ack(40));

        Assert.Equal((ReceiveKind.Event, 2u, 5u), (evt.Kind, evt.Ack, evt.Target));
        Assert.Equal((ReceiveKind.Reply, 3u), (heartbeat.Kind, heartbeat.Ack));
        Assert.Equal([FrameOp.FRAME_HEARTBEAT_ACK], heartbeat.Bytes!);
        Assert.Equal((ReceiveKind.Ack, 40u), (ack.Kind, ack.Ack));
    }

    [Fact]
    public void ASessionFrameCarriesModeNumberCredentialAndThePatch()
    {
        // Arrange
        var id = Joined(Counter(0));

        // Act
        var withRender = engine.Session(id, SessionMode.SESSION_FRESH, 0, 0, "cred", Counter(3), withRender: true);
        var resumed = engine.Session(id, SessionMode.SESSION_RESUMED, 300, 12, "cred", default, withRender: false);

        // Assert: 85, mode, last frame, events answered, credential, then the patch from the prerender (0) to 3
        Assert.Equal("85 00 00 00 04 63726564 01 00 01 33".Replace(" ", ""), Convert.ToHexString(withRender).ToLowerInvariant());
        Assert.Equal("85 01 ac02 0c 04 63726564".Replace(" ", ""), Convert.ToHexString(resumed).ToLowerInvariant());
    }

    [Fact]
    public void ResyncMakesTheNextRenderReplaceThePageWhole()
    {
        var id = Joined(Counter(0));
        engine.Render(id, Counter(1));

        engine.Resync(id);
        var frame = PatchDecoder.DecodeFrame(engine.Render(id, Counter(1), push: true));

        Assert.Equal([Op.RootHtml("<button ts-on:click=\"increment\">Count: <!--ts[0-->1<!--ts]--></button>")], frame.Ops);
    }

    [Fact]
    public void ADetachedConnectionExpiresAfterItsRetentionWindow()
    {
        var id = Joined(Counter(0));

        engine.Detach(id, 30_000);
        clocks.Advance(29_999);
        var early = engine.Expired();
        clocks.Advance(1);
        var late = engine.Expired();

        Assert.DoesNotContain(id, early);
        Assert.Contains(id, late);
    }

    [Fact]
    public void ACheckpointVerifiesOnlyForItsSessionAndUnchanged()
    {
        // Arrange
        var session = ConnectionId.NewRandom();
        var signed = engine.SignCheckpoint(session, "digest-of-the-data");

        // Act + Assert
        engine.VerifyCheckpoint(session, signed, "digest-of-the-data");
        Assert.Contains("another session", Assert.Throws<LiveTsException>(() => engine.VerifyCheckpoint(ConnectionId.NewRandom(), signed, "digest-of-the-data")).Message);
        Assert.Contains("not the data that was signed", Assert.Throws<LiveTsException>(() => engine.VerifyCheckpoint(session, signed, "digest-of-other-data")).Message);
        var tampered = signed[..^3] + (signed.EndsWith("abc") ? "xyz" : "abc");
        Assert.Contains("signed", Assert.Throws<LiveTsException>(() => engine.VerifyCheckpoint(session, tampered, "digest-of-the-data")).Message);
    }

    [Fact]
    public void ACheckpointSignedBeforeSealsStillVerifies()
    {
        // Arrange: a v2 token carrying the digest, as stores kept them before seals
        var session = ConnectionId.NewRandom();
        var v2 = new SessionToken("a test secret that is long enough"u8.ToArray(), clocks.Options().TokenMaxAgeMs)
            .Sign(session, clocks.WallNow, "digest-of-the-data", TokenPurpose.Checkpoint);

        // Act + Assert
        engine.VerifyCheckpoint(session, v2, "digest-of-the-data");
        Assert.Contains("not the data that was signed", Assert.Throws<LiveTsException>(() => engine.VerifyCheckpoint(session, v2, "digest-of-other-data")).Message);
        Assert.Contains("another session", Assert.Throws<LiveTsException>(() => engine.VerifyCheckpoint(ConnectionId.NewRandom(), v2, "digest-of-the-data")).Message);
    }
}
