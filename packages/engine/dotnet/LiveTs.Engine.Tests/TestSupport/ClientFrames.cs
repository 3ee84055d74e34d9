using LiveTs.Engine.Protocol;

namespace LiveTs.Engine.Tests.TestSupport;

/// <summary>Client→server frames as the browser connector sends them.</summary>
internal static class ClientFrames
{
    public static byte[] Join(string token, byte version = ProtocolVersion.PROTOCOL_VERSION)
    {
        var w = new FrameWriter();
        w.Byte(FrameOp.FRAME_JOIN);
        w.Byte(version);
        w.Tail(token);
        return w.ToArray();
    }

    public static byte[] Event(string name, params (string Key, string Value)[] fields)
    {
        var w = new FrameWriter();
        w.Byte(FrameOp.FRAME_EVENT);
        w.String(name);
        w.VarUInt((uint)fields.Length);
        foreach (var (key, value) in fields)
        {
            w.String(key);
            w.String(value);
        }
        return w.ToArray();
    }

    public static byte[] Heartbeat() => [FrameOp.FRAME_HEARTBEAT];

    public static byte[] Hex(string hex) => Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));
}
