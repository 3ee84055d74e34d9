namespace LiveTs.Engine.Protocol;

/// <summary>Unsigned LEB128: 7 bits a byte, high bit set on all but the last. Small numbers take one byte.</summary>
internal static class VarInt
{
    /// <summary>Reads a varint at <paramref name="offset"/>; false if the bytes end first or it exceeds 32 bits.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, ref int offset, out uint value)
    {
        value = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            if (offset >= bytes.Length) return false;
            byte b = bytes[offset++];
            if (shift == 28 && b > 0x0F) return false;
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80) return true;
        }
        return false;
    }
}
