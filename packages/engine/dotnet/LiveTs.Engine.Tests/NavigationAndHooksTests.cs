using System.Text.Json;
using LiveTs.Engine.Protocol;
using LiveTs.Engine.Sessions;
using LiveTs.Engine.Templates;
using LiveTs.Engine.Tests.TestSupport;
using static LiveTs.Engine.Tests.TestSupport.Tree;

namespace LiveTs.Engine.Tests;

/// <summary>
/// What the engine knows of live navigation, client commands and hooks (docs/navigation.md,
/// docs/client.md): the NAVIGATE frame, the new directive names, ts-js parsed once, and the events
/// ts-hook-events and ts-js declare. Where a URL leads is the host's business, not the engine's.
/// </summary>
public class NavigationAndHooksTests
{
    private readonly FakeClocks clocks = new();
    private readonly LiveEngine engine;

    public NavigationAndHooksTests() => engine = new LiveEngine(clocks.Options());

    private ConnectionId Joined(string tree)
    {
        var (_, token) = engine.Prerender(tree, "View");
        var id = engine.Open();
        Assert.Equal(ReceiveKind.Join, engine.Receive(id, ClientFrames.Join(token)).Kind);
        return id;
    }

    private string Page(string markup) => T(engine.CompileTemplate([markup]));

    [Fact]
    public void ANavigateFrameIsHandedToTheHostWithItsUrlModeAndHistoryStep()
    {
        // Arrange
        var id = Joined(Page("<a href=\"/items/7\" ts-navigate>7</a>"));

        // Act
        var result = engine.Receive(id, ClientFrames.Navigate("/items/7", NavigateMode.NAVIGATE_MOUNT, HistoryStep.HISTORY_REPLACE, ack: 3));

        // Assert
        Assert.Equal((ReceiveKind.Navigate, "/items/7", 3u), (result.Kind, result.Text, result.Ack));
        Assert.Equal([new("mode", "1"), new("history", "1")], result.Fields!);
    }

    [Fact]
    public void ALiveNavigationKeepsTheLinksEventNames_TheNewViewsEventsNameTheirHandlersByIndex()
    {
        // Arrange: the first view's click defined "open" (index 1) on this link
        var id = Joined(Page("<a href=\"/items/7\" ts-navigate ts-on:click=\"open\">7</a>"));
        Assert.Equal("open", engine.Receive(id, ClientFrames.Event("open")).Text);

        // Act: navigate; the host mounts another view on the same link (docs/navigation.md)
        var navigate = engine.Receive(id, ClientFrames.Navigate("/items/7", NavigateMode.NAVIGATE_MOUNT, ack: 1));
        engine.Resync(id);
        engine.Render(id, Page("<button ts-on:click=\"open\">again</button><button ts-on:click=\"close\">x</button>"));
        var byIndex = engine.Receive(id, ClientFrames.EventByIndex(1, ack: 1));
        var newName = engine.Receive(id, ClientFrames.Event("close"));
        var newIndex = engine.Receive(id, ClientFrames.EventByIndex(2));

        // Assert: NAVIGATE neither reset the table nor took an index
        Assert.Equal(ReceiveKind.Navigate, navigate.Kind);
        Assert.Equal((ReceiveKind.Event, "open"), (byIndex.Kind, byIndex.Text));
        Assert.Equal((ReceiveKind.Event, "close"), (newName.Kind, newName.Text));
        Assert.Equal((ReceiveKind.Event, "close"), (newIndex.Kind, newIndex.Text));
    }

    [Fact]
    public void ANavigateFrameBeforeTheJoinClosesTheConnection()
    {
        var id = engine.Open();

        var result = engine.Receive(id, ClientFrames.Navigate("/"));

        Assert.Equal((ReceiveKind.Close, CloseCode.CLOSE_NOT_JOINED), (result.Kind, result.CloseCode));
    }

    [Fact]
    public void ANavigateOverTheRateLimitIsAnsweredWithAnError()
    {
        // Arrange: a connection that spent its whole burst
        var id = Joined(Page("<p>x</p>"));
        ReceiveResult result;
        int sent = 0;
        do result = engine.Receive(id, ClientFrames.Navigate("/")); while (result.Kind == ReceiveKind.Navigate && ++sent < 10_000);

        // Assert: answered (the page counts it as in flight), not dropped
        Assert.Equal(ReceiveKind.ErrorReply, result.Kind);
        Assert.Equal(ErrorCode.ERROR_RATE_LIMITED, PatchDecoder.DecodeFrame(result.Bytes!).ErrorCode);
        Assert.StartsWith("navigation to '/' refused", result.Text);
    }

