using System;
using System.Threading;

namespace NetGen.Threading;

/// <summary>
/// How many threads NetGen's kernels may use, and how each kernel call decides how many it does use: from its own
/// work and the measured <see cref="Costs"/> of waking the <see cref="WorkerPool"/>, so that a small network is never
/// slowed down by threads that cost more than they bring.
/// </summary>
public static class Parallelism
{
    private static int s_maxDegree = Environment.ProcessorCount;
    private static ParallelCosts? s_costs;
    private static int s_calibrating;

    /// <summary>
    /// The most threads a kernel call may use, the calling thread included; by default
    /// <see cref="Environment.ProcessorCount"/>. Each call uses fewer where its work is too small to gain from more
    /// (see <see cref="Costs"/>). <c>1</c> runs everything inline on the calling thread, with no synchronisation and
    /// no calibration. Results do not depend on it: every output element is computed by one thread, in the same
    /// order, whatever the degree.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MaxDegree
    {
        get => Volatile.Read(ref s_maxDegree);
        set
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The degree of parallelism must be at least 1.");
            }
            Volatile.Write(ref s_maxDegree, value);
        }
    }

    /// <summary>
    /// What waking threads costs and gains on this machine, which each parallel kernel call weighs against its work
    /// (<see cref="ParallelCosts.Degree"/>). Measured (a few milliseconds) on the first kernel call that could use
    /// more than one thread (or on the first read of this property, or by <see cref="Calibrate"/>), then kept; set it
    /// to fix the decisions (tests do), or call <see cref="Calibrate"/> to measure again.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value set is null.</exception>
    public static ParallelCosts Costs
    {
        get
        {
            ParallelCosts? costs = Volatile.Read(ref s_costs);
            while (costs is null)
            {
                costs = TryCalibrate() ?? WaitForCalibration();
            }
            return costs;
        }
        set => Volatile.Write(ref s_costs, value ?? throw new ArgumentNullException(nameof(value), "Set measured or chosen costs; Calibrate() measures them again."));
    }

    /// <summary>
    /// Measures <see cref="Costs"/> now (a few milliseconds; more on a busy machine), keeps and returns them: an application
    /// that wants no pause in its first training step, a game in its first frame, calls this while loading. On a busy
    /// machine the measured gain of extra threads is small, and kernels then stay on one thread.
    /// </summary>
    public static ParallelCosts Calibrate()
    {
        while (Interlocked.CompareExchange(ref s_calibrating, 1, 0) != 0)
        {
            Thread.Yield();
        }
        try
        {
            ParallelCosts costs = PoolCalibration.Measure();
            Volatile.Write(ref s_costs, costs);
            return costs;
        }
        finally
        {
            Volatile.Write(ref s_calibrating, 0);
        }
    }

    /// <summary>The costs measured or set so far, or null (nothing measured yet); the tests save and restore it.</summary>
    internal static ParallelCosts? CurrentCosts
    {
        get => Volatile.Read(ref s_costs);
        set => Volatile.Write(ref s_costs, value);
    }

    /// <summary>
    /// The threads for a kernel call of <paramref name="flops"/> over <paramref name="bytes"/> of operands and results
    /// that splits into at most <paramref name="maxParts"/> parts: 1 with <see cref="MaxDegree"/> 1 and inside another
    /// job (which the pool runs inline anyway), and while another thread measures the costs (it holds the pool);
    /// otherwise <see cref="ParallelCosts.Degree"/>, measuring the costs first if nothing has. Decisions can therefore
    /// change between calls; kernels prepare the pool's slot for their job type on every path
    /// (<see cref="WorkerPool.Prepare{TJob}"/>), so that a first split in a later call allocates nothing.
    /// </summary>
    internal static int DegreeFor(double flops, double bytes, int maxParts)
    {
        int maxDegree = MaxDegree;
        if (maxDegree < 2 || maxParts < 2 || !WorkerPool.IsIdle)
        {
            return 1;
        }
        ParallelCosts? costs = Volatile.Read(ref s_costs) ?? TryCalibrate();
        return costs is null ? 1 : costs.Degree(flops, bytes, maxParts, maxDegree);
    }

    // The costs, measured now, or null when another thread is measuring them.
    private static ParallelCosts? TryCalibrate()
    {
        if (Interlocked.CompareExchange(ref s_calibrating, 1, 0) != 0)
        {
            return null;
        }
        try
        {
            // Another thread may have finished between our read and our claim.
            ParallelCosts costs = Volatile.Read(ref s_costs) ?? PoolCalibration.Measure();
            Volatile.Write(ref s_costs, costs);
            return costs;
        }
        finally
        {
            Volatile.Write(ref s_calibrating, 0);
        }
    }

    private static ParallelCosts? WaitForCalibration()
    {
        while (Volatile.Read(ref s_calibrating) != 0)
        {
            Thread.Yield();
        }
        return Volatile.Read(ref s_costs);
    }
}
