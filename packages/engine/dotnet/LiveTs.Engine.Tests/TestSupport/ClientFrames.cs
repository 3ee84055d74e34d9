using LiveTs.Engine.Protocol;

namespace LiveTs.Engine.Tests.TestSupport;

/// <summary>Client→server frames as the browser connector sends them (docs/protocol.md).</summary>
internal static class ClientFrames
{
    public static byte[] Join(string token, byte version = ProtocolVersion.PROTOCOL_VERSION, string credential = "", uint applied = 0, uint nextEvent = 1)
    {
        var w = new FrameWriter();
        w.Byte(FrameOp.FRAME_JOIN);
        w.Byte(version);
        w.String(token);
        w.String(credential);
        w.VarUInt(applied);
        w.VarUInt(nextEvent);
        return w.ToArray();
    }

    public static byte[] Event(string name, params (string Key, string Value)[] fields) => Event(name, ack: 0, target: 0, fields);

    /// <summary>An EVENT with its name in full (index 0: docs/protocol.md, "Event names").</summary>
    public static byte[] Event(string name, uint ack, uint target, params (string Key, string Value)[] fields) => Event(0, name, ack, target, fields);

    /// <summary>An EVENT that names its handler by the index the link gave the name.</summary>
    public static byte[] EventByIndex(uint index, uint ack = 0, uint target = 0, params (string Key, string Value)[] fields) => Event(index, "", ack, target, fields);

    private static byte[] Event(uint index, string name, uint ack, uint target, (string Key, string Value)[] fields)
    {
        var w = new FrameWriter();
        w.Byte(FrameOp.FRAME_EVENT);
        w.VarUInt(ack);
        w.VarUInt(index);
        if (index == 0) w.String(name);
        w.VarUInt(target);
        w.VarUInt((uint)fields.Length);
        foreach (var (key, value) in fields)
        {
            w.String(key);
            w.String(value);
        }
        return w.ToArray();
    }

    public static byte[] Heartbeat(uint ack = 0)
    {
        var w = new FrameWriter();
        w.Byte(FrameOp.FRAME_HEARTBEAT);
        w.VarUInt(ack);
        return w.ToArray();
    }

    public static byte[] Ack(uint ack)
    {
        var w = new FrameWriter();
        w.Byte(FrameOp.FRAME_ACK);
        w.VarUInt(ack);
        return w.ToArray();
    }

    public static byte[] Upload(string name, uint ack, params (string Ref, string Name, uint Size, string Type)[] entries)
    {
        var w = new FrameWriter();
        w.Byte(FrameOp.FRAME_UPLOAD);
        w.VarUInt(ack);
        w.String(name);
        w.VarUInt((uint)entries.Length);
        foreach (var entry in entries)
        {
            w.String(entry.Ref);
            w.String(entry.Name);
            w.VarUInt(entry.Size);
            w.String(entry.Type);
        }
        return w.ToArray();
    }

    public static byte[] UploadChunk(string reference, uint offset, byte[] data, uint ack = 0)
    {
        var w = new FrameWriter();
        w.Byte(FrameOp.FRAME_UPLOAD_CHUNK);
        w.VarUInt(ack);
        w.String(reference);
        w.VarUInt(offset);
        return [.. w.Written, .. data];
    }

    public static byte[] Navigate(string url, byte mode = NavigateMode.NAVIGATE_PATCH, byte history = HistoryStep.HISTORY_PUSH, uint ack = 0)
    {
        var w = new FrameWriter();
        w.Byte(FrameOp.FRAME_NAVIGATE);
        w.VarUInt(ack);
        w.Byte(mode);
        w.Byte(history);
        w.String(url);
        return w.ToArray();
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));
}
