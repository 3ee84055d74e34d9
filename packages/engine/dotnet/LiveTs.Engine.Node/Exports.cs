using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using LiveTs.Engine.Sessions;

namespace LiveTs.Engine.Node;

/// <summary>
/// The addon's entry points. Each converts its arguments, calls <see cref="LiveEngine"/>, converts
/// the result, and catches every exception: a .NET exception reaching Node would end the process,
/// so it becomes a JS Error with a <c>code</c> instead.
/// </summary>
internal static unsafe class Exports
{
    private static LiveEngine? engine;

    private static LiveEngine Engine => engine ??= new LiveEngine(new EngineOptions { Secret = RandomNumberGenerator.GetBytes(32) });

    [UnmanagedCallersOnly(EntryPoint = "napi_register_module_v1", CallConvs = [typeof(CallConvCdecl)])]
    public static nint Register(nint env, nint exports)
    {
        try
        {
            if (!NodeApi.Resolve()) return exports; // not a Node-API host; nothing we can report through
            Define(env, exports, "configure", &Configure);
            Define(env, exports, "compileTemplate", &CompileTemplate);
            Define(env, exports, "templateDirectives", &TemplateDirectives);
            Define(env, exports, "prerender", &Prerender);
            Define(env, exports, "open", &Open);
            Define(env, exports, "receive", &Receive);
            Define(env, exports, "render", &Render);
            Define(env, exports, "push", &Push);
            Define(env, exports, "session", &Session);
            Define(env, exports, "detach", &Detach);
            Define(env, exports, "resync", &Resync);
            Define(env, exports, "forgetComponent", &ForgetComponent);
            Define(env, exports, "stampedItems", &StampedItems);
            Define(env, exports, "signCheckpoint", &SignCheckpoint);
            Define(env, exports, "verifyCheckpoint", &VerifyCheckpoint);
            Define(env, exports, "errorReply", &ErrorReply);
            Define(env, exports, "close", &Close);
            Define(env, exports, "expired", &Expired);
            Define(env, exports, "subscribe", &Subscribe);
            Define(env, exports, "unsubscribe", &Unsubscribe);
            Define(env, exports, "subscribers", &Subscribers);
            Define(env, exports, "stats", &Stats);
            Define(env, exports, "returnFreeNativeMemory", &ReturnFreeNativeMemory);
            Define(env, exports, "takeBlockedUrls", &TakeBlockedUrls);
            Define(env, exports, "uploadAck", &UploadAck);
            Define(env, exports, "signFlash", &SignFlash);
            Define(env, exports, "verifyFlash", &VerifyFlash);
        }
        catch (Exception e)
        {
            JsCall.ThrowJsError(env, EngineErrorCodes.Internal, "LiveTS engine failed to load: " + e.Message);
        }
        return exports;
    }

    private static void Define(nint env, nint exports, string name, delegate* unmanaged[Cdecl]<nint, nint, nint> callback)
    {
        var utf8 = Encoding.UTF8.GetBytes(name + "\0");
        nint function;
        fixed (byte* n = utf8)
        {
            JsCall.Check(NodeApi.CreateFunction(env, n, (nuint)name.Length, callback, 0, &function), "napi_create_function");
            JsCall.Check(NodeApi.SetNamedProperty(env, exports, n, function), "napi_set_named_property");
        }
    }

    /// <summary>Runs one entry point's body and turns any exception into a thrown JS Error.</summary>
    private static nint Guard(nint env, nint info, Func<JsCall, nint> body)
    {
        try
        {
            return body(new JsCall(env, info));
        }
        catch (LiveTsException e) { JsCall.ThrowJsError(env, e.Code, e.Message); }
        catch (ArgumentException e) { JsCall.ThrowJsError(env, EngineErrorCodes.InvalidArgument, e.Message); }
        catch (Exception e) { JsCall.ThrowJsError(env, EngineErrorCodes.Internal, $"{e.GetType().Name}: {e.Message}"); }
        return 0;
    }

