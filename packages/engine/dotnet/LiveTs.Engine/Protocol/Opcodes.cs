namespace LiveTs.Engine.Protocol;

// The wire protocol's numbers. docs/protocol.md describes them; packages/client/src/protocol.ts
// holds the same names with the same values, and protocol/test-vectors.json is checked by both.

/// <summary>Protocol version carried in every JOIN frame.</summary>
internal static class ProtocolVersion
{
    public const byte PROTOCOL_VERSION = 3;
}

/// <summary>First byte of every frame.</summary>
internal static class FrameOp
{
    // client → server
    public const byte FRAME_JOIN = 0x01;
    public const byte FRAME_EVENT = 0x02;
    public const byte FRAME_HEARTBEAT = 0x03;
    public const byte FRAME_ACK = 0x04;
    /// <summary>Announces the files picked in a <c>ts-upload</c> input; answered like an EVENT (docs/protocol.md, "Uploads").</summary>
    public const byte FRAME_UPLOAD = 0x05;
    /// <summary>Bytes of one announced file; answered by one UPLOAD_ACK, not numbered.</summary>
    public const byte FRAME_UPLOAD_CHUNK = 0x06;
    // server → client
    public const byte FRAME_REPLY = 0x81;
    public const byte FRAME_ERROR = 0x82;
    public const byte FRAME_HEARTBEAT_ACK = 0x83;
    public const byte FRAME_PUSH = 0x84;
    public const byte FRAME_SESSION = 0x85;
    /// <summary>Answers one UPLOAD_CHUNK (or starts an entry): what the server has of it and whether to go on. Not numbered.</summary>
    public const byte FRAME_UPLOAD_ACK = 0x86;
    /// <summary>Client → server: go to a URL of this app over the live connection (ts-patch, ts-navigate, back and forward); answered like an EVENT (docs/navigation.md).</summary>
    public const byte FRAME_NAVIGATE = 0x07;
    /// <summary>A REPLY whose handler returned data (a hook's pushEvent): the data as JSON, then patch operations. Numbered; answers the oldest EVENT.</summary>
    public const byte FRAME_REPLY_DATA = 0x87;
    /// <summary>Where the page is now: the history step to take, what happened (patched, mounted, or a page load), the URL. Numbered.</summary>
    public const byte FRAME_LOCATION = 0x88;
    /// <summary>The page's title changed (<c>live(View, { title })</c>). Numbered.</summary>
    public const byte FRAME_TITLE = 0x89;
    /// <summary>Client commands to run (the ts-js grammar, docs/client.md), sent by the view's <c>this.exec(...)</c>. Numbered.</summary>
    public const byte FRAME_EXEC = 0x8A;
    /// <summary>An event for the page's hooks (<c>this.pushEvent(name, payload)</c> on the view): name, then payload as JSON. Numbered.</summary>
    public const byte FRAME_HOOK_EVENT = 0x8B;
}

/// <summary>What an UPLOAD_ACK tells the client to do with an entry (docs/protocol.md, "Uploads").</summary>
internal static class UploadStatus
{
    /// <summary>Send the next chunk: <c>next</c> bytes from offset <c>received</c>.</summary>
    public const byte UPLOAD_CONTINUE = 0;
    /// <summary>Every announced byte arrived.</summary>
    public const byte UPLOAD_COMPLETE = 1;
    /// <summary>Stop: the entry was cancelled, refused by the view's limits, or sent bytes it did not announce.</summary>
    public const byte UPLOAD_STOPPED = 2;
    /// <summary>Stop: this connection has no such entry (never announced, another connection's, or the view mounted afresh).</summary>
    public const byte UPLOAD_UNKNOWN = 3;
}

/// <summary>
/// What a SESSION frame (the answer to a JOIN) says the server did with the client's session
/// (docs/protocol.md, "Sessions and resume").
/// </summary>
internal static class SessionMode
{
    /// <summary>A view was mounted afresh; the frame's patch brings the page to its first render.</summary>
    public const byte SESSION_FRESH = 0;
    /// <summary>The same view instance goes on; the frames the client missed follow, in order.</summary>
    public const byte SESSION_RESUMED = 1;
    /// <summary>The view was mounted again with its state restored from a checkpoint; the patch shows it.</summary>
    public const byte SESSION_RESTORED = 2;
    /// <summary>The same view instance goes on, but the missed frames were not all kept: the patch re-renders it whole.</summary>
    public const byte SESSION_RESYNCED = 3;
}