    [Fact]
    public void TsHookEventsDeclaresTheHooksEventsAndNoOthers()
    {
        // Arrange
        var id = Joined(Page("<canvas ts-hook=\"Chart\" ts-hook-events=\" zoom  pan \"></canvas><button ts-on:click=\"reset\">r</button>"));

        // Act
        var zoom = engine.Receive(id, ClientFrames.Event("ts-hook:zoom"));
        var pan = engine.Receive(id, ClientFrames.Event("ts-hook:pan"));
        var reset = engine.Receive(id, ClientFrames.Event("ts-hook:reset"));
        var bare = engine.Receive(id, ClientFrames.Event("zoom"));

        // Assert: a ts-on name is not a hook's to call, and a hook's name is not a click's
        Assert.Equal((ReceiveKind.Event, ReceiveKind.Event), (zoom.Kind, pan.Kind));
        Assert.Equal(ReceiveKind.ErrorReply, reset.Kind);
        Assert.Contains("no ts-hook-events on the page names 'reset'", reset.Text);
        Assert.Equal(ErrorCode.ERROR_UNKNOWN_EVENT, PatchDecoder.DecodeFrame(reset.Bytes!).ErrorCode);
        Assert.Equal(ReceiveKind.ErrorReply, bare.Kind);
    }

    [Fact]
    public void APlainStringViewDeclaresHookEventsToo()
    {
        var id = Joined(Plain("<div><canvas ts-hook=\"Chart\" ts-hook-events=\"zoom\"></canvas></div>"));

        Assert.Equal(ReceiveKind.Event, engine.Receive(id, ClientFrames.Event("ts-hook:zoom")).Kind);
    }

    [Fact]
    public void AStaticTsJsDeclaresTheEventsItsPushCommandsSend()
    {
        // Arrange
        var id = Joined(Page("<button ts-js=\"hide('#modal').push('closed')\">x</button><div ts-js:keydown.escape.window=\"push('escaped')\"></div>"));

        // Act + Assert
        Assert.Equal(ReceiveKind.Event, engine.Receive(id, ClientFrames.Event("closed")).Kind);
        Assert.Equal(ReceiveKind.Event, engine.Receive(id, ClientFrames.Event("escaped")).Kind);
        Assert.Equal(ReceiveKind.ErrorReply, engine.Receive(id, ClientFrames.Event("hide")).Kind);
    }

    [Theory]
    [InlineData("<a href=\"/\" ts-patch>a</a>")]
    [InlineData("<a href=\"/\" ts-patch.replace>a</a>")]
    [InlineData("<a href=\"/\" ts-navigate.replace>a</a>")]
    [InlineData("<button ts-js=\"toggle('#m')\">a</button>")]
    [InlineData("<input ts-js:keydown.enter=\"focus('#b')\">")]
    [InlineData("<div ts-hook=\"Chart\" ts-update=\"ignore\"></div>")]
    public void TheNewDirectivesCompile(string markup)
    {
        var template = TemplateCompiler.Compile(0, [markup]);

        Assert.NotNull(template);
    }

