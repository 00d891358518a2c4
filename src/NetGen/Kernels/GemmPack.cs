using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>
/// Packing for <see cref="Gemm"/>: blocks of <c>A</c> and <c>B</c> copied into the contiguous, depth-major order the
/// micro-kernel streams (Goto and van de Geijn 2008, section 4). The copies that transpose use 8 x 16 and 16 x 16
/// in-register transposes where AVX-512 is available, about a third of a cycle per float.
/// </summary>
internal static class GemmPack
{
    /// <summary>
    /// A <c>rows x kc</c> block of a row-major <c>A</c> (row stride <paramref name="lda"/>) into micro-panels of
    /// <paramref name="mr"/> rows: the panel of rows <c>r0..r0+h</c> starts at <c>dst + r0 kc</c> and holds
    /// <c>A(r0 + i, p)</c> at <c>p mr + i</c>; a short last panel (<c>h &lt; mr</c>) leaves <c>i &gt;= h</c> undefined,
    /// as the kernel for <c>h</c> rows never reads them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowPanels(ref float a, int lda, int rows, int kc, int mr, ref float dst)
    {
        for (int r0 = 0; r0 < rows; r0 += mr)
        {
            int h = Math.Min(mr, rows - r0);
            ref float src = ref Unsafe.Add(ref a, (nint)r0 * lda);
            ref float panel = ref Unsafe.Add(ref dst, (nint)r0 * kc);
            int p = 0;
            if (mr == 8 && Avx512F.IsSupported)
            {
                for (; p + 16 <= kc; p += 16)
                {
                    Transpose8x16(ref Unsafe.Add(ref src, p), lda, h, ref Unsafe.Add(ref panel, p * 8));
                }
            }
            for (; p < kc; p++)
            {
                for (int i = 0; i < h; i++)
                {
                    Unsafe.Add(ref panel, p * mr + i) = Unsafe.Add(ref src, (nint)i * lda + p);
                }
            }
        }
    }

    /// <summary>
    /// The transpose of a <c>cols x kc</c> block of a row-major <c>B</c> (row stride <paramref name="ldb"/>) into
    /// micro-panels of <paramref name="nr"/> columns: the panel of columns <c>j0..j0+w</c> starts at <c>dst + j0 kc</c>
    /// and holds <c>B(j0 + j, p)</c> at <c>p nr + j</c>, zero for <c>w &lt;= j</c> within the vectors the kernel reads
    /// (one when <c>w &lt;= nr / 2</c>, two otherwise).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposedPanels(ref float b, int ldb, int cols, int kc, int nr, ref float dst)
    {
        int half = nr / 2;
        for (int j0 = 0; j0 < cols; j0 += nr)
        {
            int w = Math.Min(nr, cols - j0), read = w <= half ? half : nr;
            ref float src = ref Unsafe.Add(ref b, (nint)j0 * ldb);
            ref float panel = ref Unsafe.Add(ref dst, (nint)j0 * kc);
            int p = 0;
            if (nr % 16 == 0 && Avx512F.IsSupported)
            {
                // Depth-outer: both 16-row halves of a depth chunk, then the next chunk. Writing each 128-byte row of
                // the panel whole runs three times faster than writing every other cache line in two sweeps.
                for (; p + 16 <= kc; p += 16)
                {
                    for (int j = 0; j < read; j += 16)
                    {
                        Transpose16x16(ref Unsafe.Add(ref src, (nint)j * ldb + p), ldb, w - j, ref Unsafe.Add(ref panel, p * nr + j), nr);
                    }
                }
            }
            for (; p < kc; p++)
            {
                for (int j = 0; j < read; j++)
                {
                    Unsafe.Add(ref panel, p * nr + j) = j < w ? Unsafe.Add(ref src, (nint)j * ldb + p) : 0;
                }
            }
        }
    }

