using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#else
using NetGen.Kernels.Portable;
#endif
using NetGen.Threading;

[assembly: InternalsVisibleTo("NetGen.Tests")]

namespace NetGen.Kernels;

/// <summary>
/// Single-precision matrix products that <em>accumulate</em> into a dense row-major <c>C</c>, in the three forms a
/// dense layer and a convolution need: <c>C += A B</c> (<see cref="Nn"/>), <c>C += A^T B</c> (<see cref="Tn"/>) and
/// <c>C += A B^T</c> (<see cref="Nt"/>); each can overwrite <c>C</c> instead (<c>accumulate: false</c>). Every
/// matrix is dense and row-major. After a thread's first call, nothing is allocated.
/// </summary>
/// <remarks>
/// <para>
/// The algorithm is Goto's (Goto and van de Geijn 2008, as structured in BLIS): blocks of the operands are packed
/// into per-thread, 64-byte aligned buffers in the order the micro-kernel reads them, and the micro-kernel holds a
/// tile of <c>C</c> in registers: 8 x 32 with AVX-512, 6 x 16 with AVX2, 4 x 8 with 128-bit vectors, chosen once at
/// start-up from <c>Vector512.IsHardwareAccelerated</c> and <c>Vector256.IsHardwareAccelerated</c>.
/// Operands already in the order the kernel reads (<c>A^T</c>, and <c>B</c> but for a ragged last panel) are read in
/// place. Fused multiply-adds are used where the CPU has them, so the last bits of a result can differ between CPUs.
/// </para>
/// <para>
/// A product is split across threads of the <see cref="WorkerPool"/>, by bands of rows or columns of <c>C</c>, only
/// where its flops outweigh the measured cost of waking them (<see cref="Parallelism.Costs"/>), on up to
/// <see cref="Parallelism.MaxDegree"/> threads; a product called while the pool is busy (from a kernel that already
/// splits its work, such as a convolution over samples) runs on its own thread. Each element is computed by one
/// thread with the same operations in the same order as on one thread, so the result does not depend on the degree.
/// </para>
/// <para>
/// The netstandard2.1 build (Unity) has no hardware intrinsics: it runs the loops of <c>PortableGemm</c>, in
/// <see cref="System.Numerics.Vector{T}"/> lanes, on the calling thread.
/// </para>
/// </remarks>
public static class Gemm
{
#if NET8_0_OR_GREATER
    /// <summary>The micro-kernel this CPU runs.</summary>
    internal static readonly GemmIsa Isa =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? GemmIsa.Vector512
        : Vector256.IsHardwareAccelerated ? GemmIsa.Vector256
        : GemmIsa.Vector128;
#endif

    /// <summary><c>C(m x n) += A(m x k) B(k x n)</c>, or <c>C = A B</c> when <paramref name="accumulate"/> is false.</summary>
    /// <param name="m">Rows of <c>A</c> and <c>C</c>.</param>
    /// <param name="n">Columns of <c>B</c> and <c>C</c>.</param>
    /// <param name="k">Columns of <c>A</c>, rows of <c>B</c>.</param>
    /// <param name="a">The matrix <c>A</c>, <c>(m, k)</c>.</param>
    /// <param name="b">The matrix <c>B</c>, <c>(k, n)</c>.</param>
    /// <param name="c">The accumulator <c>C</c>, <c>(m, n)</c>.</param>
    /// <param name="accumulate">Add to <c>C</c> (the default), or overwrite it, ignoring what it held.</param>
    public static void Nn(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate = true)
    {
        Check(m, n, k, a, b, c);
#if NET8_0_OR_GREATER
        Multiply(Isa, GemmForm.Nn, m, n, k, a, b, c, accumulate, GemmParallel.Degree(Isa, m, n, k));
#else
        PortableGemm.Nn(m, n, k, a, b, c, accumulate);
#endif
    }

    /// <summary>
    /// <c>C(m x n) += A^T B</c>, or <c>C = A^T B</c> when <paramref name="accumulate"/> is false, where <c>A</c> is
    /// stored <c>(k, m)</c> and <c>B</c> is <c>(k, n)</c>.
    /// </summary>
    /// <param name="m">Columns of the stored <c>A</c>, rows of <c>C</c>.</param>
    /// <param name="n">Columns of <c>B</c> and <c>C</c>.</param>
    /// <param name="k">Rows of the stored <c>A</c> and of <c>B</c>.</param>
    /// <param name="a">The matrix <c>A</c> as stored, <c>(k, m)</c>.</param>
    /// <param name="b">The matrix <c>B</c>, <c>(k, n)</c>.</param>
    /// <param name="c">The accumulator <c>C</c>, <c>(m, n)</c>.</param>
    /// <param name="accumulate">Add to <c>C</c> (the default), or overwrite it, ignoring what it held.</param>
    public static void Tn(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate = true)
    {
        Check(m, n, k, a, b, c);
#if NET8_0_OR_GREATER
        Multiply(Isa, GemmForm.Tn, m, n, k, a, b, c, accumulate, GemmParallel.Degree(Isa, m, n, k));
#else
        PortableGemm.Tn(m, n, k, a, b, c, accumulate);
#endif
    }

