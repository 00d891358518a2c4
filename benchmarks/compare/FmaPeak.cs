using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Threading;

namespace NetGen.Compare;

/// <summary>
/// The machine's single-precision FMA peak: a loop of twelve independent fused multiply-adds on <c>Vector512</c>
/// (<c>Vector256</c> where 512-bit vectors are not accelerated), enough chains to cover the FMA latency on every
/// current x86 core, so the loop runs at the FMA ports' throughput. The values converge to a fixed point, never to
/// denormals.
/// </summary>
public static class FmaPeak
{
    /// <summary>The vector width the peak loop uses, in words.</summary>
    public static string Kind =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? "Vector512 FMA, 12 accumulators"
        : Fma.IsSupported ? "Vector256 FMA, 12 accumulators"
        : "Vector128 multiply + add, 12 accumulators (no FMA)";

    /// <summary>FLOPs of one loop iteration: 12 accumulators x lanes x 2.</summary>
    public static int FlopsPerIteration =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? 12 * 16 * 2
        : Fma.IsSupported ? 12 * 8 * 2
        : 12 * 4 * 2;

    private static float s_sink;

    /// <summary>Runs <paramref name="iterations"/> iterations of the loop on the calling thread.</summary>
    public static void Run(long iterations)
    {
        float r = Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? Loop512(iterations)
            : Fma.IsSupported ? Loop256(iterations)
            : Loop128(iterations);
        s_sink += r;
    }

    /// <summary>
    /// A body that runs the loop on <paramref name="threads"/> threads at once: <c>body(n)</c> releases the workers,
    /// each runs n iterations, and it returns when all are done. Dispose ends the workers.
    /// </summary>
    public static Parallel Start(int threads) => new(threads);

    /// <summary>Worker threads that run the loop together on request.</summary>
    public sealed class Parallel : IDisposable
    {
        private readonly Barrier _start;
        private readonly Barrier _done;
        private readonly Thread[] _workers;
        private long _pending;
        private bool _stop;

        internal Parallel(int threads)
        {
            Threads = threads;
            _start = new Barrier(threads + 1);
            _done = new Barrier(threads + 1);
            _workers = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                _workers[t] = new Thread(Work) { IsBackground = true, Name = $"fma-{t}" };
                _workers[t].Start();
            }
        }

        /// <summary>The number of threads.</summary>
        public int Threads { get; }

        /// <summary>Every worker runs <paramref name="iterations"/> iterations; returns when all have.</summary>
        public void Run(long iterations)
        {
            Interlocked.Exchange(ref _pending, iterations);
            _start.SignalAndWait();
            _done.SignalAndWait();
        }

