using System.Text;

namespace LiveTs.Engine.Protocol;

internal enum ClientFrameKind { Join, Event, Heartbeat, Ack, Upload, UploadChunk, Navigate }

/// <summary>One file an UPLOAD frame announces: the client's reference for it, its name, size in bytes and MIME type.</summary>
internal sealed record UploadEntry(string Ref, string Name, uint Size, string Type);

/// <summary>
/// A decoded client→server frame. <see cref="Ack"/> is on every frame but JOIN: how many more
/// numbered server frames the client applied since its last acknowledgement (docs/protocol.md).
/// </summary>
internal sealed record ClientFrame(ClientFrameKind Kind)
{
    public byte Version { get; init; }
    public string Token { get; init; } = "";
    /// <summary>JOIN: the session credential of an earlier JOIN ("" on a first join).</summary>
    public string Credential { get; init; } = "";
    /// <summary>JOIN: numbered server frames the client applied in that session.</summary>
    public uint Applied { get; init; }
    /// <summary>JOIN: the number of the first EVENT that follows on this socket.</summary>
    public uint NextEvent { get; init; }
    public uint Ack { get; init; }
    public string EventName { get; init; } = "";
    /// <summary>EVENT: the component the event is for; 0 is the view itself.</summary>
    public uint Target { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; init; } = [];
    /// <summary>UPLOAD: the name of the upload (<c>ts-upload="name"</c>).</summary>
    public string UploadName { get; init; } = "";
    /// <summary>UPLOAD: the files announced.</summary>
    public IReadOnlyList<UploadEntry> Entries { get; init; } = [];
    /// <summary>UPLOAD_CHUNK: the entry's reference, where its bytes start in the file, and the bytes.</summary>
    public string Ref { get; init; } = "";
    public uint Offset { get; init; }
    public byte[] Data { get; init; } = [];
    /// <summary>NAVIGATE: what it asks for (NavigateMode), the history step (HistoryStep), and the URL (a path of this app, with its query).</summary>
    public byte Mode { get; init; }
    public byte History { get; init; }
    public string Url { get; init; } = "";
}

/// <summary>The bytes are not a LiveTS frame. The message says what was wrong, for the server log.</summary>
internal sealed class ProtocolException(string message) : Exception(message);

