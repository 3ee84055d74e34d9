using LiveTs.Engine.Diffing;
using LiveTs.Engine.Html;
using LiveTs.Engine.Protocol;
using LiveTs.Engine.Rendering;
using LiveTs.Engine.Security;
using LiveTs.Engine.Sessions;
using LiveTs.Engine.Templates;

namespace LiveTs.Engine;

/// <summary>
/// The engine's front door: everything the host runtime calls, synchronously on its JS thread
/// (docs/design.md §2.2). It owns connections, templates, diffing and the protocol; the host owns sockets
/// and runs the application's TypeScript.
/// </summary>
public sealed class LiveEngine
{
    private readonly EngineOptions options;
    private readonly SessionToken tokens;
    private readonly PrerenderCache prerenders;
    private readonly FrameWriter writer = new();
    private readonly TemplateDiffer templateDiffer;
    private readonly HtmlTreeDiffer htmlDiffer;
    private readonly LastTransition lastTransition = new();
    private readonly SpentPageTokens spentPageTokens = new();

    public TemplateRegistry Templates { get; } = new();
    public ConnectionRegistry Connections { get; } = new();
    public TopicRegistry Topics { get; } = new();

    public LiveEngine(EngineOptions options)
    {
        if (options.Secret.Length < 16)
            throw new LiveTsException(EngineErrorCodes.InvalidArgument, "the signing secret must be at least 16 bytes");
        this.options = options;
        tokens = new SessionToken(options.Secret, options.TokenMaxAgeMs);
        prerenders = new PrerenderCache(options.PrerenderCapacity, options.PrerenderTimeToLiveMs);
        templateDiffer = new TemplateDiffer(writer);
        htmlDiffer = new HtmlTreeDiffer(writer);
    }

    public int CompileTemplate(IReadOnlyList<string> statics) => Templates.Compile(statics).Id;

    /// <summary>The first, static render: its HTML, and a signed token that lets the live connection pick it up.</summary>
    public (string Html, string Token) Prerender(ReadOnlySpan<char> tree, string payload)
    {
        var root = RenderTreeReader.ReadRoot(tree, Templates);
        var pageId = ConnectionId.NewRandom();
        prerenders.Add(pageId, root, options.Clock());
        return (HtmlWriter.Write(root), tokens.Sign(pageId, options.WallClock(), payload));
    }

    /// <summary>A socket opened: it has <see cref="EngineOptions.JoinTimeoutMs"/> to send its JOIN.</summary>
    public ConnectionId Open()
    {
        var now = options.Clock();
        var connection = Connections.Open(now + options.JoinTimeoutMs);
        connection.Rate = new FrameRate(options.FrameBurst, now);
        return connection.Id;
    }

    public void Close(ConnectionId id)
    {
        Connections.Close(id);
        Topics.Forget(id);
    }

    /// <summary>Subscribes an open connection to a topic; its view hears every broadcast there until it closes.</summary>
    public void Subscribe(ConnectionId id, string topic)
    {
        Connections.Get(id); // an unknown connection is the caller's bug: say so rather than route to nobody
        Topics.Subscribe(id, topic);
    }

    public void Unsubscribe(ConnectionId id, string topic) => Topics.Unsubscribe(id, topic);

    /// <summary>The connections a broadcast on <paramref name="topic"/> reaches in this process.</summary>
    public IReadOnlyCollection<ConnectionId> Subscribers(string topic) => Topics.Subscribers(topic);

    public List<ConnectionId> Expired() => Connections.Expired(options.Clock());

