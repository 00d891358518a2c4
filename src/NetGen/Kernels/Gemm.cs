using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

/// <summary>
/// Single-precision matrix products that <em>accumulate</em> into a dense row-major <c>C</c>, in the three forms a
/// convolution needs: <c>C += A B</c> (<see cref="Nn"/>), <c>C += A^T B</c> (<see cref="Tn"/>) and
/// <c>C += A B^T</c> (<see cref="Nt"/>). Every matrix is dense and row-major; nothing is allocated.
/// </summary>
/// <remarks>
/// <see cref="Nn"/> and <see cref="Tn"/> share one register-blocked micro-kernel (a 4 x 16 tile of <c>C</c> held in
/// eight <see cref="Vector256{T}"/> accumulators, a broadcast of <c>A</c> times a row of <c>B</c> per step, as in
/// BLIS) with the depth blocked so that a 16-wide strip of <c>B</c> stays in L1; edge tiles run the same kernel on
/// zero-padded copies held on the stack. <see cref="Nt"/> is a 2 x 4 tile of
/// dot products. Where 256-bit vectors are not hardware accelerated the same products run through
/// <see cref="TensorPrimitives"/>, which vectorises on every platform. Fused multiply-adds are used where the CPU
/// has them, so the last bits of a result can differ between CPUs.
/// </remarks>
public static class Gemm
{
    // Depth of one pass over B: 256 rows of a 16-float strip are 16 KiB, half a typical L1.
    private const int DepthBlock = 256;

    /// <summary><c>C(m x n) += A(m x k) B(k x n)</c>.</summary>
    /// <param name="m">Rows of <c>A</c> and <c>C</c>.</param>
    /// <param name="n">Columns of <c>B</c> and <c>C</c>.</param>
    /// <param name="k">Columns of <c>A</c>, rows of <c>B</c>.</param>
    /// <param name="a">The matrix <c>A</c>, <c>(m, k)</c>.</param>
    /// <param name="b">The matrix <c>B</c>, <c>(k, n)</c>.</param>
    /// <param name="c">The accumulator <c>C</c>, <c>(m, n)</c>.</param>
    public static void Nn(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        Check(m, n, k, a, b, c);
        MultiplyAdd(m, n, k, a, k, 1, b, c);
    }

    /// <summary><c>C(m x n) += A^T B</c>, where <c>A</c> is stored <c>(k, m)</c> and <c>B</c> is <c>(k, n)</c>.</summary>
    /// <param name="m">Columns of the stored <c>A</c>, rows of <c>C</c>.</param>
    /// <param name="n">Columns of <c>B</c> and <c>C</c>.</param>
    /// <param name="k">Rows of the stored <c>A</c> and of <c>B</c>.</param>
    /// <param name="a">The matrix <c>A</c> as stored, <c>(k, m)</c>.</param>
    /// <param name="b">The matrix <c>B</c>, <c>(k, n)</c>.</param>
    /// <param name="c">The accumulator <c>C</c>, <c>(m, n)</c>.</param>
    public static void Tn(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        Check(m, n, k, a, b, c);
        MultiplyAdd(m, n, k, a, 1, m, b, c);
    }

