namespace LiveTs.Engine.Tests;

public class NativeHeapTests
{
    [Fact]
    public void Finds_malloc_trim_and_trims_on_glibc_linux()
    {
        // Arrange: the machines the tests run on are glibc Linux (Debian), where malloc_trim exists.
        Assert.True(OperatingSystem.IsLinux(), "these tests run on Linux");

        // Act: a trim on this thread, then one started on the pool as the engine starts it.
        NativeHeap.Trim();
        var started = NativeHeap.ReturnFreePages();

        // Assert: found and callable, not reported as unavailable.
        Assert.True(started);
        Assert.True(NativeHeap.ReturnFreePages());
    }
}
