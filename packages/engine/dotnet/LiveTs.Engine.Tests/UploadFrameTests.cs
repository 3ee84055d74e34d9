using LiveTs.Engine.Protocol;
using LiveTs.Engine.Sessions;
using LiveTs.Engine.Tests.TestSupport;
using static LiveTs.Engine.Tests.TestSupport.Tree;

namespace LiveTs.Engine.Tests;

/// <summary>UPLOAD and UPLOAD_CHUNK frames through the engine's front door (docs/protocol.md, "Uploads").</summary>
public class UploadFrameTests
{
    private readonly FakeClocks clocks = new();
    private readonly LiveEngine engine;
    private readonly int page;

    public UploadFrameTests()
    {
        engine = new LiveEngine(clocks.Options());
        page = engine.CompileTemplate(["<form ts-form=\"contact\"><input type=\"file\" ts-upload=\"avatar\"></form>"]);
    }

    private ConnectionId Joined()
    {
        var (_, token) = engine.Prerender(T(page), "Page");
        var id = engine.Open();
        Assert.Equal(ReceiveKind.Join, engine.Receive(id, ClientFrames.Join(token)).Kind);
        return id;
    }

    [Fact]
    public void ADeclaredUploadIsHandedToTheHostWithItsEntries()
    {
        var id = Joined();

        var result = engine.Receive(id, ClientFrames.Upload("avatar", 0, ("r1", "me.png", 1234, "image/png"), ("r2", "cv.pdf", 9, "application/pdf")));

        Assert.Equal((ReceiveKind.Upload, "avatar"), (result.Kind, result.Text));
        Assert.Equal(["ref", "r1", "name", "me.png", "size", "1234", "type", "image/png", "ref", "r2", "name", "cv.pdf", "size", "9", "type", "application/pdf"],
            result.Fields!.SelectMany(f => new[] { f.Key, f.Value }));
    }

    [Fact]
    public void AnUploadNoTemplateDeclaresIsAnErrorReplyAndTheConnectionLivesOn()
    {
        var id = Joined();

        var result = engine.Receive(id, ClientFrames.Upload("resume", 0, ("r1", "a", 1, "")));

        Assert.Equal(ReceiveKind.ErrorReply, result.Kind);
        Assert.Equal(FrameOp.FRAME_ERROR, result.Bytes![0]);
        Assert.Equal(ErrorCode.ERROR_UNKNOWN_EVENT, result.Bytes[1]);
        Assert.Contains("unknown upload 'resume'", result.Text);
    }

    [Fact]
    public void AChunkIsHandedOverWithItsOffsetAndBytes()
    {
        var id = Joined();

        var result = engine.Receive(id, ClientFrames.UploadChunk("r1", 65536, [1, 2, 3], ack: 2));

        Assert.Equal((ReceiveKind.UploadChunk, "r1", 2u), (result.Kind, result.Text, result.Ack));
        Assert.Equal(new byte[] { 1, 2, 3 }, result.Bytes);
        Assert.Equal(new KeyValuePair<string, string>("offset", "65536"), Assert.Single(result.Fields!));
    }

    [Fact]
    public void UploadFramesBeforeTheJoinClose4409()
    {
        var id = engine.Open();

        Assert.Equal(CloseCode.CLOSE_NOT_JOINED, engine.Receive(id, ClientFrames.Upload("avatar", 0, ("r", "a", 1, ""))).CloseCode);
        Assert.Equal(CloseCode.CLOSE_NOT_JOINED, engine.Receive(id, ClientFrames.UploadChunk("r", 0, [1])).CloseCode);
    }

    [Fact]
    public void TheFormDeclaresItsChangeEvent()
    {
        var id = Joined();

        var result = engine.Receive(id, ClientFrames.Event("ts-form:contact", ("contact[name]", "Ann")));

        Assert.Equal(ReceiveKind.Event, result.Kind);
    }

    [Fact]
    public void APlainStringViewDeclaresFormsUploadsAndRecoveryEventsToo()
    {
        var (_, token) = engine.Prerender(Plain("<form ts-form=\"f\" ts-auto-recover=\"recover\"><input type=\"file\" ts-upload=\"docs\"></form>"), "Page");
        var id = engine.Open();
        engine.Receive(id, ClientFrames.Join(token));

        Assert.Equal(ReceiveKind.Event, engine.Receive(id, ClientFrames.Event("ts-form:f")).Kind);
        Assert.Equal(ReceiveKind.Event, engine.Receive(id, ClientFrames.Event("recover")).Kind);
        Assert.Equal(ReceiveKind.Upload, engine.Receive(id, ClientFrames.Upload("docs", 0, ("r", "a", 1, ""))).Kind);
        Assert.Equal(ReceiveKind.ErrorReply, engine.Receive(id, ClientFrames.Event("ignore")).Kind);
    }

    [Fact]
    public void AFlashCookieVerifiesOnlyUnderItsOwnSecretAndPurpose()
    {
        var signed = engine.SignFlash("{\"info\":\"Saved\"}");
        var other = new LiveEngine(new EngineOptions { Secret = new byte[32] });

        Assert.Equal("{\"info\":\"Saved\"}", engine.VerifyFlash(signed));
        Assert.Null(other.VerifyFlash(signed));
        Assert.Null(engine.VerifyFlash(signed[..^2] + "AA"));
        Assert.Null(engine.VerifyFlash(engine.SignCheckpoint(ConnectionId.NewRandom(), "{}")));
    }
}

public class FormDirectiveTests
{
    private readonly LiveEngine engine = new(new FakeClocks().Options());

    [Theory]
    [InlineData("<form ts-form=\"", "\"></form>", "ts-form takes a name written in the template")]
    [InlineData("<input type=\"file\" ts-upload=", ">", "ts-upload takes a name written in the template")]
    [InlineData("<form ts-auto-recover=\"", "\"></form>", "ts-auto-recover takes a name written in the template")]
    public void AFormUploadOrRecoveryNameIsWrittenInTheTemplate(string before, string after, string message)
    {
        var error = Assert.Throws<LiveTsException>(() => engine.CompileTemplate([before, after]));

        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("<form ts-form=\"\"></form>")]
    [InlineData("<input type=\"file\" ts-upload=\" \">")]
    public void AnEmptyNameIsAnError(string markup)
    {
        var error = Assert.Throws<LiveTsException>(() => engine.CompileTemplate([markup]));

        Assert.Contains("needs a name", error.Message);
    }

    [Fact]
    public void DisableWithAndIgnoreAreKnownAndDeclareNothing()
    {
        var id = engine.CompileTemplate(["<form ts-auto-recover=\"ignore\"><button ts-disable-with=\"Saving…\">Save</button></form>"]);

        Assert.Empty(engine.Templates.Get(id).EventNames);
    }
}
