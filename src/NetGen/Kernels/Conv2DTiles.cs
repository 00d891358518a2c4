using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>What a convolution tile does with each finished vector of results.</summary>
internal interface ITileStore
{
    /// <summary>Writes (or adds) <paramref name="acc"/> at <paramref name="dst"/>.</summary>
    void Store(ref float dst, Vector512<float> acc);
}

/// <summary>Stores the results.</summary>
internal readonly struct StoreTile : ITileStore
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref float dst, Vector512<float> acc) => acc.StoreUnsafe(ref dst);
}

/// <summary>Stores <c>x &lt;= 0 ? 0 : x</c> (NaN passes), bit for bit <see cref="Ops.ReluActivation"/>'s span epilogue.</summary>
internal readonly struct StoreReluTile : ITileStore
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref float dst, Vector512<float> acc) =>
        Vector512.AndNot(acc, Vector512.LessThanOrEqual(acc, Vector512<float>.Zero)).StoreUnsafe(ref dst);
}

/// <summary>Adds the results to what is there.</summary>
internal readonly struct AddTile : ITileStore
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref float dst, Vector512<float> acc) => (Vector512.LoadUnsafe(ref dst) + acc).StoreUnsafe(ref dst);
}

/// <summary>
/// The AVX-512 register tiles of the direct convolution (<see cref="Conv2DDirect"/>): small matrix products whose
/// <c>B</c> rows are found through a table of offsets, so that shifted views of an image serve as the rows of an
/// im2col matrix that is never built.
/// </summary>
/// <remarks>
/// <see cref="Rows8x3{TStore}"/> computes <c>acc[m, s] = init[m] + sum_k a[k, m] b[boff[k] + pb + 16 s]</c> for 8 rows
/// <c>m</c> and 3 vectors <c>s</c> (24 accumulators, as many as the 32 registers allow next to the operands), then hands
/// each to its <c>TStore</c> at <c>dst[doff[m] + pd + 16 s]</c>. <c>a</c> is packed <c>(k, 8)</c>, so the
/// eight broadcasts of a step read one 32-byte line. <see cref="Gradient8x3"/> is the transposed product that a
/// weight gradient needs, reducing over positions. Every tile is compiled on its own and fully optimised from its
/// first call (<c>NoInlining | AggressiveOptimization</c>): inlined into a caller, its multiply-adds could exceed the
/// caller's inlining budget and turn into calls.
/// </remarks>
internal static class Conv2DTiles
{
    /// <summary>Floats in one vector.</summary>
    public const int Lanes = 16;