    /// <summary>
    /// A <c>kc x cols</c> block of a row-major <c>B</c> (row stride <paramref name="ldb"/>), <c>cols &lt; nr</c>,
    /// into one panel of <paramref name="nr"/> columns, zero-padded: the ragged last panel, which the micro-kernel
    /// cannot read in place without running past the matrix.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RaggedPanel(ref float b, int ldb, int cols, int kc, int nr, ref float dst)
    {
        for (int p = 0; p < kc; p++)
        {
            ref float row = ref Unsafe.Add(ref dst, p * nr);
            for (int j = 0; j < cols; j++)
            {
                Unsafe.Add(ref row, j) = Unsafe.Add(ref b, (nint)p * ldb + j);
            }
            for (int j = cols; j < nr; j++)
            {
                Unsafe.Add(ref row, j) = 0;
            }
        }
    }

    // Rows r0..r7 (16 floats each, stride lds; the first h exist, the others read as zero) to dst[p * 8 + i] = r_i[p],
    // 128 contiguous floats. Unpacks interleave pairs of rows and pairs of pairs within 128-bit lanes; two rounds of
    // lane shuffles then gather each depth's two 4-row halves: 32 shuffles in all.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose8x16(ref float src, nint lds, int h, ref float dst)
    {
        Vector512<float> r0 = Row(ref src, lds, 0, h), r1 = Row(ref src, lds, 1, h), r2 = Row(ref src, lds, 2, h), r3 = Row(ref src, lds, 3, h);
        Vector512<float> r4 = Row(ref src, lds, 4, h), r5 = Row(ref src, lds, 5, h), r6 = Row(ref src, lds, 6, h), r7 = Row(ref src, lds, 7, h);

        // Lane l of sQ holds rows 0-3 at depth 4l + q; of uQ, rows 4-7.
        (Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3) = Quad(r0, r1, r2, r3);
        (Vector512<float> u0, Vector512<float> u1, Vector512<float> u2, Vector512<float> u3) = Quad(r4, r5, r6, r7);

        Vector512<float> e0 = Avx512F.Shuffle4x128(s0, u0, 0b01_00_01_00), f0 = Avx512F.Shuffle4x128(s0, u0, 0b11_10_11_10);
        Vector512<float> e1 = Avx512F.Shuffle4x128(s1, u1, 0b01_00_01_00), f1 = Avx512F.Shuffle4x128(s1, u1, 0b11_10_11_10);
        Vector512<float> e2 = Avx512F.Shuffle4x128(s2, u2, 0b01_00_01_00), f2 = Avx512F.Shuffle4x128(s2, u2, 0b11_10_11_10);
        Vector512<float> e3 = Avx512F.Shuffle4x128(s3, u3, 0b01_00_01_00), f3 = Avx512F.Shuffle4x128(s3, u3, 0b11_10_11_10);

        Avx512F.Shuffle4x128(e0, e1, 0b10_00_10_00).StoreUnsafe(ref dst, 0);
        Avx512F.Shuffle4x128(e2, e3, 0b10_00_10_00).StoreUnsafe(ref dst, 16);
        Avx512F.Shuffle4x128(e0, e1, 0b11_01_11_01).StoreUnsafe(ref dst, 32);
        Avx512F.Shuffle4x128(e2, e3, 0b11_01_11_01).StoreUnsafe(ref dst, 48);
        Avx512F.Shuffle4x128(f0, f1, 0b10_00_10_00).StoreUnsafe(ref dst, 64);
        Avx512F.Shuffle4x128(f2, f3, 0b10_00_10_00).StoreUnsafe(ref dst, 80);
        Avx512F.Shuffle4x128(f0, f1, 0b11_01_11_01).StoreUnsafe(ref dst, 96);
        Avx512F.Shuffle4x128(f2, f3, 0b11_01_11_01).StoreUnsafe(ref dst, 112);
    }

