namespace BlazorPeer.Services;

public sealed record ChatMessage(long Id, string Author, string Text);

/// <summary>
/// One in-process chat room shared by every circuit. Posting a message notifies every subscriber on
/// the poster's thread; each subscriber then re-renders on its own circuit's dispatcher.
/// </summary>
public sealed class ChatRoom
{
    public const int Shown = 20;

    private readonly object _gate = new();
    private readonly Queue<ChatMessage> _recent = new();
    private long _nextId;

    public event Action? Changed;

    public IReadOnlyList<ChatMessage> Recent
    {
        get { lock (_gate) return _recent.ToArray(); }
    }

    public void Post(string author, string text)
    {
        lock (_gate)
        {
            _recent.Enqueue(new ChatMessage(++_nextId, author, text));
            while (_recent.Count > Shown) _recent.Dequeue();
        }
        Changed?.Invoke();
    }
}
