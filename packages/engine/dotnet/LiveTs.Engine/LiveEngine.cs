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
/// and runs the application's TypeScript. This class, and the few types its methods take and return
/// (<see cref="EngineOptions"/>, <see cref="ConnectionId"/>, <see cref="ReceiveResult"/>,
/// <see cref="LiveTsException"/>), are the assembly's whole public surface; everything behind it is
/// internal (the tests see it through InternalsVisibleTo).
/// </summary>
public sealed class LiveEngine
{
    private readonly EngineOptions options;
    private readonly SessionToken tokens;
    private readonly PrerenderCache prerenders;
    private readonly FrameWriter writer = new();
    private readonly ViewRenderer renderer;
    private readonly SpentPageTokens spentPageTokens = new();

    internal TemplateRegistry Templates { get; } = new();
    internal ConnectionRegistry Connections { get; } = new();
    internal TopicRegistry Topics { get; } = new();

    public LiveEngine(EngineOptions options)
    {
        if (options.Secret.Length < 16)
            throw new LiveTsException(EngineErrorCodes.InvalidArgument, "the signing secret must be at least 16 bytes");
        this.options = options;
        tokens = new SessionToken(options.Secret, options.TokenMaxAgeMs);
        prerenders = new PrerenderCache(options.PrerenderCapacity, options.PrerenderTimeToLiveMs);
        renderer = new ViewRenderer(writer, Templates);
    }

    public int CompileTemplate(IReadOnlyList<string> statics) => Templates.Compile(statics).Id;

    /// <summary>The directives of template <paramref name="id"/> as JSON, for the host to evaluate against the view's state at each render.</summary>
    public string TemplateDirectives(int id) => Directive.ListToJson(Templates.Get(id).Directives);

    /// <summary>Open connections (joined or not, detached ones within their retention window).</summary>
    public int ConnectionCount => Connections.Count;

    /// <summary>Templates compiled so far.</summary>
    public int TemplateCount => Templates.Count;

    /// <summary>
    /// Gives back to the OS, on a pool thread, what the short-lived allocations of page loads and joins
    /// left: the engine's free GC regions and the free pages of the process's C heap (glibc's
    /// malloc_trim, where there is one). The host calls it after a garbage collection that followed a
    /// burst of connections opening or closing (see NativeHeap).
    /// </summary>
    public void ReturnFreeNativeMemory() => NativeHeap.ReturnFreePages();

