using System;

namespace NetGen.Tests;

/// <summary>
/// Measures bytes allocated on the current thread by a hot call. The runtime itself may allocate
/// once on the calling thread while it tiers a method up (call-counting stubs, OSR); that happens in
/// one attempt at most, while an allocation in our code happens in every attempt. So: warm up, then
/// take the smallest of three measured loops. Any non-zero result is a real per-call allocation.
/// </summary>
internal static class AllocationMeter
{
    public static long BytesPerLoop(Action action, int times = 100)
    {
        action();
        action();
        long best = long.MaxValue;
        for (int attempt = 0; attempt < 3 && best != 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < times; i++) action();
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return best;
    }
}