    /// <summary>8 rows by 3 vectors.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Rows8x3<TStore>(int k, ref float a, ref int boff, ref float b, nint pb, ref float init, ref float dst, ref int doff, nint pd)
        where TStore : struct, ITileStore
    {
        Vector512<float> c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
        Vector512<float> c40, c41, c42, c50, c51, c52, c60, c61, c62, c70, c71, c72;
        c00 = c01 = c02 = Vector512.Create(init);
        c10 = c11 = c12 = Vector512.Create(Unsafe.Add(ref init, 1));
        c20 = c21 = c22 = Vector512.Create(Unsafe.Add(ref init, 2));
        c30 = c31 = c32 = Vector512.Create(Unsafe.Add(ref init, 3));
        c40 = c41 = c42 = Vector512.Create(Unsafe.Add(ref init, 4));
        c50 = c51 = c52 = Vector512.Create(Unsafe.Add(ref init, 5));
        c60 = c61 = c62 = Vector512.Create(Unsafe.Add(ref init, 6));
        c70 = c71 = c72 = Vector512.Create(Unsafe.Add(ref init, 7));
        ref float bp = ref Unsafe.Add(ref b, pb);
        for (int kk = 0; kk < k; kk++)
        {
            ref float row = ref Unsafe.Add(ref bp, Unsafe.Add(ref boff, kk));
            Vector512<float> b0 = Vector512.LoadUnsafe(ref row);
            Vector512<float> b1 = Vector512.LoadUnsafe(ref row, Lanes);
            Vector512<float> b2 = Vector512.LoadUnsafe(ref row, 2 * Lanes);
            ref float ak = ref Unsafe.Add(ref a, kk * 8);
            Vector512<float> w = Vector512.Create(ak);
            c00 = Fma(w, b0, c00); c01 = Fma(w, b1, c01); c02 = Fma(w, b2, c02);
            w = Vector512.Create(Unsafe.Add(ref ak, 1));
            c10 = Fma(w, b0, c10); c11 = Fma(w, b1, c11); c12 = Fma(w, b2, c12);
            w = Vector512.Create(Unsafe.Add(ref ak, 2));
            c20 = Fma(w, b0, c20); c21 = Fma(w, b1, c21); c22 = Fma(w, b2, c22);
            w = Vector512.Create(Unsafe.Add(ref ak, 3));
            c30 = Fma(w, b0, c30); c31 = Fma(w, b1, c31); c32 = Fma(w, b2, c32);
            w = Vector512.Create(Unsafe.Add(ref ak, 4));
            c40 = Fma(w, b0, c40); c41 = Fma(w, b1, c41); c42 = Fma(w, b2, c42);
            w = Vector512.Create(Unsafe.Add(ref ak, 5));
            c50 = Fma(w, b0, c50); c51 = Fma(w, b1, c51); c52 = Fma(w, b2, c52);
            w = Vector512.Create(Unsafe.Add(ref ak, 6));
            c60 = Fma(w, b0, c60); c61 = Fma(w, b1, c61); c62 = Fma(w, b2, c62);
            w = Vector512.Create(Unsafe.Add(ref ak, 7));
            c70 = Fma(w, b0, c70); c71 = Fma(w, b1, c71); c72 = Fma(w, b2, c72);
        }
        // Last row first: a row past the last channel may alias an earlier one, whose real values must win.
        Store3<TStore>(ref RowOf(ref dst, ref doff, 7, pd), c70, c71, c72);
        Store3<TStore>(ref RowOf(ref dst, ref doff, 6, pd), c60, c61, c62);
        Store3<TStore>(ref RowOf(ref dst, ref doff, 5, pd), c50, c51, c52);
        Store3<TStore>(ref RowOf(ref dst, ref doff, 4, pd), c40, c41, c42);
        Store3<TStore>(ref RowOf(ref dst, ref doff, 3, pd), c30, c31, c32);
        Store3<TStore>(ref RowOf(ref dst, ref doff, 2, pd), c20, c21, c22);
        Store3<TStore>(ref RowOf(ref dst, ref doff, 1, pd), c10, c11, c12);
        Store3<TStore>(ref RowOf(ref dst, ref doff, 0, pd), c00, c01, c02);
    }

