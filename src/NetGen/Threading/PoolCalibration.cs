using System;
using System.Diagnostics;
using NetGen.Kernels;

namespace NetGen.Threading;

/// <summary>
/// Measures <see cref="ParallelCosts"/>: a product <c>C(64 x 128) = A B</c> with <c>k</c> = 64 (1 Mflop) and
/// <c>k</c> = 512 (8 Mflop), each on the calling thread and split in two row bands across the pool, in turns. Before
/// every run the caller rewrites <c>A</c>, and after it reads <c>C</c>, as the layers of a training step do, so the
/// split pays for moving its operands between cores as a real call does. It takes about a millisecond.
/// </summary>
/// <remarks>
/// With <c>T1</c> and <c>T2</c> the medians on one and two threads, the two sizes give two equations
/// <c>T2 = T1 / (1 + e) + w</c>: the slope between them is the helper's efficiency <c>e</c>, and what is left at the
/// small size the cost <c>w</c> of waking it. Medians of interleaved runs keep a burst of another process from
/// deciding either; on a machine whose other cores are busy the helper gains nothing, <c>e</c> comes out near 0, and
/// every call then runs on one thread.
/// </remarks>
internal static class PoolCalibration
{
    private const int M = 64, N = 128, SmallK = 64, LargeK = 512, Trials = 9, WarmUps = 3;

    /// <summary>Measures the costs, using the pool (which should be idle: a busy pool makes the split run inline and the result pessimistic).</summary>
    public static ParallelCosts Measure()
    {
        var job = new BandJob(new float[M * LargeK], new float[LargeK * N], new float[M * N]);
        float[] source = new float[M * LargeK];
        for (int i = 0; i < source.Length; i++)
        {
            source[i] = (i % 13 - 6) * 0.125f;
        }
        for (int i = 0; i < job.B.Length; i++)
        {
            job.B[i] = (i % 11 - 5) * 0.0625f;
        }
        var one = new double[4][];
        for (int s = 0; s < one.Length; s++)
        {
            one[s] = new double[Trials];
        }
        for (int trial = -WarmUps; trial < Trials; trial++)
        {
            // Interleaved, so that a burst of another process falls on every kind of run alike.
            for (int s = 0; s < one.Length; s++)
            {
                double time = Time(ref job, source, s < 2 ? SmallK : LargeK, split: s % 2 == 1);
                if (trial >= 0)
                {
                    one[s][trial] = time;
                }
            }
        }
        double t1Small = Median(one[0]), t2Small = Median(one[1]), t1Large = Median(one[2]), t2Large = Median(one[3]);
        double slope = (t2Large - t2Small) / (t1Large - t1Small);
        double efficiency = t1Large > t1Small && slope > 0 ? Math.Max(0, Math.Min(1, 1 / slope - 1)) : 0;
        double wake = Math.Max(0, t2Small - t1Small / (1 + efficiency));
        return new ParallelCosts(2.0 * M * N * LargeK / t1Large, wake, efficiency);
    }

    // Nanoseconds for one product of depth k and the caller's read of C; A is rewritten first, outside the time.
    private static double Time(ref BandJob job, float[] source, int k, bool split)
    {
        source.AsSpan(0, M * k).CopyTo(job.A);
        job.K = k;
        long start = Stopwatch.GetTimestamp();
        if (split)
        {
            WorkerPool.Run(ref job, 2, maxThreads: 2);
        }
        else
        {
            job.Run(0, 1);
        }
        float sum = 0;
        for (int i = 0; i < job.C.Length; i += 16)
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