    [Theory]
    [InlineData("<a ts-patch.push>a</a>", "'ts-patch.push': unknown modifier '.push'")]
    [InlineData("<a ts-navigate.prevent>a</a>", "'ts-navigate.prevent': unknown modifier '.prevent'")]
    [InlineData("<b ts-js=\"shw('#m')\">a</b>", "ts-js: ts-js: unknown command 'shw' at 0; known: show, hide")]
    [InlineData("<b ts-js=\"show('#m') hide()\">a</b>", "expected '.' between commands")]
    [InlineData("<b ts-js:=\"show()\">a</b>", "'ts-js:' needs an event")]
    [InlineData("<b ts-js:click.bogus=\"show()\">a</b>", "unknown modifier '.bogus'")]
    [InlineData("<b ts-hook=\"\">a</b>", "ts-hook needs a name")]
    [InlineData("<b ts-hook-events=\" \">a</b>", "ts-hook-events needs a name")]
    [InlineData("<b ts-hooks=\"x\">a</b>", "unknown directive 'ts-hooks'; known: ts-on:<event>[.modifiers]")]
    public void MistakesInTheNewDirectivesFailTheTemplate(string markup, string expected)
    {
        var error = Assert.Throws<LiveTsException>(() => TemplateCompiler.Compile(0, [markup]));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void AHookNameTakesNoValueFromAnInterpolation()
    {
        var error = Assert.Throws<LiveTsException>(() => TemplateCompiler.Compile(0, ["<div ts-hook=\"", "\"></div>"]));

        Assert.Contains("ts-hook takes a name written in the template", error.Message);
    }

    [Fact]
    public void ADynamicTsJsIsAllowed_ItsCommandsAreTheClientsToCheck()
    {
        var template = TemplateCompiler.Compile(0, ["<li ts-js=\"", "\">x</li>"]);

        Assert.Equal(1, template.ValueCount);
    }

    [Fact]
    public void EveryCommandOfTheVocabularyHasASignature()
    {
        foreach (var command in Vocabulary.JS_COMMANDS)
        {
            var error = Record.Exception(() => JsCommands.Parse(command + "('a')"));
            Assert.False(error is FormatException { Message: var m } && m.Contains("unknown command"), $"{command} has no signature");
        }
    }

    public static TheoryData<int> ValidJsCommands => Indexes("valid");
    public static TheoryData<int> InvalidJsCommands => Indexes("invalid");

    private static TheoryData<int> Indexes(string list)
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < ProtocolVectors.Json.GetProperty("jsCommands").GetProperty(list).GetArrayLength(); i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(ValidJsCommands))]
    public void JsCommandsParseAsTheVectorsSay(int index)
    {
        // Arrange
        var vector = ProtocolVectors.Json.GetProperty("jsCommands").GetProperty("valid")[index];

        // Act
        var commands = JsCommands.Parse(vector.GetProperty("text").GetString()!);

        // Assert
        var parsed = commands.Select(c => new object[] { c.Name }.Concat(c.Args).ToArray());
        var relaxed = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        Assert.Equal(JsonSerializer.Serialize(vector.GetProperty("commands"), relaxed), JsonSerializer.Serialize(parsed, relaxed));
    }

    [Theory]
    [MemberData(nameof(InvalidJsCommands))]
    public void JsCommandsTheVectorsCallInvalidAreRefused(int index)
    {
        var text = ProtocolVectors.Json.GetProperty("jsCommands").GetProperty("invalid")[index].GetString()!;

        Assert.Throws<FormatException>(() => JsCommands.Parse(text));
    }

    public static TheoryData<string> HostFrameNames => ProtocolVectors.HostFrameNames();

    /// <summary>The host writes these frames (packages/client/src/protocol.ts); this checks their layout against the engine's own writer.</summary>
    [Theory]
    [MemberData(nameof(HostFrameNames))]
    public void HostFramesAreLaidOutAsTheVectorsSay(string name)
    {
        // Arrange
        var vector = ProtocolVectors.HostFrame(name);
        var f = vector.GetProperty("frame");
        var w = new FrameWriter();

        // Act
        switch (f.GetProperty("kind").GetString())
        {
            case "replyData":
                w.Byte(FrameOp.FRAME_REPLY_DATA);
                w.String(f.GetProperty("data").GetString());
                var text = f.GetProperty("ops")[0];
                w.Byte(PatchOp.PATCH_SET_TEXT);
                w.VarUInt(text[1].GetUInt32());
                w.String(text[2].GetString());
                break;
            case "location":
                w.Byte(FrameOp.FRAME_LOCATION);
                w.Byte((byte)f.GetProperty("history").GetInt32());
                w.Byte((byte)f.GetProperty("location").GetInt32());
                w.String(f.GetProperty("url").GetString());
                w.String(f.GetProperty("flash").GetString());
                break;
            case "title":
                w.Byte(FrameOp.FRAME_TITLE);
                w.String(f.GetProperty("title").GetString());
                break;
            case "exec":
                w.Byte(FrameOp.FRAME_EXEC);
                w.String(f.GetProperty("commands").GetString());
                break;
            case "hookEvent":
                w.Byte(FrameOp.FRAME_HOOK_EVENT);
                w.String(f.GetProperty("event").GetString());
                w.String(f.GetProperty("payload").GetString());
                break;
            default:
                Assert.Fail($"unknown host frame kind in '{name}'");
                break;
        }

        // Assert
        Assert.Equal(Convert.ToHexString(ProtocolVectors.Hex(vector)), Convert.ToHexString(w.ToArray()));
    }
}
