using System.Runtime.InteropServices;

namespace LiveTs.Engine;

/// <summary>
/// Memory outside the JS heap that a burst of page loads and joins leaves behind, given back to the
/// OS once the burst is over (docs/architecture.md, "Memory per connection"). Two places keep it:
/// <list type="bullet">
/// <item>The engine's .NET GC regions. Each join allocates short-lived objects; a full collection
/// frees them but keeps the regions committed for the allocations to come: at 10,000 idle
/// connections about 2 KB per connection, five times the live managed objects. An aggressive
/// collection decommits them (a normal forced one does not).</item>
/// <item>The C heap of the process (Node's, shared with the engine's host): socket reads (64 KiB
/// each, shrunk to what arrived), response bodies, frames. glibc's malloc keeps what they free, and
/// the connections' small long-lived allocations between them keep it from being given back: on the
/// 1,000-row table page that was about 68 KB of RSS per connection, of which 2 KB were in use.
/// <c>malloc_trim</c> gives the free pages back; elsewhere (musl, macOS, Windows) it is skipped.</item>
/// </list>
/// </summary>
internal static class NativeHeap
{
    // libc.so.6 is glibc's soname; musl's libc has another name and no malloc_trim, macOS and Windows neither.
    private static readonly Lazy<bool> trimAvailable = new(() =>
        NativeLibrary.TryLoad("libc.so.6", out var libc) && NativeLibrary.TryGetExport(libc, "malloc_trim", out _));

    private static int returning;

    /// <summary>
    /// Starts giving free memory back, on a pool thread: a C heap trim walks the whole heap (25–50 ms
    /// with a thousand table pages open), which would hold the JS thread that calls the engine. The
    /// collection stops managed threads only for as long as compacting the live objects takes (a few
    /// MB at 10,000 idle connections).
    /// </summary>
    public static void ReturnFreePages()
    {
        // One at a time: a second one asked for meanwhile would find nothing more to give back.
        if (Interlocked.Exchange(ref returning, 1) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(static _ => ReturnNow(), null);
    }

    /// <summary>Gives back now, on the calling thread (what the pool thread runs; the tests call it to see it work).</summary>
    internal static void ReturnNow()
    {
        try
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            if (trimAvailable.Value) MallocTrim(0);
        }
        finally { Volatile.Write(ref returning, 0); }
    }

    // glibc: "int malloc_trim(size_t pad)"; called only once `trimAvailable` found it.
    [DllImport("libc.so.6", EntryPoint = "malloc_trim", ExactSpelling = true)]
    private static extern int MallocTrim(nuint pad);
}