    public ReceiveResult Receive(ConnectionId id, ReadOnlySpan<byte> frame)
    {
        var connection = Connections.Get(id);
        if (frame.Length > options.MaxFrameBytes)
            return Close(CloseCode.CLOSE_FRAME_TOO_LARGE, $"frame of {frame.Length} bytes exceeds the limit of {options.MaxFrameBytes}");
        var now = options.Clock();
        var rate = connection.Rate.Take(now, options.FramesPerSecond, options.FrameBurst);
        if (rate == FrameRate.Verdict.Flooding)
            return Close(CloseCode.CLOSE_RATE_LIMITED, $"more than {options.FrameBurst} frames past the limit of {options.FramesPerSecond}/s (burst {options.FrameBurst})");
        ClientFrame message;
        try { message = ClientFrameDecoder.Decode(frame); }
        catch (ProtocolException e) { return Close(CloseCode.CLOSE_PROTOCOL_ERROR, "not a LiveTS frame: " + e.Message); }
        // Only a joined connection, or its JOIN, buys time: an unjoined socket cannot stay open on heartbeats.
        if (connection.Joined || message.Kind == ClientFrameKind.Join) connection.Deadline = now + options.HeartbeatTimeoutMs;
        if (rate == FrameRate.Verdict.Refuse)
        {
            return message.Kind == ClientFrameKind.Event && connection.Joined
                ? new ReceiveResult(ReceiveKind.ErrorReply, $"event {ClientText.Quote(message.EventName)} refused: over {options.FramesPerSecond} frames/s",
                    ErrorReply(ErrorCode.ERROR_RATE_LIMITED, "too many events; slow down"), Ack: message.Ack)
                : new ReceiveResult(ReceiveKind.Ack, Ack: message.Kind == ClientFrameKind.Join ? 0 : message.Ack);
        }

        switch (message.Kind)
        {
            case ClientFrameKind.Heartbeat:
                return new ReceiveResult(ReceiveKind.Reply, Bytes: [FrameOp.FRAME_HEARTBEAT_ACK], Ack: message.Ack);
            case ClientFrameKind.Ack:
                return new ReceiveResult(ReceiveKind.Ack, Ack: message.Ack);
            case ClientFrameKind.Join:
                return Join(connection, message);
            default:
            {
                if (!connection.Joined) return Close(CloseCode.CLOSE_NOT_JOINED, "EVENT before JOIN");
                if (connection.Shown is not { } shown || !EventDeclarations.Declares(shown, message.EventName))
                    return new ReceiveResult(ReceiveKind.ErrorReply, $"unknown event {ClientText.Quote(message.EventName)}: no ts-on:* on the page names it",
                        ErrorReply(ErrorCode.ERROR_UNKNOWN_EVENT, $"unknown event {ClientText.Quote(message.EventName)}"), Ack: message.Ack);
                return new ReceiveResult(ReceiveKind.Event, message.EventName, Fields: message.Fields, Ack: message.Ack, Target: message.Target);
            }
        }
    }

