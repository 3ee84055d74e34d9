using LiveTs.Engine.Sessions;

namespace LiveTs.Engine.Tests;

public class ConnectionRegistryTests
{
    [Fact]
    public void IdsAreUniqueLowerCase32HexStrings()
    {
        // Arrange
        var registry = new ConnectionRegistry();

        // Act
        var ids = Enumerable.Range(0, 2_000).Select(_ => registry.Open(deadline: 0).Id.ToString()).ToList();

        // Assert
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids.Count, registry.Count);
    }

    [Fact]
    public void IdRoundTripsThroughItsString()
    {
        var id = ConnectionId.NewRandom();

        Assert.Equal(id, ConnectionId.Parse(id.ToString()));
        Assert.Equal("0000000000000000000000000000002a", new ConnectionId(42).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123")]
    [InlineData("0123456789abcdef0123456789abcdeg")]  // not hex
    [InlineData("0123456789abcdef0123456789abcdef0")] // 33 digits
    [InlineData(" 123456789abcdef0123456789abcdef")]
    public void ParseRefusesWhatIsNotAnId(string text)
    {
        Assert.False(ConnectionId.TryParse(text, out _));
        var error = Assert.Throws<LiveTsException>(() => ConnectionId.Parse(text));
        Assert.Equal(EngineErrorCodes.InvalidArgument, error.Code);
    }

    [Fact]
    public void ClosedConnectionIsGone()
    {
        var registry = new ConnectionRegistry();
        var id = registry.Open(deadline: 10).Id;

        Assert.True(registry.Close(id));
        Assert.False(registry.Close(id));

        var error = Assert.Throws<LiveTsException>(() => registry.Get(id));
        Assert.Equal(EngineErrorCodes.UnknownConnection, error.Code);
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void ExpiredListsConnectionsWhoseDeadlinePassed()
    {
        var registry = new ConnectionRegistry();
        var early = registry.Open(deadline: 100).Id;
        var late = registry.Open(deadline: 200).Id;

        Assert.Empty(registry.Expired(now: 99));
        Assert.Equal([early], registry.Expired(now: 100));
        Assert.Equal(new[] { early, late }.OrderBy(i => i.Value), registry.Expired(now: 200).OrderBy(i => i.Value));
    }
}