/// <summary>Operations inside a REPLY frame, applied by the client in order.</summary>
internal static class PatchOp
{
    // template views: parts are addressed by index within the current template instance
    public const byte PATCH_SET_TEXT = 0x01;
    public const byte PATCH_SET_HTML = 0x02;
    public const byte PATCH_SET_ATTR = 0x03;
    public const byte PATCH_REMOVE_ATTR = 0x04;
    public const byte PATCH_ENTER = 0x05;
    public const byte PATCH_LEAVE = 0x06;
    public const byte PATCH_ROOT_HTML = 0x07;
    public const byte PATCH_ENTER_ITEM = 0x08;
    public const byte PATCH_LIST_INSERT = 0x09;
    public const byte PATCH_LIST_REMOVE = 0x0A;
    public const byte PATCH_LIST_MOVE = 0x0B;
    // plain-string views: nodes are addressed by child-index paths from the root element
    public const byte PATCH_NODE_REPLACE = 0x10;
    public const byte PATCH_NODE_TEXT = 0x11;
    public const byte PATCH_NODE_SET_ATTR = 0x12;
    public const byte PATCH_NODE_REMOVE_ATTR = 0x13;
    public const byte PATCH_NODE_INSERT = 0x14;
    public const byte PATCH_NODE_REMOVE = 0x15;
    public const byte PATCH_NODE_MOVE = 0x16;
    // components and streams (docs/components.md)
    /// <summary><c>varuint</c> component id: the following ops address that component's instance, wherever it is on the page.</summary>
    public const byte PATCH_ENTER_COMPONENT = 0x17;
    /// <summary><c>varuint</c> component id, <c>string</c> html: the component's markup is replaced (its render is another template).</summary>
    public const byte PATCH_REPLACE_COMPONENT = 0x18;
    /// <summary><c>varuint</c> part, <c>string</c> key, <c>varuint</c> at + 1 (0: the end), <c>varuint</c> limit (0: none), <c>string</c> html.</summary>
    public const byte PATCH_STREAM_INSERT = 0x19;
    /// <summary><c>varuint</c> part, <c>string</c> key: the stream item with that key leaves.</summary>
    public const byte PATCH_STREAM_DELETE = 0x1A;
    /// <summary><c>varuint</c> part: every item of the stream leaves.</summary>
    public const byte PATCH_STREAM_RESET = 0x1B;
}

/// <summary>The code byte of an ERROR frame: the event failed, the connection lives on.</summary>
internal static class ErrorCode
{
    public const byte ERROR_UNKNOWN_EVENT = 0x01;
    public const byte ERROR_HANDLER_FAILED = 0x02;
    public const byte ERROR_BAD_PAYLOAD = 0x03;
    public const byte ERROR_RATE_LIMITED = 0x04;
    /// <summary>The EVENT's target names a component the page does not show (any more).</summary>
    public const byte ERROR_UNKNOWN_TARGET = 0x05;
}

/// <summary>WebSocket close codes the server uses when a connection cannot go on.</summary>
internal static class CloseCode
{
    public const int CLOSE_NORMAL = 1000;
    public const int CLOSE_GOING_AWAY = 1001;
    /// <summary>Not sent by anyone: what a socket reports when the link broke without a close frame.</summary>
    public const int CLOSE_ABNORMAL = 1006;
    public const int CLOSE_FRAME_TOO_LARGE = 1009;
    public const int CLOSE_SERVICE_RESTART = 1012;
    public const int CLOSE_PROTOCOL_ERROR = 4400;
    public const int CLOSE_BAD_TOKEN = 4401;
    public const int CLOSE_UNKNOWN_VIEW = 4404;
    public const int CLOSE_HEARTBEAT_TIMEOUT = 4408;
    public const int CLOSE_NOT_JOINED = 4409;
    public const int CLOSE_RESUME_REFUSED = 4410;
    public const int CLOSE_VERSION_MISMATCH = 4426;
    public const int CLOSE_RATE_LIMITED = 4429;
    public const int CLOSE_TOO_SLOW = 4412;
    public const int CLOSE_MOUNT_FAILED = 4500;
}

/// <summary>Event names with a meaning of their own.</summary>
internal static class EventName
{
    /// <summary>
    /// A ts-model field's EVENT is named after its binding: this prefix and its modifiers, ':', the
    /// state path (<c>ts-model.number:form.age</c>). It is also the directive's attribute name.
    /// </summary>
    public const string EVENT_MODEL_PREFIX = "ts-model";
    /// <summary>
    /// A <c>ts-form="name"</c> form's changes (and its recovery after a reconnect) travel as an EVENT
    /// named this prefix, ':', the form's name (<c>ts-form:contact</c>). It is also the attribute name.
    /// </summary>
    public const string EVENT_FORM_PREFIX = "ts-form";
    /// <summary>
    /// A <c>ts-upload="name"</c> input declares the upload <c>ts-upload:name</c>: an UPLOAD frame for a
    /// name no template on the page declares is refused like an unknown event. Also the attribute name.
    /// </summary>
    public const string EVENT_UPLOAD_PREFIX = "ts-upload";
    /// <summary>
    /// An EVENT names its handler by index into the link's table of event names (docs/protocol.md,
    /// "Event names"): the table holds at most this many names; a name sent when it is full takes no index.
    /// </summary>
    public const int EVENT_NAMES_MAX = 256;
    /// <summary>A name longer than this many UTF-8 bytes never takes an index: it is sent in full every time.</summary>
    public const int EVENT_NAME_INDEXED_BYTES = 128;
    /// <summary>
    /// A hook's <c>pushEvent('zoom', …)</c> travels as an EVENT named this prefix, ':', the name
    /// (<c>ts-hook:zoom</c>); <c>ts-hook-events="zoom pan"</c> on the hook's element declares them. Also the attribute name (<c>ts-hook="Chart"</c>).
    /// </summary>
    public const string EVENT_HOOK_PREFIX = "ts-hook";
}

