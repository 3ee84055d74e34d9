namespace LiveTs.Engine;

/// <summary>What the host must do with a client frame. The numbers are shared with packages/engine/src.</summary>
public enum ReceiveKind
{
    /// <summary>The client joined: mount the view named by <see cref="ReceiveResult.Text"/> (the token payload) and render.</summary>
    Join = 0,
    /// <summary>Run the handler <see cref="ReceiveResult.Text"/> with <see cref="ReceiveResult.Fields"/>, then render.</summary>
    Event = 1,
    /// <summary>Send <see cref="ReceiveResult.Bytes"/>; nothing else to do.</summary>
    Reply = 2,
    /// <summary>Send <see cref="ReceiveResult.Bytes"/> (an ERROR frame) and log <see cref="ReceiveResult.Text"/>; the connection lives on.</summary>
    ErrorReply = 3,
    /// <summary>Close the socket with <see cref="ReceiveResult.CloseCode"/> and log <see cref="ReceiveResult.Text"/>.</summary>
    Close = 4,
}

public sealed record ReceiveResult(ReceiveKind Kind, string Text = "", byte[]? Bytes = null, int CloseCode = 0,
    IReadOnlyList<KeyValuePair<string, string>>? Fields = null);
