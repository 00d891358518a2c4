using System;

namespace NetGen.Tests.Threading;

/// <summary>
/// Allocation counts that other threads cannot distort. A garbage collection, or a precise count of every thread's
/// allocations (<c>GC.GetTotalAllocatedBytes(true)</c>, which other tests take), retires this thread's allocation
/// context and adds its unused remainder (up to 8 KiB) to <see cref="GC.GetAllocatedBytesForCurrentThread"/>; and
/// other threads (the test runner's) allocate at any moment. So each count is the least over up to 50 windows of one
/// call each (short, so that some are clean even where a call takes a second): an allocation made by every call shows
/// in every window.
/// </summary>
public static class Allocations
{
    /// <summary>Bytes this thread allocates in a call of <paramref name="call"/>, after 3 warm-up calls.</summary>
    public static long OnThisThread(Action call) => Least(call, GC.GetAllocatedBytesForCurrentThread);

    /// <summary>Bytes the whole process allocates in a call of <paramref name="call"/>, after 3 warm-up calls.</summary>
    public static long OnAllThreads(Action call) => Least(call, () => GC.GetTotalAllocatedBytes(precise: true));

    private static long Least(Action call, Func<long> counter)
    {
        for (int i = 0; i < 3; i++)
        {
            call();
        }
        long least = long.MaxValue;
        for (int window = 0; window < 50 && least != 0; window++)
        {
            long before = counter();
            call();
            least = Math.Min(least, counter() - before);
        }
        return least;
    }
}
