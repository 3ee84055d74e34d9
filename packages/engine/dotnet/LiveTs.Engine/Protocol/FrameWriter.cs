using System.Buffers;
using System.Text;

namespace LiveTs.Engine.Protocol;

/// <summary>
/// Builds one server→client frame. Reused per call on the JS thread, so encoding a patch
/// allocates nothing but the final byte array.
/// </summary>
internal sealed class FrameWriter
{
    private byte[] buffer = new byte[256];
    public int Length { get; private set; }

    public void Reset() => Length = 0;

    /// <summary>Rolls back to an earlier <see cref="Length"/> (used to drop an ENTER that led to no change).</summary>
    public void Truncate(int length) => Length = length;

    private void Ensure(int extra)
    {
        if (Length + extra <= buffer.Length) return;
        Array.Resize(ref buffer, Math.Max(buffer.Length * 2, Length + extra));
    }

    public void Byte(byte value)
    {
        Ensure(1);
        buffer[Length++] = value;
    }

    /// <summary>Bytes already encoded (patch operations computed for another connection).</summary>
    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public void VarUInt(uint value)
    {
        Ensure(5);
        while (value >= 0x80)
        {
            buffer[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[Length++] = (byte)value;
    }

    /// <summary>A UTF-8 string prefixed with its byte length.</summary>
    public void String(ReadOnlySpan<char> text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        Ensure(max + 5);
        int count = Encoding.UTF8.GetByteCount(text);
        VarUInt((uint)count);
        Length += Encoding.UTF8.GetBytes(text, buffer.AsSpan(Length));
    }

    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, Length);

    public byte[] ToArray() => Written.ToArray();
}
