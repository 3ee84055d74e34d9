using System.Globalization;
using System.Security.Cryptography;

namespace LiveTs.Engine.Sessions;

/// <summary>A random 128-bit id: unguessable, so it can name a connection or a prerendered page.</summary>
public readonly record struct ConnectionId(UInt128 Value)
{
    public static ConnectionId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return new ConnectionId(System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(bytes));
    }

    public override string ToString() => Value.ToString("x32", CultureInfo.InvariantCulture);

    public static bool TryParse(ReadOnlySpan<char> text, out ConnectionId id)
    {
        id = default;
        if (text.Length != 32) return false;
        if (!UInt128.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)) return false;
        id = new ConnectionId(value);
        return true;
    }

    public static ConnectionId Parse(string text) =>
        TryParse(text, out var id) ? id
            : throw new LiveTsException(EngineErrorCodes.InvalidArgument, $"'{text}' is not a connection id (32 hex digits)");
}
