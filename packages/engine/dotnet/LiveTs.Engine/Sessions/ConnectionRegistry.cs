using System.Collections.Concurrent;

namespace LiveTs.Engine.Sessions;

/// <summary>Live connections keyed by their random 128-bit id.</summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<ConnectionId, Connection> connections = new();

    public int Count => connections.Count;

    public Connection Open(long deadline)
    {
        while (true)
        {
            var connection = new Connection(ConnectionId.NewRandom(), deadline);
            if (connections.TryAdd(connection.Id, connection)) return connection;
        }
    }

    public Connection Get(ConnectionId id) =>
        connections.TryGetValue(id, out var connection) ? connection
            : throw new LiveTsException(EngineErrorCodes.UnknownConnection, $"connection {id} is not open (closed or never opened)");

    public bool Close(ConnectionId id) => connections.TryRemove(id, out _);

    /// <summary>Connections whose deadline passed; the caller closes their sockets.</summary>
    public List<ConnectionId> Expired(long now)
    {
        var expired = new List<ConnectionId>();
        foreach (var (id, connection) in connections)
            if (connection.Deadline <= now) expired.Add(id);
        return expired;
    }
}