    /// <summary>8 rows by 1 vector, for the slots left over by <see cref="Rows8x3{TStore}"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Rows8x1<TStore>(int k, ref float a, ref int boff, ref float b, nint pb, ref float init, ref float dst, ref int doff, nint pd)
        where TStore : struct, ITileStore
    {
        Vector512<float> c0 = Vector512.Create(init), c1 = Vector512.Create(Unsafe.Add(ref init, 1));
        Vector512<float> c2 = Vector512.Create(Unsafe.Add(ref init, 2)), c3 = Vector512.Create(Unsafe.Add(ref init, 3));
        Vector512<float> c4 = Vector512.Create(Unsafe.Add(ref init, 4)), c5 = Vector512.Create(Unsafe.Add(ref init, 5));
        Vector512<float> c6 = Vector512.Create(Unsafe.Add(ref init, 6)), c7 = Vector512.Create(Unsafe.Add(ref init, 7));
        ref float bp = ref Unsafe.Add(ref b, pb);
        for (int kk = 0; kk < k; kk++)
        {
            Vector512<float> b0 = Vector512.LoadUnsafe(ref Unsafe.Add(ref bp, Unsafe.Add(ref boff, kk)));
            ref float ak = ref Unsafe.Add(ref a, kk * 8);
            c0 = Fma(Vector512.Create(ak), b0, c0);
            c1 = Fma(Vector512.Create(Unsafe.Add(ref ak, 1)), b0, c1);
            c2 = Fma(Vector512.Create(Unsafe.Add(ref ak, 2)), b0, c2);
            c3 = Fma(Vector512.Create(Unsafe.Add(ref ak, 3)), b0, c3);
            c4 = Fma(Vector512.Create(Unsafe.Add(ref ak, 4)), b0, c4);
            c5 = Fma(Vector512.Create(Unsafe.Add(ref ak, 5)), b0, c5);
            c6 = Fma(Vector512.Create(Unsafe.Add(ref ak, 6)), b0, c6);
            c7 = Fma(Vector512.Create(Unsafe.Add(ref ak, 7)), b0, c7);
        }
        // Last row first, as in Rows8x3.
        default(TStore).Store(ref RowOf(ref dst, ref doff, 7, pd), c7);
        default(TStore).Store(ref RowOf(ref dst, ref doff, 6, pd), c6);
        default(TStore).Store(ref RowOf(ref dst, ref doff, 5, pd), c5);
        default(TStore).Store(ref RowOf(ref dst, ref doff, 4, pd), c4);
        default(TStore).Store(ref RowOf(ref dst, ref doff, 3, pd), c3);
        default(TStore).Store(ref RowOf(ref dst, ref doff, 2, pd), c2);
        default(TStore).Store(ref RowOf(ref dst, ref doff, 1, pd), c1);
        default(TStore).Store(ref RowOf(ref dst, ref doff, 0, pd), c0);
    }

    /// <summary>One row by 3 vectors, for the rows left over by <see cref="Rows8x3{TStore}"/>; <c>a</c> has stride <paramref name="lda"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Rows1x3<TStore>(int k, ref float a, nint lda, ref int boff, ref float b, nint pb, ref float dst, nint pd)
        where TStore : struct, ITileStore
    {
        Vector512<float> c0 = default, c1 = default, c2 = default;
        ref float bp = ref Unsafe.Add(ref b, pb);
        for (int kk = 0; kk < k; kk++)
        {
            ref float row = ref Unsafe.Add(ref bp, Unsafe.Add(ref boff, kk));
            Vector512<float> w = Vector512.Create(Unsafe.Add(ref a, kk * lda));
            c0 = Fma(w, Vector512.LoadUnsafe(ref row), c0);
            c1 = Fma(w, Vector512.LoadUnsafe(ref row, Lanes), c1);
            c2 = Fma(w, Vector512.LoadUnsafe(ref row, 2 * Lanes), c2);
        }
        Store3<TStore>(ref Unsafe.Add(ref dst, pd), c0, c1, c2);
    }

    /// <summary>One row by 1 vector.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Rows1x1<TStore>(int k, ref float a, nint lda, ref int boff, ref float b, nint pb, ref float dst, nint pd)
        where TStore : struct, ITileStore
    {
        Vector512<float> c0 = default, c1 = default;
        ref float bp = ref Unsafe.Add(ref b, pb);
        int kk = 0;
        for (; kk + 2 <= k; kk += 2)
        {
            c0 = Fma(Vector512.Create(Unsafe.Add(ref a, kk * lda)), Vector512.LoadUnsafe(ref Unsafe.Add(ref bp, Unsafe.Add(ref boff, kk))), c0);
            c1 = Fma(Vector512.Create(Unsafe.Add(ref a, (kk + 1) * lda)), Vector512.LoadUnsafe(ref Unsafe.Add(ref bp, Unsafe.Add(ref boff, kk + 1))), c1);
        }
        if (kk < k)
        {
            c0 = Fma(Vector512.Create(Unsafe.Add(ref a, kk * lda)), Vector512.LoadUnsafe(ref Unsafe.Add(ref bp, Unsafe.Add(ref boff, kk))), c0);
        }
        default(TStore).Store(ref Unsafe.Add(ref dst, pd), c0 + c1);
    }

