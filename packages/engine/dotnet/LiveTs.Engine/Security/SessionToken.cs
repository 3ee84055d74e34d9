using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using LiveTs.Engine.Sessions;

namespace LiveTs.Engine.Security;

/// <summary>What a verified token says: whose (a page or a session id), when, and its payload.</summary>
internal sealed record TokenClaims(ConnectionId PageId, long IssuedAt, string Payload);

/// <summary>
/// What a signed string is for. A token made for one purpose never verifies for another: a page's
/// join token cannot stand in for a session credential, nor a credential for a checkpoint.
/// </summary>
internal static class TokenPurpose
{
    /// <summary>The token a first render writes into the page; the client joins with it.</summary>
    public const string Page = "page";
    /// <summary>The credential a SESSION frame hands the client, to resume its session later.</summary>
    public const string Resume = "resume";
    /// <summary>A view's saved state in a session store (docs/scaling.md).</summary>
    public const string Checkpoint = "checkpoint";
    /// <summary>Flash messages carried across a full page load in a cookie (docs/forms.md, "Flash").</summary>
    public const string Flash = "flash";
}

/// <summary>
/// HMAC-signed strings: page tokens, session credentials and checkpoints.
/// Format: base64url("v2\n" + purpose + "\n" + id + "\n" + issuedAtMs + "\n" + payload) + "." + base64url(HMAC-SHA256).
/// A seal (SignSeal) carries neither the id nor the payload, which its verifier already has.
/// </summary>
internal sealed class SessionToken(byte[] secret, long maxAgeMs)
{
    private const string Version = "v2";
    private const string SealVersion = "v3";
    private const string SealPrefix = SealVersion + ".";

    /// <summary>Compares a verified token's payload with what it should be, in time that does not tell how much of it matched.</summary>
    public static bool SamePayload(string signed, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(signed), Encoding.UTF8.GetBytes(expected));

    /// <summary>Whether <paramref name="token"/> is a seal (SignSeal), not a v2 token.</summary>
    public static bool IsSeal(string token) => token.StartsWith(SealPrefix, StringComparison.Ordinal);

    /// <summary>
    /// A seal on <paramref name="payload"/> for <paramref name="id"/>: "v3." + issuedAtMs + "." +
    /// base64url(HMAC-SHA256 of the same fields as a v2 token). Kept where the id and the payload are
    /// kept already (a checkpoint under its session's key, after its data's digest), it is 60
    /// characters against a v2 token's 183, which would carry both again.
    /// </summary>
    public string SignSeal(ConnectionId id, long issuedAt, string payload, string purpose) =>
        $"{SealPrefix}{issuedAt}.{Base64Url.EncodeToString(SealMac(id, issuedAt, payload, purpose))}";

    private byte[] SealMac(ConnectionId id, long issuedAt, string payload, string purpose) =>
        HMACSHA256.HashData(secret, Body(SealVersion, purpose, id, issuedAt, payload));

    /// <summary>What a token signs, and a v2 token carries: the version, then one field per line.</summary>
    private static byte[] Body(string version, string purpose, ConnectionId id, long issuedAt, string payload) =>
        Encoding.UTF8.GetBytes($"{version}\n{purpose}\n{id}\n{issuedAt}\n{payload}");

    /// <summary>Whether <paramref name="seal"/> seals <paramref name="payload"/> for <paramref name="id"/>; if not, a reason for the log.</summary>
    public bool VerifySeal(string seal, ConnectionId id, string payload, long now, out string reason, string purpose)
    {
        reason = "";
        int dot = IsSeal(seal) ? seal.IndexOf('.', SealPrefix.Length) : -1;
        if (dot < 0 || !long.TryParse(seal.AsSpan(SealPrefix.Length, dot - SealPrefix.Length), out var issuedAt))
        { reason = "token fields are malformed"; return false; }
        byte[] mac;
        try { mac = Base64Url.DecodeFromChars(seal.AsSpan(dot + 1)); }
        catch (FormatException) { reason = "token is not base64url"; return false; }
        if (!CryptographicOperations.FixedTimeEquals(SealMac(id, issuedAt, payload, purpose), mac))
        { reason = "its data is not the data that was signed, or it belongs to another session, or another server secret signed it"; return false; }
        if (now - issuedAt > maxAgeMs) { reason = "token has expired; reload the page"; return false; }
        return true;
    }

    public string Sign(ConnectionId id, long issuedAt, string payload, string purpose = TokenPurpose.Page)
    {
        var body = Body(Version, purpose, id, issuedAt, payload);
        var mac = HMACSHA256.HashData(secret, body);
        return Base64Url.EncodeToString(body) + "." + Base64Url.EncodeToString(mac);
    }

    /// <summary>The claims, or null with a reason for the log when the token is forged, malformed, too old or for another purpose.</summary>
    public TokenClaims? Verify(string token, long now, out string reason, string purpose = TokenPurpose.Page)
    {
        reason = "";
        int dot = token.IndexOf('.');
        if (dot <= 0) { reason = "token is malformed"; return null; }
        byte[] body, mac;
        try
        {
            body = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException) { reason = "token is not base64url"; return null; }
        var expected = HMACSHA256.HashData(secret, body);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac)) { reason = "token signature does not match (another server secret, or tampered)"; return null; }
        var fields = Encoding.UTF8.GetString(body).Split('\n', 5);
        if (fields.Length != 5 || fields[0] != Version || !ConnectionId.TryParse(fields[2], out var id) ||
            !long.TryParse(fields[3], out var issuedAt))
        { reason = "token fields are malformed"; return null; }
        if (fields[1] != purpose) { reason = $"a {fields[1]} token was given where a {purpose} token belongs"; return null; }
        if (now - issuedAt > maxAgeMs) { reason = "token has expired; reload the page"; return null; }
        return new TokenClaims(id, issuedAt, fields[4]);
    }
}
