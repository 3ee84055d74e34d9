using LiveTs.Engine.Sessions;

namespace LiveTs.Engine.Tests;

public class TopicRegistryTests
{
    private static readonly ConnectionId A = new(1), B = new(2), C = new(3);

    [Fact]
    public void SubscribersAreTheConnectionsOfThatTopicOnly()
    {
        // Arrange
        var topics = new TopicRegistry();
        topics.Subscribe(A, "room:1");
        topics.Subscribe(B, "room:1");
        topics.Subscribe(C, "room:2");

        // Act
        var room1 = topics.Subscribers("room:1");

        // Assert
        Assert.Equal(new[] { A, B }, room1.OrderBy(id => id.ToString()));
        Assert.Equal(new[] { C }, topics.Subscribers("room:2"));
        Assert.Empty(topics.Subscribers("nobody-here"));
    }

    [Fact]
    public void SubscribingTwiceIsOnce()
    {
        var topics = new TopicRegistry();

        topics.Subscribe(A, "t");
        topics.Subscribe(A, "t");

        Assert.Single(topics.Subscribers("t"));
        topics.Unsubscribe(A, "t");
        Assert.Empty(topics.Subscribers("t"));
        Assert.Equal(0, topics.TopicCount);
    }

    [Fact]
    public void ForgettingAConnectionDropsEveryTopicItWasIn()
    {
        // Arrange
        var topics = new TopicRegistry();
        topics.Subscribe(A, "x");
        topics.Subscribe(A, "y");
        topics.Subscribe(B, "y");

        // Act
        topics.Forget(A);

        // Assert: nothing of A is left, and an empty topic is not kept around
        Assert.Empty(topics.Subscribers("x"));
        Assert.Equal(new[] { B }, topics.Subscribers("y"));
        Assert.Equal(1, topics.TopicCount);
        topics.Forget(A); // twice is harmless
    }

    [Fact]
    public void UnsubscribingWhatWasNeverSubscribedIsHarmless()
    {
        var topics = new TopicRegistry();
        topics.Subscribe(B, "t");

        topics.Unsubscribe(A, "t");
        topics.Unsubscribe(A, "other");

        Assert.Equal(new[] { B }, topics.Subscribers("t"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(TopicRegistry.MaxTopicLength + 1)]
    public void ATopicMustBeANonEmptyShortString(int length)
    {
        var topics = new TopicRegistry();

        var error = Assert.Throws<LiveTsException>(() => topics.Subscribe(A, new string('t', length)));

        Assert.Equal(EngineErrorCodes.InvalidArgument, error.Code);
        Assert.Contains("at most 256", error.Message);
    }

    [Fact]
    public void TheEngineForgetsSubscriptionsWhenAConnectionCloses()
    {
        // Arrange
        var engine = new LiveEngine(new EngineOptions { Secret = new byte[32] });
        var id = engine.Open();
        engine.Subscribe(id, "chat");

        // Act
        engine.Close(id);

        // Assert
        Assert.Empty(engine.Subscribers("chat"));
        var error = Assert.Throws<LiveTsException>(() => engine.Subscribe(id, "chat"));
        Assert.Equal(EngineErrorCodes.UnknownConnection, error.Code);
    }
}