        private void Work()
        {
            while (true)
            {
                _start.SignalAndWait();
                if (Volatile.Read(ref _stop))
                {
                    return;
                }
                FmaPeak.Run(Interlocked.Read(ref _pending));
                _done.SignalAndWait();
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            Volatile.Write(ref _stop, true);
            _start.SignalAndWait();
            foreach (Thread w in _workers)
            {
                w.Join();
            }
            _start.Dispose();
            _done.Dispose();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop512(long iterations)
    {
        Vector512<float> a = Vector512.Create(0.999999f), b = Vector512.Create(1e-7f);
        Vector512<float> c0 = Vector512.Create(0.01f), c1 = Vector512.Create(0.02f), c2 = Vector512.Create(0.03f);
        Vector512<float> c3 = Vector512.Create(0.04f), c4 = Vector512.Create(0.05f), c5 = Vector512.Create(0.06f);
        Vector512<float> c6 = Vector512.Create(0.07f), c7 = Vector512.Create(0.08f), c8 = Vector512.Create(0.09f);
        Vector512<float> c9 = Vector512.Create(0.10f), c10 = Vector512.Create(0.11f), c11 = Vector512.Create(0.12f);
        for (long i = 0; i < iterations; i++)
        {
            c0 = Avx512F.FusedMultiplyAdd(c0, a, b);
            c1 = Avx512F.FusedMultiplyAdd(c1, a, b);
            c2 = Avx512F.FusedMultiplyAdd(c2, a, b);
            c3 = Avx512F.FusedMultiplyAdd(c3, a, b);
            c4 = Avx512F.FusedMultiplyAdd(c4, a, b);
            c5 = Avx512F.FusedMultiplyAdd(c5, a, b);
            c6 = Avx512F.FusedMultiplyAdd(c6, a, b);
            c7 = Avx512F.FusedMultiplyAdd(c7, a, b);
            c8 = Avx512F.FusedMultiplyAdd(c8, a, b);
            c9 = Avx512F.FusedMultiplyAdd(c9, a, b);
            c10 = Avx512F.FusedMultiplyAdd(c10, a, b);
            c11 = Avx512F.FusedMultiplyAdd(c11, a, b);
        }
        return Vector512.Sum(((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (c10 + c11)));
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop256(long iterations)
    {
        Vector256<float> a = Vector256.Create(0.999999f), b = Vector256.Create(1e-7f);
        Vector256<float> c0 = Vector256.Create(0.01f), c1 = Vector256.Create(0.02f), c2 = Vector256.Create(0.03f);
        Vector256<float> c3 = Vector256.Create(0.04f), c4 = Vector256.Create(0.05f), c5 = Vector256.Create(0.06f);
        Vector256<float> c6 = Vector256.Create(0.07f), c7 = Vector256.Create(0.08f), c8 = Vector256.Create(0.09f);
        Vector256<float> c9 = Vector256.Create(0.10f), c10 = Vector256.Create(0.11f), c11 = Vector256.Create(0.12f);
        for (long i = 0; i < iterations; i++)
        {
            c0 = Fma.MultiplyAdd(c0, a, b);
            c1 = Fma.MultiplyAdd(c1, a, b);
            c2 = Fma.MultiplyAdd(c2, a, b);
            c3 = Fma.MultiplyAdd(c3, a, b);
            c4 = Fma.MultiplyAdd(c4, a, b);
            c5 = Fma.MultiplyAdd(c5, a, b);
            c6 = Fma.MultiplyAdd(c6, a, b);
            c7 = Fma.MultiplyAdd(c7, a, b);
            c8 = Fma.MultiplyAdd(c8, a, b);
            c9 = Fma.MultiplyAdd(c9, a, b);
            c10 = Fma.MultiplyAdd(c10, a, b);
            c11 = Fma.MultiplyAdd(c11, a, b);
        }
        return Vector256.Sum(((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (c10 + c11)));
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop128(long iterations)
    {
        Vector128<float> a = Vector128.Create(0.999999f), b = Vector128.Create(1e-7f);
        Vector128<float> c0 = Vector128.Create(0.01f), c1 = Vector128.Create(0.02f), c2 = Vector128.Create(0.03f);
        Vector128<float> c3 = Vector128.Create(0.04f), c4 = Vector128.Create(0.05f), c5 = Vector128.Create(0.06f);
        Vector128<float> c6 = Vector128.Create(0.07f), c7 = Vector128.Create(0.08f), c8 = Vector128.Create(0.09f);
        Vector128<float> c9 = Vector128.Create(0.10f), c10 = Vector128.Create(0.11f), c11 = Vector128.Create(0.12f);
        for (long i = 0; i < iterations; i++)
        {
            c0 = c0 * a + b;
            c1 = c1 * a + b;
            c2 = c2 * a + b;
            c3 = c3 * a + b;
            c4 = c4 * a + b;
            c5 = c5 * a + b;
            c6 = c6 * a + b;
            c7 = c7 * a + b;
            c8 = c8 * a + b;
            c9 = c9 * a + b;
            c10 = c10 * a + b;
            c11 = c11 * a + b;
        }
        return Vector128.Sum(((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (c10 + c11)));
    }

    /// <summary>Keeps the loop's result observable.</summary>
    public static float Sink => s_sink;
}
