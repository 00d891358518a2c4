using System;
using System.Diagnostics;
using NetGen.Kernels;

namespace NetGen.Threading;

/// <summary>
/// Measures <see cref="ParallelCosts"/> with a product <c>C(64 x 128) = A B</c>, on the calling thread and split in
/// two row bands across the pool, in turns: at depth <c>k</c> = 64 (1 Mflop) and 512 (8 Mflop) with the operands
/// already in both cores' caches, and at depth 512 with <c>A</c> and <c>B</c> rewritten by the caller before each run
/// and <c>C</c> read by it after, as the layers of a training step do (the weights change every step). It takes a few
/// milliseconds.
/// </summary>
/// <remarks>
/// With <c>T1</c> and <c>T2</c> the medians on one and two threads, the two cached depths give two equations
/// <c>T2 = T1 / (1 + e) + w</c>: the slope between them is the helper's efficiency <c>e</c>, and what is left at the
/// small depth the cost <c>w</c> of waking it. What the rewritten operands add to <c>T2</c> beyond that, over the half
/// of the bytes the helper touches, is the cost of moving a byte between cores. Medians of interleaved runs keep a
/// burst of another process from deciding any of them; on a machine whose other cores are busy the helper gains
/// nothing, <c>e</c> comes out near 0, and every call then runs on one thread.
/// </remarks>
internal static class PoolCalibration
{
    private const int M = 64, N = 128, SmallK = 64, LargeK = 512, Trials = 9, WarmUps = 3;

    // The runs, in the order they take turns: depth, split in two, operands rewritten first.
    private static readonly (int K, bool Split, bool Fresh)[] s_runs =
    {
        (SmallK, false, false), (SmallK, true, false), (LargeK, false, false), (LargeK, true, false), (LargeK, false, true), (LargeK, true, true),
    };

    /// <summary>Measures the costs, using the pool (which should be idle: a busy pool makes the split run inline and the result pessimistic).</summary>
    public static ParallelCosts Measure()
    {
        var job = new BandJob(new float[M * LargeK], new float[LargeK * N], new float[M * N]);
        float[] source = new float[LargeK * N];
        for (int i = 0; i < source.Length; i++)
        {
            source[i] = (i % 13 - 6) * 0.0625f;
        }
        source.AsSpan(0, job.A.Length).CopyTo(job.A);
        source.AsSpan(0, job.B.Length).CopyTo(job.B);
        var times = new double[s_runs.Length][];
        for (int r = 0; r < s_runs.Length; r++)
        {
            times[r] = new double[Trials];
        }
        for (int trial = -WarmUps; trial < Trials; trial++)
        {
            // Interleaved, so that a burst of another process falls on every kind of run alike.
            for (int r = 0; r < s_runs.Length; r++)
            {
                double time = Time(ref job, source, s_runs[r]);
                if (trial >= 0)
                {
                    times[r][trial] = time;
                }
            }
        }
        double t1Small = Median(times[0]), t2Small = Median(times[1]), t1Large = Median(times[2]), t2Large = Median(times[3]);
        double t1Fresh = Median(times[4]), t2Fresh = Median(times[5]);
        double slope = (t2Large - t2Small) / (t1Large - t1Small);
        double efficiency = t1Large > t1Small && slope > 0 ? Math.Max(0, Math.Min(1, 1 / slope - 1)) : 0;
        double wake = Math.Max(0, t2Small - t1Small / (1 + efficiency));
        double bytes = 4.0 * (M * LargeK + LargeK * N + M * N);
        double perByte = Math.Max(0, t2Fresh - t1Fresh / (1 + efficiency) - wake) / (bytes / 2);
        return new ParallelCosts(2.0 * M * N * LargeK / t1Large, wake, efficiency, perByte);
    }

    // Nanoseconds for one product; a fresh run rewrites A and B first (untimed) and reads C after (timed).
    private static double Time(ref BandJob job, float[] source, (int K, bool Split, bool Fresh) run)
    {
        if (run.Fresh)
        {
            source.AsSpan(0, job.A.Length).CopyTo(job.A);
            source.AsSpan(0, job.B.Length).CopyTo(job.B);
        }
        job.K = run.K;
        long start = Stopwatch.GetTimestamp();
        if (run.Split)
        {
            WorkerPool.Run(ref job, 2, maxThreads: 2);
        }
        else
        {
            job.Run(0, 1);
        }
        float sum = 0;
        for (int i = 0; run.Fresh && i < job.C.Length; i += 16)
        {
            sum += job.C[i]; // one float of each 64-byte line: the line moves to this core all the same
        }
        long stop = Stopwatch.GetTimestamp();
        job.Sink = sum;
        return (stop - start) * 1e9 / Stopwatch.Frequency;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        return values[values.Length / 2];
    }

    // Part p of `parts` computes its band of rows of C = A B on the thread that runs it.
    private struct BandJob : IParallelJob
    {
        public readonly float[] A, B, C;
        public int K;
        public float Sink;

        public BandJob(float[] a, float[] b, float[] c)
        {
            (A, B, C, K, Sink) = (a, b, c, 0, 0);
        }

        public readonly void Run(int part, int parts)
        {
            int i0 = M * part / parts, i1 = M * (part + 1) / parts;
            Gemm.NnOnThisThread(i1 - i0, N, K, A.AsSpan(i0 * K, (i1 - i0) * K), B.AsSpan(0, K * N), C.AsSpan(i0 * N, (i1 - i0) * N));
        }
    }
}
