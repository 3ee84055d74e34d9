using System.Text;

namespace LiveTs.Engine.Protocol;

public enum ClientFrameKind { Join, Event, Heartbeat }

/// <summary>A decoded client→server frame.</summary>
public sealed record ClientFrame(ClientFrameKind Kind, byte Version = 0, string Token = "", string EventName = "",
    IReadOnlyList<KeyValuePair<string, string>>? Payload = null)
{
    public IReadOnlyList<KeyValuePair<string, string>> Fields => Payload ?? [];
}

/// <summary>The bytes are not a LiveTS frame. The message says what was wrong, for the server log.</summary>
public sealed class ProtocolException(string message) : Exception(message);

/// <summary>Decodes client frames. Strict: trailing bytes, bad UTF-8 or short lengths are protocol errors.</summary>
public static class ClientFrameDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ClientFrame Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.IsEmpty) throw new ProtocolException("empty frame");
        int offset = 1;
        switch (frame[0])
        {
            case FrameOp.FRAME_JOIN:
                if (frame.Length < 2) throw new ProtocolException("JOIN frame without a protocol version");
                return new ClientFrame(ClientFrameKind.Join, Version: frame[1], Token: Utf8(frame[2..], "token"));
            case FrameOp.FRAME_EVENT:
            {
                string name = ReadString(frame, ref offset, "event name");
                if (name.Length == 0) throw new ProtocolException("EVENT frame with an empty event name");
                uint count = ReadCount(frame, ref offset);
                var fields = new KeyValuePair<string, string>[count];
                for (int i = 0; i < count; i++)
                {
                    string key = ReadString(frame, ref offset, "payload key");
                    string value = ReadString(frame, ref offset, "payload value");
                    fields[i] = new(key, value);
                }
                if (offset != frame.Length) throw new ProtocolException($"EVENT frame has {frame.Length - offset} trailing bytes");
                return new ClientFrame(ClientFrameKind.Event, EventName: name, Payload: fields);
            }
            case FrameOp.FRAME_HEARTBEAT:
                if (frame.Length != 1) throw new ProtocolException("HEARTBEAT frame has trailing bytes");
                return new ClientFrame(ClientFrameKind.Heartbeat);
            default:
                throw new ProtocolException($"unknown frame opcode 0x{frame[0]:x2}");
        }
    }

    private static uint ReadCount(ReadOnlySpan<byte> frame, ref int offset)
    {
        if (!VarInt.TryRead(frame, ref offset, out uint count)) throw new ProtocolException("truncated payload count");
        // Each field takes at least two bytes, so a larger count cannot be honest.
        if (count > (frame.Length - offset) / 2) throw new ProtocolException("payload count exceeds the frame");
        return count;
    }

    private static string ReadString(ReadOnlySpan<byte> frame, ref int offset, string what)
    {
        if (!VarInt.TryRead(frame, ref offset, out uint length)) throw new ProtocolException($"truncated {what} length");
        if (length > frame.Length - offset) throw new ProtocolException($"{what} runs past the end of the frame");
        var text = Utf8(frame.Slice(offset, (int)length), what);
        offset += (int)length;
        return text;
    }

    private static string Utf8(ReadOnlySpan<byte> bytes, string what)
    {
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { throw new ProtocolException($"{what} is not valid UTF-8"); }
    }
}
