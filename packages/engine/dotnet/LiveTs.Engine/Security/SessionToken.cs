using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using LiveTs.Engine.Sessions;

namespace LiveTs.Engine.Security;

/// <summary>What a verified token says: which prerendered page, when, and the app's payload (view and params).</summary>
public sealed record TokenClaims(ConnectionId PageId, long IssuedAt, string Payload);

/// <summary>
/// The signed token the first render puts in the page and the client sends back in JOIN.
/// Format: base64url("v1\n" + pageId + "\n" + issuedAtMs + "\n" + payload) + "." + base64url(HMAC-SHA256).
/// </summary>
public sealed class SessionToken(byte[] secret, long maxAgeMs)
{
    private const string Version = "v1";

    public string Sign(ConnectionId pageId, long issuedAt, string payload)
    {
        var body = Encoding.UTF8.GetBytes($"{Version}\n{pageId}\n{issuedAt}\n{payload}");
        var mac = HMACSHA256.HashData(secret, body);
        return Base64Url.EncodeToString(body) + "." + Base64Url.EncodeToString(mac);
    }

    /// <summary>The claims, or null with a reason for the log when the token is forged, malformed or too old.</summary>
    public TokenClaims? Verify(string token, long now, out string reason)
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
        var fields = Encoding.UTF8.GetString(body).Split('\n', 4);
        if (fields.Length != 4 || fields[0] != Version || !ConnectionId.TryParse(fields[1], out var pageId) ||
            !long.TryParse(fields[2], out var issuedAt))
        { reason = "token fields are malformed"; return null; }
        if (now - issuedAt > maxAgeMs) { reason = "token has expired; reload the page"; return null; }
        return new TokenClaims(pageId, issuedAt, fields[3]);
    }
}