/// <summary>
/// Decodes client frames. Strict: trailing bytes, bad UTF-8, short lengths or an event name index the
/// link never defined are protocol errors. An EVENT reads and extends its link's <see cref="EventNameTable"/>.
/// </summary>
internal static class ClientFrameDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ClientFrame Decode(ReadOnlySpan<byte> frame, EventNameTable names)
    {
        if (frame.IsEmpty) throw new ProtocolException("empty frame");
        int offset = 1;
        var decoded = frame[0] switch
        {
            FrameOp.FRAME_JOIN => Join(frame, ref offset),
            FrameOp.FRAME_EVENT => Event(frame, ref offset, names),
            FrameOp.FRAME_HEARTBEAT => new ClientFrame(ClientFrameKind.Heartbeat) { Ack = ReadUInt(frame, ref offset, "acknowledgement") },
            FrameOp.FRAME_ACK => new ClientFrame(ClientFrameKind.Ack) { Ack = ReadUInt(frame, ref offset, "acknowledgement") },
            FrameOp.FRAME_UPLOAD => Upload(frame, ref offset),
            FrameOp.FRAME_UPLOAD_CHUNK => UploadChunk(frame, ref offset),
            FrameOp.FRAME_NAVIGATE => Navigate(frame, ref offset),
            _ => throw new ProtocolException($"unknown frame opcode 0x{frame[0]:x2}"),
        };
        if (offset != frame.Length) throw new ProtocolException($"{decoded.Kind.ToString().ToUpperInvariant()} frame has {frame.Length - offset} trailing bytes");
        return decoded;
    }

    private static ClientFrame Join(ReadOnlySpan<byte> frame, ref int offset)
    {
        if (frame.Length < 2) throw new ProtocolException("JOIN frame without a protocol version");
        byte version = frame[offset++];
        // A client of another version may lay out the rest differently: report the version, not its bytes.
        if (version != ProtocolVersion.PROTOCOL_VERSION) { offset = frame.Length; return new ClientFrame(ClientFrameKind.Join) { Version = version }; }
        return new ClientFrame(ClientFrameKind.Join)
        {
            Version = version,
            Token = ReadString(frame, ref offset, "token"),
            Credential = ReadString(frame, ref offset, "session credential"),
            Applied = ReadUInt(frame, ref offset, "applied frame count"),
            NextEvent = ReadUInt(frame, ref offset, "next event number"),
        };
    }

    private static ClientFrame Event(ReadOnlySpan<byte> frame, ref int offset, EventNameTable names)
    {
        uint ack = ReadUInt(frame, ref offset, "acknowledgement");
        uint index = ReadUInt(frame, ref offset, "event name index");
        string name;
        if (index == 0)
        {
            name = ReadString(frame, ref offset, "event name", out int bytes);
            if (name.Length == 0) throw new ProtocolException("EVENT frame with an empty event name");
            names.Define(name, bytes);
        }
        else if (!names.TryGet(index, out name))
            throw new ProtocolException($"EVENT names index {index}, but the link defined {names.Count} event names");
        uint target = ReadUInt(frame, ref offset, "target");
        uint count = ReadCount(frame, ref offset);
        var fields = new KeyValuePair<string, string>[count];
        for (int i = 0; i < count; i++)
        {
            string key = ReadString(frame, ref offset, "payload key");
            string value = ReadString(frame, ref offset, "payload value");
            fields[i] = new(key, value);
        }
        return new ClientFrame(ClientFrameKind.Event) { Ack = ack, EventName = name, Target = target, Fields = fields };
    }

    private static ClientFrame Upload(ReadOnlySpan<byte> frame, ref int offset)
    {
        uint ack = ReadUInt(frame, ref offset, "acknowledgement");
        string name = ReadString(frame, ref offset, "upload name");
        if (name.Length == 0) throw new ProtocolException("UPLOAD frame with an empty upload name");
        uint count = ReadUInt(frame, ref offset, "entry count");
        if (count == 0) throw new ProtocolException("UPLOAD frame announces no entries");
        // Each entry takes at least five bytes (a one-byte ref, three empty lengths and a size), so a larger count cannot be honest.
        if (count > (frame.Length - offset) / 5) throw new ProtocolException("entry count exceeds the frame");
        var entries = new UploadEntry[count];
        for (int i = 0; i < count; i++)
        {
            string reference = ReadString(frame, ref offset, "entry ref");
            if (reference.Length == 0) throw new ProtocolException("UPLOAD entry with an empty ref");
            entries[i] = new UploadEntry(reference, ReadString(frame, ref offset, "file name"), ReadUInt(frame, ref offset, "file size"),
                ReadString(frame, ref offset, "file type"));
        }
        return new ClientFrame(ClientFrameKind.Upload) { Ack = ack, UploadName = name, Entries = entries };
    }

    private static ClientFrame UploadChunk(ReadOnlySpan<byte> frame, ref int offset)
    {
        uint ack = ReadUInt(frame, ref offset, "acknowledgement");
        string reference = ReadString(frame, ref offset, "entry ref");
        if (reference.Length == 0) throw new ProtocolException("UPLOAD_CHUNK with an empty ref");
        uint at = ReadUInt(frame, ref offset, "chunk offset");
        if (offset >= frame.Length) throw new ProtocolException("UPLOAD_CHUNK without data");
        var data = frame[offset..].ToArray();
        offset = frame.Length;
        return new ClientFrame(ClientFrameKind.UploadChunk) { Ack = ack, Ref = reference, Offset = at, Data = data };
    }

    private static ClientFrame Navigate(ReadOnlySpan<byte> frame, ref int offset)
    {
        uint ack = ReadUInt(frame, ref offset, "acknowledgement");
        byte mode = ReadByte(frame, ref offset, "navigation mode");
        if (mode > NavigateMode.NAVIGATE_MOUNT) throw new ProtocolException($"NAVIGATE with an unknown mode {mode}");
        byte history = ReadByte(frame, ref offset, "history step");
        if (history > HistoryStep.HISTORY_KEEP) throw new ProtocolException($"NAVIGATE with an unknown history step {history}");
        string url = ReadString(frame, ref offset, "URL");
        if (url.Length == 0) throw new ProtocolException("NAVIGATE with an empty URL");
        return new ClientFrame(ClientFrameKind.Navigate) { Ack = ack, Mode = mode, History = history, Url = url };
    }

    private static byte ReadByte(ReadOnlySpan<byte> frame, ref int offset, string what) =>
        offset < frame.Length ? frame[offset++] : throw new ProtocolException($"truncated {what}");

    private static uint ReadUInt(ReadOnlySpan<byte> frame, ref int offset, string what) =>
        VarInt.TryRead(frame, ref offset, out uint value) ? value : throw new ProtocolException($"truncated {what}");

    private static uint ReadCount(ReadOnlySpan<byte> frame, ref int offset)
    {
        uint count = ReadUInt(frame, ref offset, "payload count");
        // Each field takes at least two bytes, so a larger count cannot be honest.
        if (count > (frame.Length - offset) / 2) throw new ProtocolException("payload count exceeds the frame");
        return count;
    }

    private static string ReadString(ReadOnlySpan<byte> frame, ref int offset, string what) => ReadString(frame, ref offset, what, out _);

    private static string ReadString(ReadOnlySpan<byte> frame, ref int offset, string what, out int bytes)
    {
        uint length = ReadUInt(frame, ref offset, what + " length");
        if (length > frame.Length - offset) throw new ProtocolException($"{what} runs past the end of the frame");
        var text = Utf8(frame.Slice(offset, (int)length), what);
        offset += (int)length;
        bytes = (int)length;
        return text;
    }

    private static string Utf8(ReadOnlySpan<byte> bytes, string what)
    {
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { throw new ProtocolException($"{what} is not valid UTF-8"); }
    }
}
