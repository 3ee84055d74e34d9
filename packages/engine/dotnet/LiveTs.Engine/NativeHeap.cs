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
    private static bool unavailable;

    /// <summary>Returns the C heap's free pages to the OS; false where the C library has no way to (then never tries again).</summary>
    public static bool ReturnFreePages()
    {
        if (unavailable) return false;
        try
        {
            MallocTrim(0);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = true;
            return false;
        }
    }

    // glibc: "int malloc_trim(size_t pad)". libc.so.6 is glibc's soname; musl's libc has another name and no malloc_trim.
    [DllImport("libc.so.6", EntryPoint = "malloc_trim", ExactSpelling = true)]
    private static extern int MallocTrim(nuint pad);
}