    /// <summary><c>C(m x n) += A B^T</c>, where <c>A</c> is <c>(m, k)</c> and <c>B</c> is stored <c>(n, k)</c>.</summary>
    /// <param name="m">Rows of <c>A</c> and <c>C</c>.</param>
    /// <param name="n">Rows of the stored <c>B</c>, columns of <c>C</c>.</param>
    /// <param name="k">Columns of <c>A</c> and of the stored <c>B</c>: the length of each dot product.</param>
    /// <param name="a">The matrix <c>A</c>, <c>(m, k)</c>.</param>
    /// <param name="b">The matrix <c>B</c> as stored, <c>(n, k)</c>.</param>
    /// <param name="c">The accumulator <c>C</c>, <c>(m, n)</c>.</param>
    public static void Nt(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        Check(m, n, k, a, b, c);
        if (m == 0 || n == 0 || k == 0)
        {
            return;
        }
        if (!Vector256.IsHardwareAccelerated || k < Vector256<float>.Count)
        {
            for (int i = 0; i < m; i++)
            {
                ReadOnlySpan<float> ai = a.Slice(i * k, k);
                for (int j = 0; j < n; j++)
                {
                    c[i * n + j] += TensorPrimitives.Dot(ai, b.Slice(j * k, k));
                }
            }
            return;
        }

        ref float a0 = ref MemoryMarshal.GetReference(a);
        ref float b0 = ref MemoryMarshal.GetReference(b);
        ref float c0 = ref MemoryMarshal.GetReference(c);
        int i0 = 0;
        for (; i0 + 2 <= m; i0 += 2)
        {
            int j0 = 0;
            for (; j0 + 4 <= n; j0 += 4)
            {
                Dot2x4(k, ref Unsafe.Add(ref a0, i0 * k), ref Unsafe.Add(ref b0, j0 * k), ref Unsafe.Add(ref c0, i0 * n + j0), n);
            }
            for (; j0 < n; j0++)
            {
                ReadOnlySpan<float> bj = b.Slice(j0 * k, k);
                c[i0 * n + j0] += TensorPrimitives.Dot(a.Slice(i0 * k, k), bj);
                c[(i0 + 1) * n + j0] += TensorPrimitives.Dot(a.Slice((i0 + 1) * k, k), bj);
            }
        }
        for (; i0 < m; i0++)
        {
            ReadOnlySpan<float> ai = a.Slice(i0 * k, k);
            for (int j = 0; j < n; j++)
            {
                c[i0 * n + j] += TensorPrimitives.Dot(ai, b.Slice(j * k, k));
            }
        }
    }