/// <summary>What a NAVIGATE frame asks for (docs/navigation.md).</summary>
internal static class NavigateMode
{
    /// <summary>The same view takes the new URL's params (<c>handleParams</c>) when the URL routes to it; another view is mounted otherwise.</summary>
    public const byte NAVIGATE_PATCH = 0;
    /// <summary>The view the URL routes to is mounted afresh, over the same socket.</summary>
    public const byte NAVIGATE_MOUNT = 1;
}

/// <summary>The history step a NAVIGATE asks for and a LOCATION frame tells the page to take.</summary>
internal static class HistoryStep
{
    /// <summary>A new history entry (a link, pushPatch, navigate).</summary>
    public const byte HISTORY_PUSH = 0;
    /// <summary>The current entry is replaced (<c>.replace</c>, <c>{ replace: true }</c>).</summary>
    public const byte HISTORY_REPLACE = 1;
    /// <summary>History stays (the back and forward buttons: the browser already moved).</summary>
    public const byte HISTORY_KEEP = 2;
}

/// <summary>What a LOCATION frame says became of the page.</summary>
internal static class LocationKind
{
    /// <summary>The same view took the URL's params; its render follows.</summary>
    public const byte LOCATION_PATCHED = 0;
    /// <summary>Another view (or a fresh one) was mounted for the URL; its whole render follows.</summary>
    public const byte LOCATION_MOUNTED = 1;
    /// <summary>The page loads the URL in full (a redirect, or a URL no live route serves); the frame's flash goes into the flash cookie first.</summary>
    public const byte LOCATION_LOAD = 2;
}

/// <summary>Event fields with a meaning of their own outside forms.</summary>
internal static class EventField
{
    /// <summary>A hook's pushEvent: its payload, as JSON, in this one field (docs/client.md).</summary>
    public const string FIELD_JSON = "_json";
}

/// <summary>Event fields with a meaning of their own in a <c>ts-form</c> form's events.</summary>
internal static class FormField
{
    /// <summary>The name of the field whose input or change sent the event.</summary>
    public const string FIELD_TARGET = "_target";
    /// <summary>In a recovery: one per field the user had used before the reconnect.</summary>
    public const string FIELD_USED = "_used";
}

/// <summary>Where the framework serves the live socket and the client script (the host serves both; the names live here with the rest of the vocabulary).</summary>
internal static class Paths
{
    public const string SOCKET_PATH = "/_livets/ws";
    public const string CLIENT_PATH = "/_livets/client.js";
    public const string STYLESHEET_PATH = "/_livets/livets.css";
    /// <summary>The long-poll fallback's endpoint, for pages whose WebSocket cannot connect (docs/protocol.md, "Long-poll").</summary>
    public const string LONG_POLL_PATH = "/_livets/lp";
    /// <summary>The cookie that carries flash messages to the next page load (signed, docs/forms.md).</summary>
    public const string FLASH_COOKIE = "livets_flash";
    /// <summary>The attribute the page's flash group carries the signed messages in, for the client to store in FLASH_COOKIE.</summary>
    public const string ATTR_FLASH = "data-ts-flash";
}

/// <summary>Comment markers the server writes around dynamic parts so the client can find them.</summary>
internal static class Marker
{
    /// <summary>&lt;!--ts[N--&gt; opens text part N of the enclosing template instance.</summary>
    public const string MARKER_PART_OPEN = "ts[";
    /// <summary>&lt;!--ts]--&gt; closes the innermost open text part.</summary>
    public const string MARKER_PART_CLOSE = "ts]";
    /// <summary>&lt;!--ts,--&gt; starts each item of a list inside a text part.</summary>
    public const string MARKER_ITEM = "ts,";
    /// <summary>&lt;!--ts@N name--&gt; precedes an element whose attribute `name` is dynamic part N.</summary>
    public const string MARKER_ATTR = "ts@";
    /// <summary>On a component's root element: its number (the EVENT target the client sends for events inside it).</summary>
    public const string ATTR_COMPONENT = "data-ts-c";
    /// <summary>On a component's root element: the id the app gave it (what <c>ts-target</c> names).</summary>
    public const string ATTR_COMPONENT_ID = "data-ts-id";
}