    // Rows r0..r15 (16 floats each, stride lds; the first h exist (h may exceed 16), the others read as zero) to dst[p * ldd + j] = r_j[p]:
    // the 4-stage transpose, 64 shuffles.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose16x16(ref float src, nint lds, int h, ref float dst, nint ldd)
    {
        (Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3) =
            Quad(Row(ref src, lds, 0, h), Row(ref src, lds, 1, h), Row(ref src, lds, 2, h), Row(ref src, lds, 3, h));
        (Vector512<float> b0, Vector512<float> b1, Vector512<float> b2, Vector512<float> b3) =
            Quad(Row(ref src, lds, 4, h), Row(ref src, lds, 5, h), Row(ref src, lds, 6, h), Row(ref src, lds, 7, h));
        (Vector512<float> c0, Vector512<float> c1, Vector512<float> c2, Vector512<float> c3) =
            Quad(Row(ref src, lds, 8, h), Row(ref src, lds, 9, h), Row(ref src, lds, 10, h), Row(ref src, lds, 11, h));
        (Vector512<float> d0, Vector512<float> d1, Vector512<float> d2, Vector512<float> d3) =
            Quad(Row(ref src, lds, 12, h), Row(ref src, lds, 13, h), Row(ref src, lds, 14, h), Row(ref src, lds, 15, h));
        // Lane l of aQ holds rows 0-3 at depth 4l + q; bQ rows 4-7, cQ rows 8-11, dQ rows 12-15.
        Octet(a0, b0, c0, d0, ref dst, ldd);
        Octet(a1, b1, c1, d1, ref Unsafe.Add(ref dst, ldd), ldd);
        Octet(a2, b2, c2, d2, ref Unsafe.Add(ref dst, 2 * ldd), ldd);
        Octet(a3, b3, c3, d3, ref Unsafe.Add(ref dst, 3 * ldd), ldd);
    }

    // Row i of a block whose first h rows exist.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row(ref float src, nint lds, int i, int h) =>
        i < h ? Vector512.LoadUnsafe(ref Unsafe.Add(ref src, i * lds)) : Vector512<float>.Zero;

    // Four rows to their values at depth 4l + q for q = 0..3 (lane l of the q-th result).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>) Quad(
        Vector512<float> r0, Vector512<float> r1, Vector512<float> r2, Vector512<float> r3)
    {
        Vector512<double> t0 = Avx512F.UnpackLow(r0, r1).AsDouble(), t1 = Avx512F.UnpackHigh(r0, r1).AsDouble();
        Vector512<double> t2 = Avx512F.UnpackLow(r2, r3).AsDouble(), t3 = Avx512F.UnpackHigh(r2, r3).AsDouble();
        return (Avx512F.UnpackLow(t0, t2).AsSingle(), Avx512F.UnpackHigh(t0, t2).AsSingle(),
            Avx512F.UnpackLow(t1, t3).AsSingle(), Avx512F.UnpackHigh(t1, t3).AsSingle());
    }

    // Depths q, 4 + q, 8 + q and 12 + q of 16 rows, from the four 4-row groups at depth 4l + q.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Octet(Vector512<float> g0, Vector512<float> g1, Vector512<float> g2, Vector512<float> g3, ref float dst, nint ldd)
    {
        Vector512<float> x = Avx512F.Shuffle4x128(g0, g1, 0b01_00_01_00), y = Avx512F.Shuffle4x128(g0, g1, 0b11_10_11_10);
        Vector512<float> z = Avx512F.Shuffle4x128(g2, g3, 0b01_00_01_00), w = Avx512F.Shuffle4x128(g2, g3, 0b11_10_11_10);
        Avx512F.Shuffle4x128(x, z, 0b10_00_10_00).StoreUnsafe(ref dst);
        Avx512F.Shuffle4x128(x, z, 0b11_01_11_01).StoreUnsafe(ref Unsafe.Add(ref dst, 4 * ldd));
        Avx512F.Shuffle4x128(y, w, 0b10_00_10_00).StoreUnsafe(ref Unsafe.Add(ref dst, 8 * ldd));
        Avx512F.Shuffle4x128(y, w, 0b11_01_11_01).StoreUnsafe(ref Unsafe.Add(ref dst, 12 * ldd));
    }
}