    // C += A B with A(i, p) = a[i * aRow + p * aCol]; B (k, n) and C (m, n) dense. Sizes already checked.
    private static void MultiplyAdd(int m, int n, int k, ReadOnlySpan<float> a, int aRow, int aCol, ReadOnlySpan<float> b, Span<float> c)
    {
        if (m == 0 || n == 0 || k == 0)
        {
            return;
        }
        if (!Vector256.IsHardwareAccelerated)
        {
            // Portable path: each C row gathers rows of B scaled by A's entries (axpy), vectorised by TensorPrimitives.
            for (int i = 0; i < m; i++)
            {
                Span<float> ci = c.Slice(i * n, n);
                for (int p = 0; p < k; p++)
                {
                    TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), a[i * aRow + p * aCol], ci, ci);
                }
            }
            return;
        }

        ref float a0 = ref MemoryMarshal.GetReference(a);
        ref float b0 = ref MemoryMarshal.GetReference(b);
        ref float c0 = ref MemoryMarshal.GetReference(c);
        bool edges = m % 4 != 0 || n % 16 != 0;
        Span<float> edgeA = edges ? stackalloc float[4 * DepthBlock] : default;
        Span<float> edgeB = edges ? stackalloc float[DepthBlock * 16] : default;
        Span<float> edgeC = edges ? stackalloc float[4 * 16] : default;
        for (int p0 = 0; p0 < k; p0 += DepthBlock)
        {
            int kc = Math.Min(DepthBlock, k - p0);
            ref float ap = ref Unsafe.Add(ref a0, p0 * aCol);
            ref float bp = ref Unsafe.Add(ref b0, p0 * n);
            for (int j0 = 0; j0 < n; j0 += 16)
            {
                int nr = Math.Min(16, n - j0);
                for (int i0 = 0; i0 < m; i0 += 4)
                {
                    int mr = Math.Min(4, m - i0);
                    ref float ai = ref Unsafe.Add(ref ap, i0 * aRow);
                    ref float cij = ref Unsafe.Add(ref c0, i0 * n + j0);
                    if (mr == 4 && nr == 16)
                    {
                        Tile4x16(kc, ref ai, aRow, aCol, ref Unsafe.Add(ref bp, j0), n, ref cij, n);
                    }
                    else
                    {
                        EdgeTile(kc, mr, nr, ref ai, aRow, aCol, ref Unsafe.Add(ref bp, j0), n, ref cij, n, edgeA, edgeB, edgeC);
                    }
                }
            }
        }
    }

    // A tile at the bottom or right edge (mr < 4 rows or nr < 16 columns): its operands are copied into zero-padded
    // buffers so that the same 4 x 16 micro-kernel runs on them, then the valid part of C is copied back.
    private static void EdgeTile(int kc, int mr, int nr, ref float a, int aRow, int aCol, ref float b, int ldb, ref float c, int ldc,
        Span<float> edgeA, Span<float> edgeB, Span<float> edgeC)
    {
        ref float pa = ref a;
        int paRow = aRow, paCol = aCol;
        if (mr < 4)
        {
            edgeA.Slice(0, 4 * kc).Clear();
            for (int p = 0; p < kc; p++)
            {
                for (int i = 0; i < mr; i++)
                {
                    edgeA[p * 4 + i] = Unsafe.Add(ref a, i * aRow + p * aCol);
                }
            }
            pa = ref MemoryMarshal.GetReference(edgeA);
            paRow = 1;
            paCol = 4;
        }
        ref float pb = ref b;
        int pldb = ldb;
        if (nr < 16)
        {
            for (int p = 0; p < kc; p++)
            {
                Span<float> row = edgeB.Slice(p * 16, 16);
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref b, p * ldb), nr).CopyTo(row);
                row.Slice(nr).Clear();
            }
            pb = ref MemoryMarshal.GetReference(edgeB);
            pldb = 16;
        }
        edgeC.Clear();
        for (int i = 0; i < mr; i++)
        {
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref c, i * ldc), nr).CopyTo(edgeC.Slice(i * 16));
        }
        Tile4x16(kc, ref pa, paRow, paCol, ref pb, pldb, ref MemoryMarshal.GetReference(edgeC), 16);
        for (int i = 0; i < mr; i++)
        {
            edgeC.Slice(i * 16, nr).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref c, i * ldc), nr));
        }
    }

    // C[4 x 16] += A[4 x kc] B[kc x 16]: eight accumulators, two B vectors and one broadcast live per step.
    private static void Tile4x16(int kc, ref float a, int aRow, int aCol, ref float b, int ldb, ref float c, int ldc)
    {
        ref float c1 = ref Unsafe.Add(ref c, ldc);
        ref float c2 = ref Unsafe.Add(ref c, 2 * ldc);
        ref float c3 = ref Unsafe.Add(ref c, 3 * ldc);
        Vector256<float> c00 = Vector256.LoadUnsafe(ref c), c01 = Vector256.LoadUnsafe(ref c, 8);
        Vector256<float> c10 = Vector256.LoadUnsafe(ref c1), c11 = Vector256.LoadUnsafe(ref c1, 8);
        Vector256<float> c20 = Vector256.LoadUnsafe(ref c2), c21 = Vector256.LoadUnsafe(ref c2, 8);
        Vector256<float> c30 = Vector256.LoadUnsafe(ref c3), c31 = Vector256.LoadUnsafe(ref c3, 8);
        for (int p = 0; p < kc; p++)
        {
            ref float bRow = ref Unsafe.Add(ref b, p * ldb);
            Vector256<float> b0 = Vector256.LoadUnsafe(ref bRow), b1 = Vector256.LoadUnsafe(ref bRow, 8);
            ref float ap = ref Unsafe.Add(ref a, p * aCol);
            Vector256<float> av = Vector256.Create(ap);
            c00 = MulAdd(av, b0, c00);
            c01 = MulAdd(av, b1, c01);
            av = Vector256.Create(Unsafe.Add(ref ap, aRow));
            c10 = MulAdd(av, b0, c10);
            c11 = MulAdd(av, b1, c11);
            av = Vector256.Create(Unsafe.Add(ref ap, 2 * aRow));
            c20 = MulAdd(av, b0, c20);
            c21 = MulAdd(av, b1, c21);
            av = Vector256.Create(Unsafe.Add(ref ap, 3 * aRow));
            c30 = MulAdd(av, b0, c30);
            c31 = MulAdd(av, b1, c31);
        }
        c00.StoreUnsafe(ref c);
        c01.StoreUnsafe(ref c, 8);
        c10.StoreUnsafe(ref c1);
        c11.StoreUnsafe(ref c1, 8);
        c20.StoreUnsafe(ref c2);
        c21.StoreUnsafe(ref c2, 8);
        c30.StoreUnsafe(ref c3);
        c31.StoreUnsafe(ref c3, 8);
    }

    // C[2 x 4] += A[2 x k] B[4 x k]^T: eight vector dot products, reduced once at the end; k >= 8.
    private static void Dot2x4(int k, ref float a, ref float b, ref float c, int ldc)
    {
        ref float a1 = ref Unsafe.Add(ref a, k);
        ref float b1 = ref Unsafe.Add(ref b, k);
        ref float b2 = ref Unsafe.Add(ref b, 2 * k);
        ref float b3 = ref Unsafe.Add(ref b, 3 * k);
        Vector256<float> s00 = Vector256<float>.Zero, s01 = s00, s02 = s00, s03 = s00;
        Vector256<float> s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        int p = 0;
        for (; p + 8 <= k; p += 8)
        {
            nuint o = (nuint)p;
            Vector256<float> x0 = Vector256.LoadUnsafe(ref a, o), x1 = Vector256.LoadUnsafe(ref a1, o);
            Vector256<float> y = Vector256.LoadUnsafe(ref b, o);
            s00 = MulAdd(x0, y, s00);
            s10 = MulAdd(x1, y, s10);
            y = Vector256.LoadUnsafe(ref b1, o);
            s01 = MulAdd(x0, y, s01);
            s11 = MulAdd(x1, y, s11);
            y = Vector256.LoadUnsafe(ref b2, o);
            s02 = MulAdd(x0, y, s02);
            s12 = MulAdd(x1, y, s12);
            y = Vector256.LoadUnsafe(ref b3, o);
            s03 = MulAdd(x0, y, s03);
            s13 = MulAdd(x1, y, s13);
        }
        float t00 = Vector256.Sum(s00), t01 = Vector256.Sum(s01), t02 = Vector256.Sum(s02), t03 = Vector256.Sum(s03);
        float t10 = Vector256.Sum(s10), t11 = Vector256.Sum(s11), t12 = Vector256.Sum(s12), t13 = Vector256.Sum(s13);
        for (; p < k; p++)
        {
            float x0 = Unsafe.Add(ref a, p), x1 = Unsafe.Add(ref a1, p);
            float y0 = Unsafe.Add(ref b, p), y1 = Unsafe.Add(ref b1, p), y2 = Unsafe.Add(ref b2, p), y3 = Unsafe.Add(ref b3, p);
            t00 += x0 * y0;
            t01 += x0 * y1;
            t02 += x0 * y2;
            t03 += x0 * y3;
            t10 += x1 * y0;
            t11 += x1 * y1;
            t12 += x1 * y2;
            t13 += x1 * y3;
        }
        ref float c1 = ref Unsafe.Add(ref c, ldc);
        c += t00;
        Unsafe.Add(ref c, 1) += t01;
        Unsafe.Add(ref c, 2) += t02;
        Unsafe.Add(ref c, 3) += t03;
        c1 += t10;
        Unsafe.Add(ref c1, 1) += t11;
        Unsafe.Add(ref c1, 2) += t12;
        Unsafe.Add(ref c1, 3) += t13;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        System.Runtime.Intrinsics.X86.Fma.IsSupported ? System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a, b, c) : (a * b) + c;

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