    /// <summary>
    /// Checks a JOIN's page token and, when it brings one, its session credential. A credential
    /// names the session it was issued for and the page it is bound to; a valid one lets the host
    /// resume or restore that session, an invalid one is refused (4410) so the client joins afresh.
    /// </summary>
    private ReceiveResult Join(Connection connection, ClientFrame message)
    {
        if (connection.Joined) return Close(CloseCode.CLOSE_PROTOCOL_ERROR, "JOIN sent twice on one connection");
        if (message.Version != ProtocolVersion.PROTOCOL_VERSION)
            return Close(CloseCode.CLOSE_VERSION_MISMATCH,
                $"client speaks protocol {message.Version}, server speaks {ProtocolVersion.PROTOCOL_VERSION}; reload the page");
        var now = options.WallClock();
        var claims = tokens.Verify(message.Token, now, out var reason);
        if (claims is null) return Close(CloseCode.CLOSE_BAD_TOKEN, reason);
        if (claims.IssuedAt > now + options.ClockSkewMs) return Close(CloseCode.CLOSE_BAD_TOKEN, "token is issued in the future; reload the page");
        var pageId = claims.PageId.ToString();
        ConnectionId session;
        bool resumed = message.Credential.Length > 0;
        if (resumed)
        {
            var credential = tokens.Verify(message.Credential, now, out var why, TokenPurpose.Resume);
            if (credential is null) return Close(CloseCode.CLOSE_RESUME_REFUSED, "session credential refused: " + why);
            if (credential.Payload != pageId) return Close(CloseCode.CLOSE_RESUME_REFUSED, "session credential belongs to another page");
            session = credential.PageId;
        }
        else
        {
            // Without a credential this JOIN starts the page's one session: soon after the render, and only once.
            if (now - claims.IssuedAt > options.FirstJoinMaxAgeMs)
                return Close(CloseCode.CLOSE_BAD_TOKEN, "token is too old to start a session; reload the page");
            if (!spentPageTokens.TrySpend(claims.PageId, claims.IssuedAt + options.FirstJoinMaxAgeMs + options.ClockSkewMs, now))
                return Close(CloseCode.CLOSE_BAD_TOKEN, "token already started a session (a copied page or a replay); reload the page");
            session = ConnectionId.NewRandom();
        }
        connection.Joined = true;
        connection.Shown = prerenders.Take(claims.PageId, options.Clock());
        return new ReceiveResult(ReceiveKind.Join, claims.Payload, Fields:
        [
            new("session", session.ToString()),
            new("credential", tokens.Sign(session, now, pageId, TokenPurpose.Resume)),
            new("resumed", resumed ? "1" : "0"),
            new("applied", message.Applied.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("next", message.NextEvent.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
    }

    /// <summary>
    /// A render of a joined connection: the frame that brings its page from what it shows to this.
    /// A REPLY answers the client's oldest unanswered EVENT; a PUSH answers nothing (a timer, a broadcast).
    /// </summary>
    public byte[] Render(ConnectionId id, ReadOnlySpan<char> tree, bool push = false)
    {
        var connection = Joined(id);
        writer.Reset();
        writer.Byte(push ? FrameOp.FRAME_PUSH : FrameOp.FRAME_REPLY);
        WritePatch(connection, tree);
        return writer.ToArray();
    }

    /// <summary>
    /// The SESSION frame that answers a JOIN (or re-renders a lagging page whole): what became of the
    /// client's session, the number of the last frame it stands for (numbered frames that follow count
    /// on from it), how many of the client's events are answered up to that frame, the credential to
    /// resume with later, and, when <paramref name="withRender"/>, the patch to the page's render.
    /// </summary>
    public byte[] Session(ConnectionId id, byte mode, uint lastFrame, uint answered, string credential, ReadOnlySpan<char> tree, bool withRender)
    {
        var connection = Joined(id);
        writer.Reset();
        writer.Byte(FrameOp.FRAME_SESSION);
        writer.Byte(mode);
        writer.VarUInt(lastFrame);
        writer.VarUInt(answered);
        writer.String(credential);
        if (withRender) WritePatch(connection, tree);
        return writer.ToArray();
    }

    /// <summary>The socket of a joined connection dropped: keep it for <paramref name="retentionMs"/>, then let <see cref="Expired"/> report it.</summary>
    public void Detach(ConnectionId id, long retentionMs) => Connections.Get(id).Deadline = options.Clock() + retentionMs;

    /// <summary>Forgets what the client shows, so the next render replaces the page whole (after lost frames).</summary>
    public void Resync(ConnectionId id)
    {
        var connection = Connections.Get(id);
        (connection.Shown, connection.ShownTree) = (null, null);
    }

    /// <summary>Signs a session's checkpoint (its state as JSON), so that a store cannot hand back a forged or another session's state.</summary>
    public string SignCheckpoint(ConnectionId session, string data) => tokens.Sign(session, options.WallClock(), data, TokenPurpose.Checkpoint);

    /// <summary>The checkpoint's data if it is signed by this secret for <paramref name="session"/> and not too old.</summary>
    public string VerifyCheckpoint(ConnectionId session, string signed)
    {
        var claims = tokens.Verify(signed, options.WallClock(), out var reason, TokenPurpose.Checkpoint);
        if (claims is null) throw new LiveTsException(EngineErrorCodes.InvalidArgument, "checkpoint refused: " + reason);
        if (claims.PageId != session) throw new LiveTsException(EngineErrorCodes.InvalidArgument, "checkpoint refused: it belongs to another session");
        return claims.Payload;
    }

    private Connection Joined(ConnectionId id)
    {
        var connection = Connections.Get(id);
        if (!connection.Joined)
            throw new LiveTsException(EngineErrorCodes.InvalidArgument, $"connection {id} has not joined; render after its JOIN");
        return connection;
    }

    /// <summary>Writes the patch from what the connection shows to <paramref name="tree"/>, after the frame header already written.</summary>
    private void WritePatch(Connection connection, ReadOnlySpan<char> tree)
    {
        int header = writer.Written.Length;
        if (lastTransition.TryReuse(connection.ShownTree, tree, out var sharedTree, out var sharedRoot, out var sharedOps))
        {
            writer.Bytes(sharedOps);
            (connection.Shown, connection.ShownTree) = (sharedRoot, sharedTree);
            return;
        }
        var root = RenderTreeReader.ReadRoot(tree, Templates);
        var shown = connection.Shown;
        if (shown is { Kind: ValueKind.Instance } before && root.Kind == ValueKind.Instance &&
            ReferenceEquals(before.Instance.Template, root.Instance.Template))
            templateDiffer.Diff(before.Instance, root.Instance);
        else if (shown is { Kind: ValueKind.PlainHtml } plain && root.Kind == ValueKind.PlainHtml)
            htmlDiffer.Diff(plain.Fragment.Nodes, root.Fragment.Nodes);
        else
        {
            writer.Byte(PatchOp.PATCH_ROOT_HTML);
            writer.String(HtmlWriter.Write(root));
        }
        string? treeText = tree.Length <= LastTransition.MaxTreeChars ? new string(tree) : null;
        if (treeText is not null) lastTransition.Remember(connection.ShownTree, treeText, root, writer.Written[header..]);
        (connection.Shown, connection.ShownTree) = (root, treeText);
    }

    /// <summary>Unsafe URL attribute values replaced since the last call (<see cref="SafeUrls"/>), for the host's development warnings.</summary>
    public List<string> TakeBlockedUrls() => SafeUrls.TakeBlocked();

    public byte[] ErrorReply(byte code, string message)
    {
        var frame = new FrameWriter();
        frame.Byte(FrameOp.FRAME_ERROR);
        frame.Byte(code);
        frame.String(message);
        return frame.ToArray();
    }

    private static ReceiveResult Close(int code, string reason) => new(ReceiveKind.Close, reason, CloseCode: code);
}
