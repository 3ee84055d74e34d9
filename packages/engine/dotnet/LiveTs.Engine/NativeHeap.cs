using System.Runtime.InteropServices;

namespace LiveTs.Engine;

/// <summary>
/// The C heap of the process the engine runs in (Node's, shared with the engine's host). Each page a
/// connection loads and joins with passes large short-lived buffers through it: socket reads (64 KiB
/// each, shrunk to what arrived), response bodies, frames. glibc's malloc keeps the memory they free
/// for reuse, and the connections' small long-lived allocations between them keep it from being
/// given back: on the 1,000-row table page that was about 68 KB of RSS per connection, of which 2 KB
/// were in use (docs/architecture.md, "Memory per connection"). <c>malloc_trim</c> gives the free
/// pages back to the OS; elsewhere (musl, macOS, Windows) there is nothing to do and it reports so.
/// </summary>
internal static class NativeHeap
{
    // libc.so.6 is glibc's soname; musl's libc has another name and no malloc_trim, macOS and Windows neither.
    private static readonly Lazy<bool> available = new(() =>
        NativeLibrary.TryLoad("libc.so.6", out var libc) && NativeLibrary.TryGetExport(libc, "malloc_trim", out _));

    private static int trimming;

    /// <summary>
    /// Starts giving the C heap's free pages back to the OS, on a pool thread: a trim walks the whole
    /// heap (25–50 ms with a thousand table pages open), which would hold the JS thread that calls
    /// the engine. False where the C library has no way to (the caller then stops asking).
    /// </summary>
    public static bool ReturnFreePages()
    {
        if (!available.Value) return false;
        // One trim at a time: a second one asked for meanwhile would find nothing more to give back.
        if (Interlocked.Exchange(ref trimming, 1) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(static _ => Trim(), null);
        return true;
    }

    /// <summary>Trims now, on the calling thread (what the pool thread runs; the tests call it to see it work).</summary>
    internal static void Trim()
    {
        try { MallocTrim(0); }
        finally { Volatile.Write(ref trimming, 0); }
    }

    // glibc: "int malloc_trim(size_t pad)"; called only once `available` found it.
    [DllImport("libc.so.6", EntryPoint = "malloc_trim", ExactSpelling = true)]
    private static extern int MallocTrim(nuint pad);
}
