using System.Buffers.Text;
using System.Text;
using LiveTs.Engine.Security;
using LiveTs.Engine.Sessions;

namespace LiveTs.Engine.Tests;

public class SessionTokenTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef");
    private const long MaxAge = 60_000;
    private const long IssuedAt = 1_700_000_000_000;

    private readonly SessionToken tokens = new(Secret, MaxAge);

    [Theory]
    [InlineData("Counter")]
    [InlineData("")]
    [InlineData("{\"view\":\"Todo\",\"params\":{\"id\":\"7\"}}")]
    [InlineData("two\nlines\nand é ✓")]
    public void SignedTokenVerifiesToItsClaims(string payload)
    {
        // Arrange
        var pageId = ConnectionId.NewRandom();

        // Act
        var token = tokens.Sign(pageId, IssuedAt, payload);
        var claims = tokens.Verify(token, IssuedAt + 1_000, out var reason);

        // Assert
        Assert.NotNull(claims);
        Assert.Equal("", reason);
        Assert.Equal(new TokenClaims(pageId, IssuedAt, payload), claims);
    }

    [Fact]
    public void TokenIsUrlSafe()
    {
        var token = tokens.Sign(ConnectionId.NewRandom(), IssuedAt, "~~~???>>>");

        Assert.Matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", token);
    }

    [Fact]
    public void TamperedBodyIsRefused()
    {
        // Arrange: the same signature on a body naming another view
        var token = tokens.Sign(ConnectionId.NewRandom(), IssuedAt, "User");
        var (body, mac) = Split(token);
        var forged = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(body)).Replace("User", "Admin");
        var tampered = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(forged)) + "." + mac;

        // Act
        var claims = tokens.Verify(tampered, IssuedAt, out var reason);

        // Assert
        Assert.Null(claims);
        Assert.Contains("signature does not match", reason);
    }

    [Fact]
    public void EveryFlippedCharacterIsRefused()
    {
        var token = tokens.Sign(ConnectionId.NewRandom(), IssuedAt, "v");

        for (int i = 0; i < token.Length; i++)
        {
            if (token[i] == '.') continue;
            var chars = token.ToCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            Assert.Null(tokens.Verify(new string(chars), IssuedAt, out _));
        }
    }

    [Fact]
    public void TokenSignedWithAnotherSecretIsRefused()
    {
        var other = new SessionToken(Encoding.UTF8.GetBytes("another secret of 32 bytes......"), MaxAge);
        var token = other.Sign(ConnectionId.NewRandom(), IssuedAt, "Counter");

        var claims = tokens.Verify(token, IssuedAt, out var reason);

        Assert.Null(claims);
        Assert.Contains("another server secret", reason);
    }

    [Theory]
    [InlineData("", "malformed")]
    [InlineData("no-dot-at-all", "malformed")]
    [InlineData(".abc", "malformed")]
    [InlineData("abcd.efgh", "signature does not match")]
    [InlineData("a*b.c$d", "not base64url")]
    public void MalformedTokenIsRefusedWithAReason(string token, string reason)
    {
        var claims = tokens.Verify(token, IssuedAt, out var why);

        Assert.Null(claims);
        Assert.Contains(reason, why);
    }

    [Fact]
    public void CorrectlySignedButMalformedBodyIsRefused()
    {
        // A body signed with the right key but not in the v2 format (e.g. the older v1 layout)
        var body = Encoding.UTF8.GetBytes($"v1\n{ConnectionId.NewRandom()}\n{IssuedAt}\nCounter");
        var token = Base64Url.EncodeToString(body) + "." +
            Base64Url.EncodeToString(System.Security.Cryptography.HMACSHA256.HashData(Secret, body));

        var claims = tokens.Verify(token, IssuedAt, out var reason);

        Assert.Null(claims);
        Assert.Contains("fields are malformed", reason);
    }

    [Fact]
    public void TokenExpiresAfterItsMaxAge()
    {
        // Arrange
        var token = tokens.Sign(ConnectionId.NewRandom(), IssuedAt, "Counter");

        // Act
        var atLimit = tokens.Verify(token, IssuedAt + MaxAge, out _);
        var expired = tokens.Verify(token, IssuedAt + MaxAge + 1, out var reason);

        // Assert
        Assert.NotNull(atLimit);
        Assert.Null(expired);
        Assert.Contains("expired", reason);
    }

    [Fact]
    public void TokenOfAnotherPurposeIsRefused()
    {
        // Arrange: a session credential offered as a page token, and the other way round
        var id = ConnectionId.NewRandom();
        var credential = tokens.Sign(id, IssuedAt, "resume payload", TokenPurpose.Resume);
        var page = tokens.Sign(id, IssuedAt, "{}");

        // Act
        var credentialAsPage = tokens.Verify(credential, IssuedAt, out var reason);
        var pageAsCredential = tokens.Verify(page, IssuedAt, out _, TokenPurpose.Resume);
        var credentialAsCredential = tokens.Verify(credential, IssuedAt, out _, TokenPurpose.Resume);

        // Assert
        Assert.Null(credentialAsPage);
        Assert.Contains("a resume token was given where a page token belongs", reason);
        Assert.Null(pageAsCredential);
        Assert.Equal(new TokenClaims(id, IssuedAt, "resume payload"), credentialAsCredential);
    }

    private static (string Body, string Mac) Split(string token)
    {
        int dot = token.IndexOf('.');
        return (token[..dot], token[(dot + 1)..]);
    }

    [Fact]
    public void ASealHoldsOnlyForItsIdPayloadPurposeAndSecret()
    {
        // Arrange
        var id = ConnectionId.NewRandom();
        var seal = tokens.SignSeal(id, IssuedAt, "digest", TokenPurpose.Checkpoint);
        var other = new SessionToken(Encoding.UTF8.GetBytes("another secret of 32 bytes......"), MaxAge);

        // Act + Assert
        Assert.True(SessionToken.IsSeal(seal));
        Assert.Equal(60, seal.Length);
        Assert.True(tokens.VerifySeal(seal, id, "digest", IssuedAt + 1_000, out var reason, TokenPurpose.Checkpoint), reason);
        Assert.False(tokens.VerifySeal(seal, id, "digesT", IssuedAt, out reason, TokenPurpose.Checkpoint));
        Assert.Contains("not the data that was signed", reason);
        Assert.False(tokens.VerifySeal(seal, ConnectionId.NewRandom(), "digest", IssuedAt, out _, TokenPurpose.Checkpoint));
        Assert.False(tokens.VerifySeal(seal, id, "digest", IssuedAt, out _, TokenPurpose.Flash));
        Assert.False(other.VerifySeal(seal, id, "digest", IssuedAt, out _, TokenPurpose.Checkpoint));
        Assert.False(tokens.VerifySeal(seal, id, "digest", IssuedAt + MaxAge + 1, out reason, TokenPurpose.Checkpoint));
        Assert.Contains("expired", reason);
    }

    [Theory]
    [InlineData("", "malformed")]
    [InlineData("v3", "malformed")]
    [InlineData("v3.", "malformed")]
    [InlineData("v3.12x.AAAA", "malformed")]
    [InlineData("v3.1700000000000.not base64!", "base64url")]
    [InlineData("v2.1700000000000.AAAA", "malformed")]
    public void AMalformedSealIsRefusedWithAReason(string seal, string reason)
    {
        Assert.False(tokens.VerifySeal(seal, ConnectionId.NewRandom(), "digest", IssuedAt, out var given, TokenPurpose.Checkpoint));
        Assert.Contains(reason, given);
    }

    [Fact]
    public void ASealIsNoToken()
    {
        // Arrange: a seal offered where a v2 token belongs (a page token, a flash cookie)
        var seal = tokens.SignSeal(ConnectionId.NewRandom(), IssuedAt, "{}", TokenPurpose.Checkpoint);

        // Act + Assert
        Assert.Null(tokens.Verify(seal, IssuedAt, out _));
        Assert.Null(tokens.Verify(seal, IssuedAt, out _, TokenPurpose.Checkpoint));
    }
}
