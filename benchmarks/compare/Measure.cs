using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace NetGen.Compare;

/// <summary>
/// How long to measure: repetitions of one timed sample each, after a warm-up. A sample during which other processes
/// used more than <paramref name="QuietShare"/> of the machine's CPU time is taken again, after a pause, until
/// <paramref name="MaxWaitSeconds"/> of such retakes and pauses have been spent in the run.
/// </summary>
public sealed record MeasureSettings(int Repetitions, double SampleSeconds, double WarmupSeconds, double QuietShare = 0.05, double MaxWaitSeconds = 600);

/// <summary>
/// Seconds per iteration: the median and the range over the repetitions, the managed bytes allocated per iteration,
/// how many samples were retaken because another process was busy, how many disturbed ones were kept when the waiting
/// budget ran out, and the mean share of the machine other processes used during the kept samples.
/// </summary>
public sealed record Timing(
    double MedianSeconds, double MinSeconds, double MaxSeconds, long Iterations, int Repetitions, double BytesPerIteration,
    int Retakes = 0, int Disturbed = 0, double ForeignShare = double.NaN)
{
    /// <summary>Iterations per second at the median.</summary>
    public double PerSecond => 1.0 / MedianSeconds;

    /// <summary>The spread (max - min) relative to the median.</summary>
    public double Spread => (MaxSeconds - MinSeconds) / MedianSeconds;
}

/// <summary>One thing to time: it warms up and picks its iteration count, then runs samples of that many iterations.</summary>
public abstract class Contender
{
    /// <summary>Creates a contender called <paramref name="name"/>.</summary>
    protected Contender(string name) => Name = name;

    /// <summary>What is timed, for the log.</summary>
    public string Name { get; }

    /// <summary>Warms up and returns how many iterations make one sample of about <see cref="MeasureSettings.SampleSeconds"/>.</summary>
    public abstract long Prepare(MeasureSettings settings);

    /// <summary>Runs <paramref name="iterations"/> iterations; returns the seconds they took.</summary>
    public abstract double Sample(long iterations);

    /// <summary>Managed bytes allocated by the samples so far, or NaN where not known (another process).</summary>
    public virtual double AllocatedBytes => double.NaN;
}

/// <summary>
/// A body in this process, <c>body(n)</c> running n iterations: warm-up (long enough, and enough calls, for tiered
/// compilation to promote the hot methods), calibration, and samples each after a full garbage collection.
/// </summary>
public sealed class LocalContender : Contender
{
    /// <summary>The warm-up makes at least this many single-iteration calls, however long they take.</summary>
    public const int MinWarmupCalls = 50;

    private readonly Action<long> _body;
    private readonly Action? _setup;
    private long _allocated;

    /// <summary>Creates a contender; <paramref name="setup"/> (such as setting the thread count) runs before every sample.</summary>
    public LocalContender(string name, Action<long> body, Action? setup = null)
        : base(name)
    {
        _body = body;
        _setup = setup;
    }

    /// <inheritdoc />
    public override double AllocatedBytes => _allocated;

    /// <inheritdoc />
    public override long Prepare(MeasureSettings settings)
    {
        _setup?.Invoke();
        var clock = Stopwatch.StartNew();
        for (int calls = 0; calls < MinWarmupCalls || clock.Elapsed.TotalSeconds < settings.WarmupSeconds; calls++)
        {
            _body(1);
        }
        long n = 1;
        double elapsed;
        while (true)
        {
            long start = Stopwatch.GetTimestamp();
            _body(n);
            elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (elapsed >= settings.SampleSeconds / 10 || n >= 1L << 40)
            {
                break;
            }
            n *= 2;
        }
        return Math.Max(1, (long)(n * settings.SampleSeconds / Math.Max(elapsed, 1e-9)));
    }

    /// <inheritdoc />
    public override double Sample(long iterations)
    {
        _setup?.Invoke();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long bytes = GC.GetTotalAllocatedBytes(precise: true);
        long start = Stopwatch.GetTimestamp();
        _body(iterations);
        long stop = Stopwatch.GetTimestamp();
        _allocated += GC.GetTotalAllocatedBytes(precise: true) - bytes;
        return (double)(stop - start) / Stopwatch.Frequency;
    }
}

/// <summary>The harness: contenders that are compared are measured in turn, one sample each per round.</summary>
public static class Measure
{
    private static double s_waited;

    /// <summary>Seconds spent so far on retaking disturbed samples, pauses included.</summary>
    public static double WaitedSeconds => s_waited;

    /// <summary>
    /// Prepares every contender, then runs <see cref="MeasureSettings.Repetitions"/> rounds in which each contender
    /// takes one sample, so that a disturbance of the machine (another process, a frequency change) falls on all of
    /// them alike and their ratios stay fair; returns each one's median. A sample during which other processes were
    /// busy is retaken (see <see cref="MeasureSettings"/>).
    /// </summary>
    public static Timing[] Interleaved(IReadOnlyList<Contender> contenders, MeasureSettings settings)
    {
        int count = contenders.Count;
        var iterations = new long[count];
        for (int c = 0; c < count; c++)
        {
            iterations[c] = contenders[c].Prepare(settings);
        }
        var samples = new double[count][];
        var retakes = new int[count];
        var disturbed = new int[count];
        var foreign = new double[count];
        for (int c = 0; c < count; c++)
        {
            samples[c] = new double[settings.Repetitions];
        }
        for (int r = 0; r < settings.Repetitions; r++)
        {
            for (int c = 0; c < count; c++)
            {
                while (true)
                {
                    CpuLoad? load = CpuLoad.Start();
                    long start = Stopwatch.GetTimestamp();
                    double seconds = contenders[c].Sample(iterations[c]);
                    double share = load?.ForeignShare() ?? double.NaN;
                    // A few ticks of accounting jitter are not a neighbour: require 3 ticks (30 ms of CPU) as well.
                    bool busy = share > settings.QuietShare
                        && share * Stopwatch.GetElapsedTime(start).TotalSeconds * Environment.ProcessorCount >= 0.03;
                    if (busy && s_waited < settings.MaxWaitSeconds)
                    {
                        retakes[c]++;
                        Thread.Sleep(500);
                        s_waited += Stopwatch.GetElapsedTime(start).TotalSeconds;
                        continue;
                    }
                    disturbed[c] += busy ? 1 : 0;
                    foreign[c] += double.IsNaN(share) ? 0 : share;
                    samples[c][r] = seconds / iterations[c];
                    break;
                }
            }
        }
        var timings = new Timing[count];
        for (int c = 0; c < count; c++)
        {
            double[] s = samples[c];
            Array.Sort(s);
            double median = s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
            timings[c] = new Timing(
                median, s[0], s[^1], iterations[c], s.Length, contenders[c].AllocatedBytes / (iterations[c] * (double)s.Length),
                retakes[c], disturbed[c], foreign[c] / s.Length);
        }
        return timings;
    }
}
