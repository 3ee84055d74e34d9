using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace LiveTs.Engine.Rendering;

/// <summary>
/// A 64-bit fingerprint of encoded render-tree text (XxHash3, seeded at random per process so no
/// client can aim for a collision). A render keeps the fingerprints of the long subtrees a
/// connection shows (the page, its lists) and skips every one whose encoding hashes the same as
/// before, without reading it (docs/architecture.md, "Renders"). Zero means "not known": it
/// never compares equal.
/// </summary>
internal static class Fingerprint
{
    private static readonly long Seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));

    /// <summary>
    /// Shorter encodings (a list item is a few dozen chars) are compared value by value instead:
    /// that is cheaper than hashing them, and hashing short input is where XxHash3 needs the
    /// 128-bit multiplies that the engine's baseline x86-64 build emulates.
    /// </summary>
    public const int MinChars = 256;

    /// <summary>The fingerprint of an encoding, or 0 (not known) when it is shorter than <see cref="MinChars"/>.</summary>
    public static ulong OfLong(ReadOnlySpan<char> encoded) => encoded.Length < MinChars ? 0 : Of(encoded);

    public static ulong Of(ReadOnlySpan<char> encoded)
    {
        var hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(encoded), Seed);
        return hash == 0 ? 1 : hash;
    }

    /// <summary>True when both are known and equal: the content they were taken of is the same.</summary>
    public static bool Same(ulong a, ulong b) => a == b && a != 0;
}