    /// <summary>
    /// <c>sums[m, j] = sum over samples g and slots s of d[g, doff[m] + 16 s + l] x[g, xoff[j] + p(s) + l]</c> for 8 rows
    /// of <c>d</c> (at offsets <paramref name="doff"/>, sample stride <paramref name="dSample"/>) and 3 shifted views of
    /// <c>x</c> (sample stride <paramref name="xSample"/>), where slot <c>s</c> starts at <c>p(s) = min(16 s, last)</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Gradient8x3(int samples, int slots, nint last, ref float d, ref int doff, nint dSample,
        ref float x, nint xSample, ref int xoff, Span<float> sums)
    {
        _ = sums[23];
        Vector512<float> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        Vector512<float> c40 = default, c41 = default, c42 = default, c50 = default, c51 = default, c52 = default;
        Vector512<float> c60 = default, c61 = default, c62 = default, c70 = default, c71 = default, c72 = default;
        nint o0 = xoff, o1 = Unsafe.Add(ref xoff, 1), o2 = Unsafe.Add(ref xoff, 2);
        nint d0 = doff, d1 = Unsafe.Add(ref doff, 1), d2 = Unsafe.Add(ref doff, 2), d3 = Unsafe.Add(ref doff, 3);
        nint d4 = Unsafe.Add(ref doff, 4), d5 = Unsafe.Add(ref doff, 5), d6 = Unsafe.Add(ref doff, 6), d7 = Unsafe.Add(ref doff, 7);
        for (int g = 0; g < samples; g++)
        {
            ref float dg = ref Unsafe.Add(ref d, g * dSample);
            ref float xg = ref Unsafe.Add(ref x, g * xSample);
            ref float x0 = ref Unsafe.Add(ref xg, o0), x1 = ref Unsafe.Add(ref xg, o1), x2 = ref Unsafe.Add(ref xg, o2);
            for (int s = 0; s < slots; s++)
            {
                nint p = Math.Min((nint)s * Lanes, last);
                Vector512<float> b0 = Vector512.LoadUnsafe(ref Unsafe.Add(ref x0, p));
                Vector512<float> b1 = Vector512.LoadUnsafe(ref Unsafe.Add(ref x1, p));
                Vector512<float> b2 = Vector512.LoadUnsafe(ref Unsafe.Add(ref x2, p));
                ref float ds = ref Unsafe.Add(ref dg, s * Lanes);
                Vector512<float> v = Vector512.LoadUnsafe(ref Unsafe.Add(ref ds, d0));
                c00 = Fma(v, b0, c00); c01 = Fma(v, b1, c01); c02 = Fma(v, b2, c02);
                v = Vector512.LoadUnsafe(ref Unsafe.Add(ref ds, d1));
                c10 = Fma(v, b0, c10); c11 = Fma(v, b1, c11); c12 = Fma(v, b2, c12);
                v = Vector512.LoadUnsafe(ref Unsafe.Add(ref ds, d2));
                c20 = Fma(v, b0, c20); c21 = Fma(v, b1, c21); c22 = Fma(v, b2, c22);
                v = Vector512.LoadUnsafe(ref Unsafe.Add(ref ds, d3));
                c30 = Fma(v, b0, c30); c31 = Fma(v, b1, c31); c32 = Fma(v, b2, c32);
                v = Vector512.LoadUnsafe(ref Unsafe.Add(ref ds, d4));
                c40 = Fma(v, b0, c40); c41 = Fma(v, b1, c41); c42 = Fma(v, b2, c42);
                v = Vector512.LoadUnsafe(ref Unsafe.Add(ref ds, d5));
                c50 = Fma(v, b0, c50); c51 = Fma(v, b1, c51); c52 = Fma(v, b2, c52);
                v = Vector512.LoadUnsafe(ref Unsafe.Add(ref ds, d6));
                c60 = Fma(v, b0, c60); c61 = Fma(v, b1, c61); c62 = Fma(v, b2, c62);
                v = Vector512.LoadUnsafe(ref Unsafe.Add(ref ds, d7));
                c70 = Fma(v, b0, c70); c71 = Fma(v, b1, c71); c72 = Fma(v, b2, c72);
            }
        }
        // Reduce the 24 accumulators together, a transposing tree of shuffles and adds (sums in natural order).
        Vector512<float> v16 = Level3(
            Level3(Level2(Level1(c00, c11), Level1(c22, c40)), Level2(Level1(c01, c12), Level1(c30, c41))),
            Level3(Level2(Level1(c02, c20), Level1(c31, c42)), Level2(Level1(c10, c21), Level1(c32, c50))));
        Vector512<float> v8 = Level3(Level2(Level1(c51, c60), Level1(c62, c71)), Level2(Level1(c52, c61), Level1(c70, c72)));
        v8 += Avx512F.Shuffle(v8, v8, 0b10_11_00_01);
        v16.StoreUnsafe(ref MemoryMarshal.GetReference(sums));
        Avx512F.PermuteVar16x32(v8, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 0, 2, 4, 6, 8, 10, 12, 14)).GetLower()
            .StoreUnsafe(ref MemoryMarshal.GetReference(sums), 16);
    }

    /// <summary>Packs <c>rows (count, k)</c> as the <c>a</c> of 8-row tiles: blocks of 8 rows, each <c>(k, 8)</c>, zero past the end.</summary>
    public static void PackRows(ReadOnlySpan<float> rows, int count, int k, Span<float> packed)
    {
        packed.Slice(0, (count + 7) / 8 * 8 * k).Clear();
        for (int r = 0; r < count; r++)
        {
            ReadOnlySpan<float> row = rows.Slice(r * k, k);
            Span<float> block = packed.Slice(r / 8 * 8 * k);
            for (int kk = 0; kk < k; kk++)
            {
                block[kk * 8 + r % 8] = row[kk];
            }
        }
    }

    /// <summary>
    /// The sum of the 16 lanes, as <c>((lo + hi) halves)</c>: 7 instructions where <see cref="Vector512.Sum{T}"/> takes
    /// about 30 on .NET 8 to 10.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> v)
    {
        Vector256<float> h = v.GetLower() + v.GetUpper();
        Vector128<float> q = h.GetLower() + h.GetUpper();
        q += Sse.MoveHighToLow(q, q);
        return (q + Sse3.MoveHighAndDuplicate(q)).ToScalar();
    }

    // The levels of the reduction tree: adding two vectors' halves, then quarters, then pairs of lanes (used twice), so
    // that after four levels each lane holds the whole sum of one of 16 accumulators.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Level1(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle4x128(a, b, 0b01_00_01_00) + Avx512F.Shuffle4x128(a, b, 0b11_10_11_10);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Level2(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle4x128(a, b, 0b10_00_10_00) + Avx512F.Shuffle4x128(a, b, 0b11_01_11_01);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Level3(Vector512<float> a, Vector512<float> b) =>
        Avx512F.Shuffle(a, b, 0b10_00_10_00) + Avx512F.Shuffle(a, b, 0b11_01_11_01);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Avx512F.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float RowOf(ref float dst, ref int doff, int m, nint pd) => ref Unsafe.Add(ref dst, Unsafe.Add(ref doff, m) + pd);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store3<TStore>(ref float dst, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2)
        where TStore : struct, ITileStore
    {
        default(TStore).Store(ref dst, v0);
        default(TStore).Store(ref Unsafe.Add(ref dst, Lanes), v1);
        default(TStore).Store(ref Unsafe.Add(ref dst, 2 * Lanes), v2);
    }
}
