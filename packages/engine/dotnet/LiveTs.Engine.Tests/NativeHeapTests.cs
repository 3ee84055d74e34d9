namespace LiveTs.Engine.Tests;

public class NativeHeapTests
{
    [Fact]
    public void Returns_free_pages_to_the_os_on_glibc_linux()
    {
        // Arrange: the machines the tests run on are glibc Linux (Debian), where malloc_trim exists.
        Assert.True(OperatingSystem.IsLinux(), "these tests run on Linux");

        // Act
        var returned = NativeHeap.ReturnFreePages();

        // Assert: found and called, not reported as unavailable.
        Assert.True(returned);
        Assert.True(NativeHeap.ReturnFreePages());
    }
}
