namespace LiveTs.Engine.Sessions;

/// <summary>
/// In-process pub/sub routing (docs/design.md §2.7, §3.4): which connections subscribed to which topic.
/// The host calls it on its one JS thread, like the rest of the engine, so plain collections do.
/// Each connection also remembers its topics, so closing it forgets every subscription at once.
/// </summary>
internal sealed class TopicRegistry
{
    /// <summary>Topic names are the app's; a limit keeps a typo'd loop from growing memory without bound.</summary>
    public const int MaxTopicLength = 256;

    private readonly Dictionary<string, HashSet<ConnectionId>> subscribers = new(StringComparer.Ordinal);
    private readonly Dictionary<ConnectionId, List<string>> topicsOf = [];

    public int TopicCount => subscribers.Count;

    /// <summary>Subscribes; subscribing twice is the same as once.</summary>
    public void Subscribe(ConnectionId connection, string topic)
    {
        Validate(topic);
        if (!subscribers.TryGetValue(topic, out var set)) subscribers[topic] = set = [];
        if (!set.Add(connection)) return;
        if (!topicsOf.TryGetValue(connection, out var topics)) topicsOf[connection] = topics = [];
        topics.Add(topic);
    }

    public void Unsubscribe(ConnectionId connection, string topic)
    {
        Validate(topic);
        if (!subscribers.TryGetValue(topic, out var set) || !set.Remove(connection)) return;
        if (set.Count == 0) subscribers.Remove(topic);
        var topics = topicsOf[connection];
        topics.Remove(topic);
        if (topics.Count == 0) topicsOf.Remove(connection);
    }

    /// <summary>Forgets every subscription of a connection that closed.</summary>
    public void Forget(ConnectionId connection)
    {
        if (!topicsOf.Remove(connection, out var topics)) return;
        foreach (var topic in topics)
        {
            var set = subscribers[topic];
            set.Remove(connection);
            if (set.Count == 0) subscribers.Remove(topic);
        }
    }

    /// <summary>The connections subscribed to <paramref name="topic"/>, in no particular order.</summary>
    public IReadOnlyCollection<ConnectionId> Subscribers(string topic)
    {
        Validate(topic);
        return subscribers.TryGetValue(topic, out var set) ? set : [];
    }

    private static void Validate(string topic)
    {
        if (topic.Length == 0 || topic.Length > MaxTopicLength)
            throw new LiveTsException(EngineErrorCodes.InvalidArgument,
                $"a topic is a non-empty string of at most {MaxTopicLength} characters (got {topic.Length})");
    }
}
