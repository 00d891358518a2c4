using System;
using NetGen.Threading;

namespace NetGen.Tests.Threading;

/// <summary>
/// Runs a test with a given <see cref="Parallelism.MaxDegree"/> and, optionally, fixed <see cref="Parallelism.Costs"/>,
/// then restores both (the costs to "not measured yet" when they were), so that tests decide, not the machine.
/// </summary>
public static class ParallelScope
{
    /// <summary>Threads that cost nothing and run as fast as the caller: every call with two or more parts splits.</summary>
    public static readonly ParallelCosts FreeThreads = new(flopsPerNanosecond: 1, wakeNanoseconds: 0, helperEfficiency: 1, nanosecondsPerByte: 0);

    /// <summary>Threads that gain nothing (a machine whose other cores are busy): every call runs on one thread.</summary>
    public static readonly ParallelCosts UselessThreads = new(flopsPerNanosecond: 1, wakeNanoseconds: 1000, helperEfficiency: 0, nanosecondsPerByte: 1);

    /// <summary>Runs <paramref name="test"/> with <paramref name="degree"/> and <paramref name="costs"/> (null leaves the costs as they are).</summary>
    public static void Run(int degree, ParallelCosts? costs, Action test)
    {
        int savedDegree = Parallelism.MaxDegree;
        ParallelCosts? savedCosts = Parallelism.CurrentCosts;
        Parallelism.MaxDegree = degree;
        if (costs is not null)
        {
            Parallelism.Costs = costs;
        }
        try
        {
            test();
        }
        finally
        {
            Parallelism.MaxDegree = savedDegree;
            Parallelism.CurrentCosts = savedCosts;
        }
    }
}