    /// <summary>
    /// <c>C(m x n) += A B^T</c>, or <c>C = A B^T</c> when <paramref name="accumulate"/> is false, where <c>A</c> is
    /// <c>(m, k)</c> and <c>B</c> is stored <c>(n, k)</c>.
    /// </summary>
    /// <param name="m">Rows of <c>A</c> and <c>C</c>.</param>
    /// <param name="n">Rows of the stored <c>B</c>, columns of <c>C</c>.</param>
    /// <param name="k">Columns of <c>A</c> and of the stored <c>B</c>: the length of each dot product.</param>
    /// <param name="a">The matrix <c>A</c>, <c>(m, k)</c>.</param>
    /// <param name="b">The matrix <c>B</c> as stored, <c>(n, k)</c>.</param>
    /// <param name="c">The accumulator <c>C</c>, <c>(m, n)</c>.</param>
    /// <param name="accumulate">Add to <c>C</c> (the default), or overwrite it, ignoring what it held.</param>
    public static void Nt(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate = true)
    {
        Check(m, n, k, a, b, c);
#if NET8_0_OR_GREATER
        Multiply(Isa, GemmForm.Nt, m, n, k, a, b, c, accumulate, GemmParallel.Degree(Isa, m, n, k));
#else
        PortableGemm.Nt(m, n, k, a, b, c, accumulate);
#endif
    }

#if NET8_0_OR_GREATER
    /// <summary>
    /// A product with the micro-kernel and the thread count chosen by the caller (the tests run every kernel this CPU
    /// supports, and split products the costs would keep on one thread): <paramref name="maxDegree"/> bands, fewer
    /// where <c>C</c> has fewer, run inline when the pool is busy.
    /// </summary>
    internal static unsafe void Multiply(
        GemmIsa isa, GemmForm form, int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate, int maxDegree)
    {
        if (m == 0 || n == 0)
        {
            return;
        }
        if (k == 0)
        {
            if (!accumulate)
            {
                c.Slice(0, m * n).Clear();
            }
            return;
        }
        int parts = GemmParallel.Plan(isa, form, m, n, k, maxDegree, out bool rows, out int unit);
        if (parts == 1 || !WorkerPool.IsIdle)
        {
            WorkerPool.Prepare<GemmJob>();
            var args = new GemmArgs(form, m, n, k, ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), ref MemoryMarshal.GetReference(c), !accumulate);
            RunBlock(isa, args, 0, m, 0, n);
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            var job = new GemmJob
            {
                A = pa, B = pb, C = pc, M = m, N = n, K = k, Isa = isa, Form = form, Overwrite = !accumulate, SplitRows = rows, Unit = unit,
            };
            WorkerPool.Run(ref job, parts);
        }
    }

    /// <summary>Rows <c>[i0, i1)</c> and columns <c>[j0, j1)</c> of the product, on the calling thread.</summary>
    internal static void RunBlock(GemmIsa isa, scoped in GemmArgs args, int i0, int i1, int j0, int j1)
    {
        if (i0 >= i1 || j0 >= j1)
        {
            return;
        }
        switch (isa)
        {
            case GemmIsa.Vector512:
                GemmDriver<Vector512Kernel>.Run(args, i0, i1, j0, j1);
                break;
            case GemmIsa.Vector256:
                GemmDriver<Vector256Kernel>.Run(args, i0, i1, j0, j1);
                break;
            default:
                GemmDriver<Vector128Kernel>.Run(args, i0, i1, j0, j1);
                break;
        }
    }
#endif

    /// <summary><c>C = A B</c> on the calling thread whatever <see cref="Parallelism.MaxDegree"/> is (the pool's calibration); arguments are not checked.</summary>
    internal static void NnOnThisThread(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
#if NET8_0_OR_GREATER
        Multiply(Isa, GemmForm.Nn, m, n, k, a, b, c, accumulate: false, maxDegree: 1);
#else
        PortableGemm.Nn(m, n, k, a, b, c, accumulate: false);
#endif
    }

    private static void Check(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            ThrowNegative(m, n, k);
        }
        if (a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
        {
            ThrowTooShort(m, n, k, a.Length, b.Length, c.Length);
        }
    }

    private static void ThrowNegative(int m, int n, int k) =>
        throw new ArgumentOutOfRangeException(nameof(m), $"GEMM dimensions must not be negative (m = {m}, n = {n}, k = {k}).");

    private static void ThrowTooShort(int m, int n, int k, int a, int b, int c) =>
        throw new ArgumentException(
            $"GEMM operands are too short for m = {m}, n = {n}, k = {k}: A has {a} floats (needs {(long)m * k}), " +
            $"B has {b} (needs {(long)k * n}), C has {c} (needs {(long)m * n}).");
}
