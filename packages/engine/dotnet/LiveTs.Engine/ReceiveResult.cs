namespace LiveTs.Engine;

/// <summary>What the host must do with a client frame. The numbers are shared with packages/engine/src.</summary>
public enum ReceiveKind
{
    /// <summary>
    /// The client joined: <see cref="ReceiveResult.Text"/> is the page token's payload (view and params);
    /// <see cref="ReceiveResult.Fields"/> hold the session: <c>session</c> (its id), <c>credential</c>
    /// (to hand the client), <c>resumed</c> ("1" when the client proved it owns that session),
    /// <c>applied</c> and <c>next</c> (the client's frame and event counts, docs/protocol.md), and
    /// <c>page</c> (the page the token was issued for: the same on every join of one page load).
    /// </summary>
    Join = 0,
    /// <summary>Run the handler <see cref="ReceiveResult.Text"/> for <see cref="ReceiveResult.Target"/> with <see cref="ReceiveResult.Fields"/>, then render.</summary>
    Event = 1,
    /// <summary>Send <see cref="ReceiveResult.Bytes"/>; nothing else to do.</summary>
    Reply = 2,
    /// <summary>Send <see cref="ReceiveResult.Bytes"/> (an ERROR frame) in turn and log <see cref="ReceiveResult.Text"/>; the connection lives on.</summary>
    ErrorReply = 3,
    /// <summary>Close the socket with <see cref="ReceiveResult.CloseCode"/> and log <see cref="ReceiveResult.Text"/>.</summary>
    Close = 4,
    /// <summary>Nothing to send: the frame only acknowledged server frames (<see cref="ReceiveResult.Ack"/>).</summary>
    Ack = 5,
    /// <summary>
    /// Files announced for the upload <see cref="ReceiveResult.Text"/> (answered like an EVENT): <see cref="ReceiveResult.Fields"/>
    /// hold, per entry, <c>ref</c>, <c>name</c>, <c>size</c> and <c>type</c>, in that order.
    /// </summary>
    Upload = 6,
    /// <summary>
    /// Bytes (<see cref="ReceiveResult.Bytes"/>) of the entry <see cref="ReceiveResult.Text"/>, starting at the
    /// field <c>offset</c>; answer with one UPLOAD_ACK.
    /// </summary>
    UploadChunk = 7,
    /// <summary>
    /// Go to the URL <see cref="ReceiveResult.Text"/> (answered like an EVENT): <see cref="ReceiveResult.Fields"/> hold
    /// <c>mode</c> (NavigateMode) and <c>history</c> (HistoryStep). docs/navigation.md.
    /// </summary>
    Navigate = 8,
}

/// <summary>
/// The engine's verdict on one client frame. <see cref="Ack"/> counts the numbered server frames the
/// client applied since its previous frame; the host's outbox forgets them.
/// </summary>
public sealed record ReceiveResult(ReceiveKind Kind, string Text = "", byte[]? Bytes = null, int CloseCode = 0,
    IReadOnlyList<KeyValuePair<string, string>>? Fields = null, uint Ack = 0, uint Target = 0);
