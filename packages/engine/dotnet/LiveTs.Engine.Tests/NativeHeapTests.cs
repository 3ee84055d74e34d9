namespace LiveTs.Engine.Tests;

public class NativeHeapTests
{
    [Fact]
    public void Giving_back_decommits_the_regions_a_burst_left_after_a_full_collection()
    {
        // Arrange: a burst of short-lived allocations held together (as a burst of joins holds its
        // objects), dropped, and collected the way a forced full collection does it.
        const long burstBytes = 256L << 20;
        var held = new List<byte[]>();
        for (long allocated = 0; allocated < burstBytes; allocated += 8 << 10) held.Add(new byte[8 << 10]);
        held.Clear();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var afterFullCollection = GC.GetGCMemoryInfo().TotalCommittedBytes;

        // Act: what the pool thread runs once a burst of connections is over.
        NativeHeap.ReturnNow();
        var afterGivingBack = GC.GetGCMemoryInfo().TotalCommittedBytes;

        // Assert: most of the burst's regions went back (tests running alongside allocate a few MB).
        Assert.True(afterFullCollection - afterGivingBack > burstBytes / 4,
            $"committed {afterFullCollection >> 20} MB after the full collection, {afterGivingBack >> 20} MB after giving back");
    }

    [Fact]
    public void Giving_back_on_the_pool_can_be_asked_for_again_while_one_runs()
    {
        // Act: two requests in a row (the second finds the first running, or done).
        NativeHeap.ReturnFreePages();
        NativeHeap.ReturnFreePages();

        // Assert: a later request on this thread still runs to the end (the flag was released).
        NativeHeap.ReturnNow();
    }
}