    // configure(secret: string, maxFrameBytes: number, heartbeatTimeoutMs: number, framesPerSecond?: number, frameBurst?: number, joinTimeoutMs?: number): replaces the engine.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Configure(nint env, nint info) => Guard(env, info, call =>
    {
        var secret = call.String(0, "secret");
        engine = new LiveEngine(new EngineOptions
        {
            Secret = Encoding.UTF8.GetBytes(secret),
            MaxFrameBytes = PositiveInt(call.Number(1, "maxFrameBytes"), "maxFrameBytes"),
            HeartbeatTimeoutMs = PositiveInt(call.Number(2, "heartbeatTimeoutMs"), "heartbeatTimeoutMs"),
            FramesPerSecond = call.IsNullOrUndefined(3) ? 100 : PositiveInt(call.Number(3, "framesPerSecond"), "framesPerSecond"),
            FrameBurst = call.IsNullOrUndefined(4) ? 500 : PositiveInt(call.Number(4, "frameBurst"), "frameBurst"),
            JoinTimeoutMs = call.IsNullOrUndefined(5) ? 10_000 : PositiveInt(call.Number(5, "joinTimeoutMs"), "joinTimeoutMs"),
        });
        return call.Undefined();
    });

    // compileTemplate(statics: string[]): number
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint CompileTemplate(nint env, nint info) => Guard(env, info, call =>
        call.NewNumber(Engine.CompileTemplate(call.StringArray(0, "statics"))));

    // templateDirectives(id: number): JSON of the template's directives, evaluated by the host per render
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint TemplateDirectives(nint env, nint info) => Guard(env, info, call =>
    {
        var id = call.Number(0, "id");
        if (id < 0 || id != Math.Floor(id) || id > int.MaxValue) throw new ArgumentException("id must be a template id");
        return call.NewString(Engine.TemplateDirectives((int)id));
    });

    // prerender(tree: string | Uint16Array, payload: string): [html, token]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Prerender(nint env, nint info) => Guard(env, info, call =>
    {
        var payload = call.String(1, "payload"); // first: a string tree is read into the buffer the payload would overwrite
        var (html, token) = Engine.Prerender(call.Chars(0, "tree"), payload);
        var result = call.NewArray(2);
        call.SetElement(result, 0, call.NewString(html));
        call.SetElement(result, 1, call.NewString(token));
        return result;
    });

    // open(): connection id
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Open(nint env, nint info) => Guard(env, info, call =>
        call.NewString(Engine.Open().ToString()));

    // receive(connection: string, frame: Uint8Array): [kind, text, bytes|null, closeCode, ack, target, ...fieldPairs]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Receive(nint env, nint info) => Guard(env, info, call =>
    {
        var id = ConnectionId.Parse(call.String(0, "connection"));
        var result = Engine.Receive(id, call.Bytes(1, "frame"));
        var fields = result.Fields ?? [];
        var array = call.NewArray(6 + fields.Count * 2);
        call.SetElement(array, 0, call.NewNumber((int)result.Kind));
        call.SetElement(array, 1, call.NewString(result.Text));
        call.SetElement(array, 2, result.Bytes is null ? call.Null() : call.NewBuffer(result.Bytes));
        call.SetElement(array, 3, call.NewNumber(result.CloseCode));
        call.SetElement(array, 4, call.NewNumber(result.Ack));
        call.SetElement(array, 5, call.NewNumber(result.Target));
        for (int i = 0; i < fields.Count; i++)
        {
            call.SetElement(array, 6 + i * 2, call.NewString(fields[i].Key));
            call.SetElement(array, 7 + i * 2, call.NewString(fields[i].Value));
        }
        return array;
    });

    // render(connection: string, tree: string | Uint16Array, component?: number): Buffer (a REPLY frame; of one component's render when given)
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Render(nint env, nint info) => Guard(env, info, call =>
    {
        var id = ConnectionId.Parse(call.String(0, "connection"));
        var component = ComponentArg(call, 2);
        return call.NewBuffer(Engine.Render(id, call.Chars(1, "tree"), component: component));
    });

    // push(connection: string, tree: string | Uint16Array, component?: number): Buffer (a PUSH frame)
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Push(nint env, nint info) => Guard(env, info, call =>
    {
        var id = ConnectionId.Parse(call.String(0, "connection"));
        var component = ComponentArg(call, 2);
        return call.NewBuffer(Engine.Render(id, call.Chars(1, "tree"), push: true, component: component));
    });

    private static int ComponentArg(JsCall call, int index) => call.IsNullOrUndefined(index) ? 0 : PositiveInt(call.Number(index, "component"), "component");

    // stampedItems(stamp: number): number (the item count of the stamped list, -1 when not kept)
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint StampedItems(nint env, nint info) => Guard(env, info, call =>
        call.NewNumber(Engine.StampedItems((uint)PositiveInt(call.Number(0, "stamp"), "stamp"))));

    // forgetComponent(connection: string, component: number): the component left the page
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint ForgetComponent(nint env, nint info) => Guard(env, info, call =>
    {
        Engine.ForgetComponent(ConnectionId.Parse(call.String(0, "connection")), PositiveInt(call.Number(1, "component"), "component"));
        return call.Undefined();
    });

    // session(connection: string, mode: number, lastFrame: number, answered: number, credential: string, tree: string | null): Buffer (a SESSION frame)
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Session(nint env, nint info) => Guard(env, info, call =>
    {
        var id = ConnectionId.Parse(call.String(0, "connection"));
        var mode = call.Number(1, "mode");
        if (mode is < 0 or > 255 || mode != Math.Floor(mode)) throw new ArgumentException("mode must be a byte (0-255)");
        var lastFrame = Count(call.Number(2, "lastFrame"), "lastFrame");
        var answered = Count(call.Number(3, "answered"), "answered");
        var credential = call.String(4, "credential");
        bool withRender = !call.IsNullOrUndefined(5);
        return call.NewBuffer(Engine.Session(id, (byte)mode, lastFrame, answered, credential, withRender ? call.Chars(5, "tree") : default, withRender));
    });

    // detach(connection: string, retentionMs: number): the socket dropped; expire the connection after the retention window
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Detach(nint env, nint info) => Guard(env, info, call =>
    {
        Engine.Detach(ConnectionId.Parse(call.String(0, "connection")), PositiveInt(call.Number(1, "retentionMs"), "retentionMs"));
        return call.Undefined();
    });

    // resync(connection: string): the next render replaces the page whole
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Resync(nint env, nint info) => Guard(env, info, call =>
    {
        Engine.Resync(ConnectionId.Parse(call.String(0, "connection")));
        return call.Undefined();
    });

    // signCheckpoint(session: string, digest: string): string (the seal)
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint SignCheckpoint(nint env, nint info) => Guard(env, info, call =>
        call.NewString(Engine.SignCheckpoint(ConnectionId.Parse(call.String(0, "session")), call.String(1, "digest"))));

    // verifyCheckpoint(session: string, signed: string, digest: string): undefined, or a thrown LIVETS_INVALID_ARGUMENT saying why not
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint VerifyCheckpoint(nint env, nint info) => Guard(env, info, call =>
    {
        Engine.VerifyCheckpoint(ConnectionId.Parse(call.String(0, "session")), call.String(1, "signed"), call.String(2, "digest"));
        return call.Undefined();
    });

    // errorReply(code: number, message: string): Buffer (an ERROR frame)
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint ErrorReply(nint env, nint info) => Guard(env, info, call =>
    {
        var code = call.Number(0, "code");
        if (code is < 0 or > 255 || code != Math.Floor(code)) throw new ArgumentException("code must be a byte (0-255)");
        return call.NewBuffer(Engine.ErrorReply((byte)code, call.String(1, "message")));
    });

    // close(connection: string): forgets the connection
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Close(nint env, nint info) => Guard(env, info, call =>
    {
        Engine.Close(ConnectionId.Parse(call.String(0, "connection")));
        return call.Undefined();
    });

    // expired(): ids of connections past their heartbeat deadline
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Expired(nint env, nint info) => Guard(env, info, call => IdArray(call, Engine.Expired()));

    // subscribe(connection: string, topic: string)
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Subscribe(nint env, nint info) => Guard(env, info, call =>
    {
        Engine.Subscribe(ConnectionId.Parse(call.String(0, "connection")), call.String(1, "topic"));
        return call.Undefined();
    });

    // unsubscribe(connection: string, topic: string)
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Unsubscribe(nint env, nint info) => Guard(env, info, call =>
    {
        Engine.Unsubscribe(ConnectionId.Parse(call.String(0, "connection")), call.String(1, "topic"));
        return call.Undefined();
    });

    // subscribers(topic: string): ids of the connections subscribed to it
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Subscribers(nint env, nint info) => Guard(env, info, call =>
        IdArray(call, Engine.Subscribers(call.String(0, "topic"))));

    private static nint IdArray(JsCall call, IReadOnlyCollection<ConnectionId> ids)
    {
        var array = call.NewArray(ids.Count);
        int i = 0;
        foreach (var id in ids) call.SetElement(array, i++, call.NewString(id.ToString()));
        return array;
    }

    // stats(collect?: number): [open connections, compiled templates, managed heap bytes]; collect=1 runs a full GC first
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Stats(nint env, nint info) => Guard(env, info, call =>
    {
        if (call.ArgCount > 0 && call.Number(0, "collect") == 1)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        var array = call.NewArray(3);
        call.SetElement(array, 0, call.NewNumber(Engine.ConnectionCount));
        call.SetElement(array, 1, call.NewNumber(Engine.TemplateCount));
        call.SetElement(array, 2, call.NewNumber(GC.GetGCMemoryInfo().HeapSizeBytes));
        return array;
    });

    // returnFreeNativeMemory(): starts giving free GC regions and C heap pages back to the OS
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint ReturnFreeNativeMemory(nint env, nint info) => Guard(env, info, call =>
    {
        Engine.ReturnFreeNativeMemory();
        return call.Undefined();
    });

    private static uint Count(double value, string name) =>
        value >= 0 && value <= uint.MaxValue && value == Math.Floor(value) ? (uint)value
            : throw new ArgumentException($"{name} must be a whole number ≥ 0");

    // takeBlockedUrls(): the unsafe URL attribute values replaced since the last call, for development warnings
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint TakeBlockedUrls(nint env, nint info) => Guard(env, info, call =>
    {
        var blocked = Engine.TakeBlockedUrls();
        var array = call.NewArray(blocked.Count);
        for (int i = 0; i < blocked.Count; i++) call.SetElement(array, i, call.NewString(blocked[i]));
        return array;
    });
    // uploadAck(ref: string, status: number, received: number, next: number): Buffer (an UPLOAD_ACK frame)
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint UploadAck(nint env, nint info) => Guard(env, info, call =>
        call.NewBuffer(LiveEngine.UploadAck(call.String(0, "ref"), Byte(call.Number(1, "status"), "status"), Count(call.Number(2, "received"), "received"), Count(call.Number(3, "next"), "next"))));

    // signFlash(data: string): string
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint SignFlash(nint env, nint info) => Guard(env, info, call => call.NewString(Engine.SignFlash(call.String(0, "data"))));

    // verifyFlash(signed: string): the data, or null when the signature does not hold
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint VerifyFlash(nint env, nint info) => Guard(env, info, call =>
        Engine.VerifyFlash(call.String(0, "signed")) is { } data ? call.NewString(data) : call.Null());

    private static byte Byte(double value, string name) =>
        value is >= 0 and <= 255 && value == Math.Floor(value) ? (byte)value : throw new ArgumentException($"{name} must be a byte (0-255)");

    private static int PositiveInt(double value, string name) =>
        value >= 1 && value <= int.MaxValue && value == Math.Floor(value) ? (int)value
            : throw new ArgumentException($"{name} must be a positive whole number");
}
