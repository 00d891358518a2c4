using System;
using System.Globalization;

namespace NetGen.Threading;

/// <summary>
/// What splitting one kernel call across threads costs and gains on this machine: how fast one thread computes, how
/// long a call waits for each extra thread it wakes, how much each extra thread adds, and what moving data to another
/// core and back costs. NetGen measures these once,
/// on the first kernel call that could use more than one thread (<see cref="Parallelism.Costs"/>), and every parallel
/// kernel call then picks its thread count with <see cref="Degree"/> from its own work.
/// </summary>
/// <remarks>
/// The model: a call of <c>W</c> flops that reads and writes <c>B</c> bytes takes <c>T1 = W / FlopsPerNanosecond</c>
/// on the calling thread, and on <c>p</c> threads
/// <c>Tp = T1 / (1 + (p - 1) HelperEfficiency) + (p - 1) WakeNanoseconds + (p - 1) / p B NanosecondsPerByte</c>.
/// The last term is the helpers' share of the data, which the caller has in its cache (it wrote the activations and
/// the weights a moment ago) and which must move to their cores, and their results back; where cores share no cache,
/// that costs more than the flops it saves for every layer of a small network. An efficiency below 1 is a helper that
/// runs slower than the caller: a core shared with another process, or with the caller's own core (SMT siblings).
/// </remarks>
public sealed class ParallelCosts
{
    /// <summary>
    /// A split must be predicted at least this much faster than one thread: the model's numbers are medians of a
    /// noisy machine, and a split that gains less than this would, when they are off, lose.
    /// </summary>
    public const double MinSpeedup = 1.25;

    private readonly double _leastSplitNanoseconds;

    /// <summary>Creates costs from measured or chosen values.</summary>
    /// <param name="flopsPerNanosecond">One thread's speed in the kernels' inner loop (a GEMM's flops per nanosecond), positive.</param>
    /// <param name="wakeNanoseconds">What each extra thread adds to a call's time, in nanoseconds, at least 0.</param>
    /// <param name="helperEfficiency">
    /// The speed of each extra thread relative to the calling thread, from 0 (extra threads gain nothing) to 1 (a free core).
    /// </param>
    /// <param name="nanosecondsPerByte">What moving one byte of a call's data to a helper's core and back costs, at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range, or not a finite number.</exception>
    public ParallelCosts(double flopsPerNanosecond, double wakeNanoseconds, double helperEfficiency, double nanosecondsPerByte)
    {
        if (!(flopsPerNanosecond > 0) || double.IsInfinity(flopsPerNanosecond))
        {
            throw new ArgumentOutOfRangeException(nameof(flopsPerNanosecond), flopsPerNanosecond, "The speed of one thread must be a positive, finite number of flops per nanosecond.");
        }
        if (!(wakeNanoseconds >= 0) || double.IsInfinity(wakeNanoseconds))
        {
            throw new ArgumentOutOfRangeException(nameof(wakeNanoseconds), wakeNanoseconds, "The cost of waking a thread must be a finite number of nanoseconds, 0 or more.");
        }
        if (!(helperEfficiency >= 0 && helperEfficiency <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(helperEfficiency), helperEfficiency, "The efficiency of an extra thread must be between 0 and 1.");
        }
        if (!(nanosecondsPerByte >= 0) || double.IsInfinity(nanosecondsPerByte))
        {
            throw new ArgumentOutOfRangeException(nameof(nanosecondsPerByte), nanosecondsPerByte, "The cost of moving a byte must be a finite number of nanoseconds, 0 or more.");
        }
        FlopsPerNanosecond = flopsPerNanosecond;
        NanosecondsPerByte = nanosecondsPerByte;
        // Two threads can meet MinSpeedup only where T1 / (1 + e) + w <= T1 / MinSpeedup, data aside: below this T1
        // no split pays, and most calls of a small network stop here.
        double gain = 1 / MinSpeedup - 1 / (1 + helperEfficiency);
        _leastSplitNanoseconds = gain < 0 ? double.PositiveInfinity : wakeNanoseconds / gain;
        WakeNanoseconds = wakeNanoseconds;
        HelperEfficiency = helperEfficiency;
    }

    /// <summary>One thread's speed in the kernels' inner loop, in flops per nanosecond.</summary>
    public double FlopsPerNanosecond { get; }

    /// <summary>What each extra thread adds to a call's time, in nanoseconds: waking it, and moving its data.</summary>
    public double WakeNanoseconds { get; }

    /// <summary>The speed of each extra thread relative to the calling thread, from 0 to 1.</summary>
    public double HelperEfficiency { get; }

    /// <summary>What moving one byte of a call's data to a helper's core and its results back costs, in nanoseconds.</summary>
    public double NanosecondsPerByte { get; }

    /// <summary>
    /// The number of threads for a call of <paramref name="flops"/> over <paramref name="bytes"/> that splits into at most
    /// <paramref name="maxParts"/> parts, with at most <paramref name="maxDegree"/> threads: the count with the least
    /// predicted time, or 1 unless that time beats one thread's by <see cref="MinSpeedup"/>. A pure function.
    /// </summary>
    /// <param name="flops">The call's work, in the flops of the GEMM's inner loop.</param>
    /// <param name="bytes">The bytes the call reads and writes: its operands and results.</param>
    /// <param name="maxParts">The most parts the call's work splits into.</param>
    /// <param name="maxDegree">The most threads, the calling thread included (<see cref="Parallelism.MaxDegree"/>).</param>
    /// <returns>A thread count from 1 to the lesser of <paramref name="maxParts"/> and <paramref name="maxDegree"/>.</returns>
    public int Degree(double flops, double bytes, int maxParts, int maxDegree)
    {
        int limit = Math.Min(maxParts, maxDegree);
        if (limit < 2 || !(flops > 0) || !(bytes >= 0) || HelperEfficiency <= 0)
        {
            return 1;
        }
        double serial = flops / FlopsPerNanosecond, moving = bytes * NanosecondsPerByte;
        if (serial < _leastSplitNanoseconds)
        {
            return 1;
        }
        int best = 1;
        double bestTime = serial / MinSpeedup, previous = serial;
        for (int p = 2; p <= limit; p++)
        {
            double time = serial / (1 + (p - 1) * HelperEfficiency) + (p - 1) * WakeNanoseconds + moving * (p - 1) / p;
            if (time >= previous)
            {
                break; // past the least time: each further thread costs more than it brings
            }
            previous = time;
            if (time <= bestTime)
            {
                (best, bestTime) = (p, time);
            }
        }
        return best;
    }

    /// <inheritdoc />
    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "{0:F1} flops/ns per thread, {1:F0} ns per extra thread, extra threads at {2:P0}, {3:F3} ns per byte moved",
        FlopsPerNanosecond, WakeNanoseconds, HelperEfficiency, NanosecondsPerByte);
}