    /// <summary>The first, static render: its HTML, and a signed token that lets the live connection pick it up.</summary>
    public (string Html, string Token) Prerender(ReadOnlySpan<char> tree, string payload)
    {
        var components = new ShownComponents();
        var (root, html) = renderer.Prerender(tree, components);
        var pageId = ConnectionId.NewRandom();
        prerenders.Add(pageId, root, components, options.Clock());
        return (html, tokens.Sign(pageId, options.WallClock(), payload));
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
        ClientFrame message;
        try { message = ClientFrameDecoder.Decode(frame, connection.EventNames); }
        catch (ProtocolException e) { return Close(CloseCode.CLOSE_PROTOCOL_ERROR, "not a LiveTS frame: " + e.Message); }
        var now = options.Clock();
        // Upload chunks are paced by their acknowledgements (one in flight per file), not by the frame rate.
        var rate = message.Kind == ClientFrameKind.UploadChunk ? FrameRate.Verdict.Accept : connection.Rate.Take(now, options.FramesPerSecond, options.FrameBurst);
        if (rate == FrameRate.Verdict.Flooding)
            return Close(CloseCode.CLOSE_RATE_LIMITED, $"more than {options.FrameBurst} frames past the limit of {options.FramesPerSecond}/s (burst {options.FrameBurst})");
        // Only a joined connection, or its JOIN, buys time: an unjoined socket cannot stay open on heartbeats.
        if (connection.Joined || message.Kind == ClientFrameKind.Join) connection.Deadline = now + options.HeartbeatTimeoutMs;
        if (rate == FrameRate.Verdict.Refuse)
        {
            // Frames answered like an EVENT get their ERROR, so the page's count of what is in flight stays right.
            return message.Kind is ClientFrameKind.Event or ClientFrameKind.Navigate or ClientFrameKind.Upload && connection.Joined
                ? new ReceiveResult(ReceiveKind.ErrorReply, $"{Describe(message)} refused: over {options.FramesPerSecond} frames/s",
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
            case ClientFrameKind.Upload:
                return Upload(connection, message);
            case ClientFrameKind.Navigate:
                // Where the URL leads is the host's to find out (its routes and middleware): the engine only checks the frame.
                if (!connection.Joined) return Close(CloseCode.CLOSE_NOT_JOINED, "NAVIGATE before JOIN");
                return new ReceiveResult(ReceiveKind.Navigate, message.Url, Ack: message.Ack, Fields:
                [
                    new("mode", message.Mode.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new("history", message.History.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ]);
            case ClientFrameKind.UploadChunk:
                if (!connection.Joined) return Close(CloseCode.CLOSE_NOT_JOINED, "UPLOAD_CHUNK before JOIN");
                return new ReceiveResult(ReceiveKind.UploadChunk, message.Ref, message.Data, Ack: message.Ack,
                    Fields: [new("offset", message.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            default:
            {
                if (!connection.Joined) return Close(CloseCode.CLOSE_NOT_JOINED, "EVENT before JOIN");
                ComponentSlot? target = null;
                if (message.Target != 0 && (connection.Components is null || !connection.Components.TryGet((int)message.Target, out target) || !target.Rendered))
                    return new ReceiveResult(ReceiveKind.ErrorReply, $"event {ClientText.Quote(message.EventName)} for component {message.Target}, which the page does not show",
                        ErrorReply(ErrorCode.ERROR_UNKNOWN_TARGET, $"no component {message.Target} on the page (it was removed)"), Ack: message.Ack);
                // A component's event is usually declared in the component: looked up there first, not in the whole page.
                if (target is not null && EventDeclarations.Declares(target.Content, message.EventName))
                    return new ReceiveResult(ReceiveKind.Event, message.EventName, Fields: message.Fields, Ack: message.Ack, Target: message.Target);
                if (connection.Shown is not { } shown || !EventDeclarations.Declares(shown, message.EventName))
                    return new ReceiveResult(ReceiveKind.ErrorReply, $"unknown event {ClientText.Quote(message.EventName)}: {Undeclared(message.EventName)}",
                        ErrorReply(ErrorCode.ERROR_UNKNOWN_EVENT, $"unknown event {ClientText.Quote(message.EventName)}"), Ack: message.Ack);
                return new ReceiveResult(ReceiveKind.Event, message.EventName, Fields: message.Fields, Ack: message.Ack, Target: message.Target);
            }
        }
    }

    /// <summary>
    /// Files announced for an upload. The page must declare the upload (<c>ts-upload="name"</c>), as it
    /// must declare an event; the view's own limits (allowUpload) are the host's to check.
    /// </summary>
    private static ReceiveResult Upload(Connection connection, ClientFrame message)
    {
        if (!connection.Joined) return Close(CloseCode.CLOSE_NOT_JOINED, "UPLOAD before JOIN");
        var declared = EventName.EVENT_UPLOAD_PREFIX + ":" + message.UploadName;
        if (connection.Shown is not { } shown || !EventDeclarations.Declares(shown, declared))
            return new ReceiveResult(ReceiveKind.ErrorReply, $"unknown upload '{message.UploadName}': no ts-upload on the page names it",
                ErrorReplyFrame(ErrorCode.ERROR_UNKNOWN_EVENT, $"unknown upload '{message.UploadName}'"), Ack: message.Ack);
        var fields = new KeyValuePair<string, string>[message.Entries.Count * 4];
        for (int i = 0; i < message.Entries.Count; i++)
        {
            var entry = message.Entries[i];
            fields[i * 4] = new("ref", entry.Ref);
            fields[i * 4 + 1] = new("name", entry.Name);
            fields[i * 4 + 2] = new("size", entry.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
            fields[i * 4 + 3] = new("type", entry.Type);
        }
        return new ReceiveResult(ReceiveKind.Upload, message.UploadName, Fields: fields, Ack: message.Ack);
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
        connection.Shown = prerenders.Take(claims.PageId, options.Clock(), out var components);
        connection.Components = components;
        return new ReceiveResult(ReceiveKind.Join, claims.Payload, Fields:
        [
            new("session", session.ToString()),
            new("credential", tokens.Sign(session, now, pageId, TokenPurpose.Resume)),
            new("resumed", resumed ? "1" : "0"),
            new("applied", message.Applied.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("next", message.NextEvent.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("page", pageId),
        ]);
    }

    /// <summary>
    /// A render of a joined connection: the frame that brings its page from what it shows to this.
    /// A REPLY answers the client's oldest unanswered EVENT; a PUSH answers nothing (a timer, a broadcast).
    /// </summary>
    public byte[] Render(ConnectionId id, ReadOnlySpan<char> tree, bool push = false, int component = 0)
    {
        var connection = Joined(id);
        writer.Reset();
        writer.Byte(push ? FrameOp.FRAME_PUSH : FrameOp.FRAME_REPLY);
        if (component == 0) WritePatch(connection, tree);
        else
        {
            // A component's own render: only it (and what it holds) is read and diffed (docs/components.md).
            var components = connection.Components;
            if (components is null || !components.TryGet(component, out var slot) || !slot.Rendered)
                throw new LiveTsException(EngineErrorCodes.InvalidArgument, $"component {component} is not on the page of connection {id}; render the view instead");
            renderer.RenderComponent(slot, tree, components);
        }
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
        connection.Shown = null;
        connection.Components = null;
    }

    /// <summary>How many items the list the JS side stamped <paramref name="stamp"/> has, or -1 when a render may no longer refer to it (docs/architecture.md, "Renders").</summary>
    public int StampedItems(uint stamp) => renderer.Stamped.Count(stamp);

    /// <summary>A component left the page (the host unmounted it): events for its number are refused from now on.</summary>
    public void ForgetComponent(ConnectionId id, int component) => Connections.Get(id).Components?.Forget(component);

    /// <summary>
    /// Seals a session's checkpoint, given its data's digest, so that a store cannot hand back a forged
    /// or another session's state. The seal carries neither (the store keeps the checkpoint under its
    /// session and the data after the seal): see SessionToken.SignSeal.
    /// </summary>
    public string SignCheckpoint(ConnectionId session, string digest) => tokens.SignSeal(session, options.WallClock(), digest, TokenPurpose.Checkpoint);

    /// <summary>
    /// Throws, saying why, unless <paramref name="signed"/> seals the data of digest <paramref name="digest"/>
    /// for <paramref name="session"/> with this secret and is not too old. Also takes the v2 tokens
    /// that carried the digest (written before seals, 2026-11-30), which stores may still hold.
    /// </summary>
    public void VerifyCheckpoint(ConnectionId session, string signed, string digest)
    {
        string reason;
        if (SessionToken.IsSeal(signed))
        {
            if (!tokens.VerifySeal(signed, session, digest, options.WallClock(), out reason, TokenPurpose.Checkpoint))
                throw new LiveTsException(EngineErrorCodes.InvalidArgument, "checkpoint refused: " + reason);
            return;
        }
        var claims = tokens.Verify(signed, options.WallClock(), out reason, TokenPurpose.Checkpoint);
        if (claims is null) throw new LiveTsException(EngineErrorCodes.InvalidArgument, "checkpoint refused: " + reason);
        if (claims.PageId != session) throw new LiveTsException(EngineErrorCodes.InvalidArgument, "checkpoint refused: it belongs to another session");
        if (!SessionToken.SamePayload(claims.Payload, digest))
            throw new LiveTsException(EngineErrorCodes.InvalidArgument, "checkpoint refused: its data is not the data that was signed");
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
        var components = ComponentsOf(connection);
        connection.Shown = renderer.Render(connection.Shown ?? RenderValue.Nothing, tree, components);
        KeepComponents(connection, components);
    }

    /// <summary>
    /// A connection without components reads with a spare set, which becomes its own once a render
    /// places one: a page without components keeps no set at all (docs/architecture.md, "Memory per connection").
    /// </summary>
    private ShownComponents ComponentsOf(Connection connection) => connection.Components ?? (spareComponents ??= new ShownComponents());

    private void KeepComponents(Connection connection, ShownComponents components)
    {
        if (connection.Components is not null || components.Count == 0) return;
        connection.Components = components;
        spareComponents = null;
    }

    private ShownComponents? spareComponents;

    /// <summary>Unsafe URL attribute values replaced since the last call (<see cref="SafeUrls"/>), for the host's development warnings.</summary>
    public List<string> TakeBlockedUrls() => SafeUrls.TakeBlocked();

    public byte[] ErrorReply(byte code, string message) => ErrorReplyFrame(code, message);

    private static byte[] ErrorReplyFrame(byte code, string message)
    {
        var frame = new FrameWriter();
        frame.Byte(FrameOp.FRAME_ERROR);
        frame.Byte(code);
        frame.String(message);
        return frame.ToArray();
    }

    /// <summary>The UPLOAD_ACK for entry <paramref name="reference"/>: a status (UPLOAD_*), the bytes the server has, and how many to send next.</summary>
    public static byte[] UploadAck(string reference, byte status, uint received, uint next)
    {
        var frame = new FrameWriter();
        frame.Byte(FrameOp.FRAME_UPLOAD_ACK);
        frame.String(reference);
        frame.Byte(status);
        frame.VarUInt(received);
        frame.VarUInt(next);
        return frame.ToArray();
    }

    /// <summary>Signs flash messages (JSON) for a cookie that carries them to the next page load.</summary>
    public string SignFlash(string data) => tokens.Sign(default, options.WallClock(), data, TokenPurpose.Flash);

    /// <summary>The flash messages of a cookie signed by this secret, or null when it is forged, too old or not a flash cookie.</summary>
    public string? VerifyFlash(string signed) => tokens.Verify(signed, options.WallClock(), out _, TokenPurpose.Flash)?.Payload;

    /// <summary>What a page lacks for an event it sent: a hook's pushEvent is declared by ts-hook-events, the others by ts-on:* (or ts-js, ts-form…).</summary>
    private static string Undeclared(string name) => name.StartsWith(EventName.EVENT_HOOK_PREFIX + ":", StringComparison.Ordinal)
        ? $"no {Vocabulary.DIRECTIVE_HOOK_EVENTS} on the page names '{name[(EventName.EVENT_HOOK_PREFIX.Length + 1)..]}' (a hook may call only the handlers its element declares)"
        : "no ts-on:* on the page names it";

    private static string Describe(ClientFrame message) => message.Kind switch
    {
        ClientFrameKind.Navigate => $"navigation to {ClientText.Quote(message.Url)}",
        ClientFrameKind.Upload => $"upload {ClientText.Quote(message.UploadName)}",
        _ => $"event {ClientText.Quote(message.EventName)}",
    };

    private static ReceiveResult Close(int code, string reason) => new(ReceiveKind.Close, reason, CloseCode: code);
}
