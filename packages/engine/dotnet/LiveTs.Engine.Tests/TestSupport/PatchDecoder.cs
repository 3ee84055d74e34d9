using System.Text;
using LiveTs.Engine.Protocol;

namespace LiveTs.Engine.Tests.TestSupport;

/// <summary>A decoded server→client frame.</summary>
internal sealed record ServerFrame(byte Kind, IReadOnlyList<Op> Ops, byte ErrorCode = 0, string? Message = null,
    byte SessionMode = 0, uint LastFrame = 0, uint Answered = 0, string? Credential = null);

/// <summary>
/// Test-only decoder of server frames, written from the protocol (not from the engine's writer), so the
/// tests can assert on operations instead of bytes. Strict: a truncated op or trailing byte throws.
/// </summary>
internal static class PatchDecoder
{
    public static ServerFrame DecodeFrame(ReadOnlySpan<byte> frame)
    {
        if (frame.IsEmpty) throw new FormatException("empty server frame");
        var reader = new Reader(frame[1..]);
        switch (frame[0])
        {
            case FrameOp.FRAME_REPLY:
            case FrameOp.FRAME_PUSH:
                return new ServerFrame(frame[0], DecodeOps(frame[1..]));
            case FrameOp.FRAME_ERROR:
            {
                byte code = reader.Byte();
                string message = reader.String();
                reader.End();
                return new ServerFrame(frame[0], [], code, message);
            }
            case FrameOp.FRAME_HEARTBEAT_ACK:
                reader.End();
                return new ServerFrame(frame[0], []);
            case FrameOp.FRAME_SESSION:
            {
                byte mode = reader.Byte();
                uint lastFrame = (uint)reader.Int();
                uint answered = (uint)reader.Int();
                string credential = reader.String();
                return new ServerFrame(frame[0], DecodeOps(frame[(1 + reader.Offset)..]), SessionMode: mode, LastFrame: lastFrame, Answered: answered, Credential: credential);
            }
            default:
                throw new FormatException($"unknown server frame 0x{frame[0]:x2}");
        }
    }

    /// <summary>The operations of a REPLY or PUSH frame (<paramref name="frame"/> starts with the frame byte).</summary>
    public static List<Op> Ops(ReadOnlySpan<byte> frame)
    {
        var decoded = DecodeFrame(frame);
        if (decoded.Kind is not (FrameOp.FRAME_REPLY or FrameOp.FRAME_PUSH))
            throw new FormatException($"frame 0x{decoded.Kind:x2} carries no patch");
        return [.. decoded.Ops];
    }

    /// <summary>Operations with no frame byte in front, as a differ writes them.</summary>
    public static List<Op> DecodeOps(ReadOnlySpan<byte> bytes)
    {
        var reader = new Reader(bytes);
        var ops = new List<Op>();
        while (!reader.AtEnd)
        {
            byte code = reader.Byte();
            ops.Add(code switch
            {
                PatchOp.PATCH_SET_TEXT => Op.SetText(reader.Int(), reader.String()),
                PatchOp.PATCH_SET_HTML => Op.SetHtml(reader.Int(), reader.String()),
                PatchOp.PATCH_SET_ATTR => Op.SetAttr(reader.Int(), reader.String()),
                PatchOp.PATCH_REMOVE_ATTR => Op.RemoveAttr(reader.Int()),
                PatchOp.PATCH_ENTER => Op.Enter(reader.Int()),
                PatchOp.PATCH_ENTER_ITEM => Op.EnterItem(reader.Int(), reader.Int()),
                PatchOp.PATCH_LIST_INSERT => Op.ListInsert(reader.Int(), reader.Int(), reader.String()),
                PatchOp.PATCH_LIST_REMOVE => Op.ListRemove(reader.Int(), reader.Int()),
                PatchOp.PATCH_LIST_MOVE => Op.ListMove(reader.Int(), reader.Int(), reader.Int()),
                PatchOp.PATCH_LEAVE => Op.Leave(),
                PatchOp.PATCH_ROOT_HTML => Op.RootHtml(reader.String()),
                PatchOp.PATCH_NODE_REPLACE => Op.NodeReplace(reader.Path(), reader.String()),
                PatchOp.PATCH_NODE_TEXT => Op.NodeText(reader.Path(), reader.String()),
                PatchOp.PATCH_NODE_SET_ATTR => Op.NodeSetAttr(reader.Path(), reader.String(), reader.String()),
                PatchOp.PATCH_NODE_REMOVE_ATTR => Op.NodeRemoveAttr(reader.Path(), reader.String()),
                PatchOp.PATCH_NODE_INSERT => Op.NodeInsert(reader.Path(), reader.Int(), reader.String()),
                PatchOp.PATCH_NODE_REMOVE => Op.NodeRemove(reader.Path()),
                PatchOp.PATCH_NODE_MOVE => Op.NodeMove(reader.Path(), reader.Int(), reader.Int()),
                PatchOp.PATCH_ENTER_COMPONENT => Op.EnterComponent(reader.Int()),
                PatchOp.PATCH_REPLACE_COMPONENT => Op.ReplaceComponent(reader.Int(), reader.String()),
                PatchOp.PATCH_STREAM_INSERT => Op.StreamInsert(reader.Int(), reader.String(), reader.Int() - 1, reader.Int(), reader.String()),
                PatchOp.PATCH_STREAM_DELETE => Op.StreamDelete(reader.Int(), reader.String()),
                PatchOp.PATCH_STREAM_RESET => Op.StreamReset(reader.Int()),
                _ => throw new FormatException($"unknown patch op 0x{code:x2}"),
            });
        }
        return ops;
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> bytes = bytes;
        private int offset;

        public readonly bool AtEnd => offset == bytes.Length;
        public readonly int Offset => offset;

        public readonly void End()
        {
            if (!AtEnd) throw new FormatException($"{bytes.Length - offset} trailing bytes");
        }

        public byte Byte()
        {
            if (offset >= bytes.Length) throw new FormatException("frame ended early");
            return bytes[offset++];
        }

        public int Int()
        {
            if (!VarInt.TryRead(bytes, ref offset, out uint value)) throw new FormatException("bad varint");
            return checked((int)value);
        }

        public string String()
        {
            int length = Int();
            if (length > bytes.Length - offset) throw new FormatException("string runs past the frame");
            var text = Encoding.UTF8.GetString(bytes.Slice(offset, length));
            offset += length;
            return text;
        }

        public int[] Path()
        {
            var path = new int[Int()];
            for (int i = 0; i < path.Length; i++) path[i] = Int();
            return path;
        }
    }
}
