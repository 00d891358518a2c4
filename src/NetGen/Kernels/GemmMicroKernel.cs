using System.Runtime.CompilerServices;

namespace NetGen.Kernels;

/// <summary>
/// The GEMM micro-kernel (Goto and van de Geijn 2008; BLIS, Van Zee and van de Geijn 2015): a tile of up to 8 rows by
/// two vectors of <c>C</c> held in up to 16 accumulator registers while the depth loop streams one row of <c>B</c>
/// (two vector loads) and one column of <c>A</c> (one broadcast per row) per step. The row count and the width are
/// type parameters, so the JIT emits one branch-free loop per shape and keeps every accumulator in a register.
/// </summary>
/// <remarks>
/// Each element of <c>C</c> is one chain of fused multiply-adds in depth order, started from zero and added to
/// <c>C</c> at the end, whatever the tile's shape or position: which tile computes an element never changes its bits.
/// </remarks>
/// <typeparam name="TSimd">The vector operations.</typeparam>
/// <typeparam name="TVec">The vector type.</typeparam>
internal static class GemmMicroKernel<TSimd, TVec>
    where TSimd : struct, IGemmSimd<TVec>
    where TVec : struct
{
    /// <summary>
    /// <c>C(i, j) (+)= sum_p A(i, p) B(p, j)</c> for <c>i &lt; rows</c> and <c>j &lt; (wide ? 2 : 1) Width</c>, where
    /// <c>A(i, p) = a[p lda + i]</c>, <c>B(p, j) = b[p ldb + j]</c> and <c>C(i, j) = c[i ldc + j]</c>.
    /// </summary>
    /// <param name="rows">Rows of the tile, 1 to 8.</param>
    /// <param name="wide">Two vectors of columns, or one.</param>
    /// <param name="kc">The depth.</param>
    /// <param name="a">The first element of <c>A</c>'s column block.</param>
    /// <param name="lda">Floats between depth steps of <c>A</c>.</param>
    /// <param name="b">The first element of <c>B</c>'s row block.</param>
    /// <param name="ldb">Floats between depth steps of <c>B</c>.</param>
    /// <param name="c">The tile's first element.</param>
    /// <param name="ldc">Floats between rows of <c>C</c>.</param>
    /// <param name="overwrite">Store the products instead of adding them to <c>C</c>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile(int rows, bool wide, int kc, ref float a, nint lda, ref float b, nint ldb, ref float c, nint ldc, bool overwrite)
    {
        if (wide)
        {
            switch (rows)
            {
                case 1: Tile<N1, N2>(kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite); break;
                case 2: Tile<N2, N2>(kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite); break;
                case 3: Tile<N3, N2>(kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite); break;
                case 4: Tile<N4, N2>(kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite); break;
                case 5: Tile<N5, N2>(kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite); break;
                case 6: Tile<N6, N2>(kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite); break;
                case 7: Tile<N7, N2>(kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite); break;
                case 8: Tile<N8, N2>(kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite); break;
            }
        }
        else
        {
            switch (rows)
            {
                case 1: Tile<N1, N1>(kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite); break;
                case 2: Tile<N2, N1>(kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite); break;
                case 3: Tile<N3, N1>(kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite); break;
                case 4: Tile<N4, N1>(kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite); break;
                case 5: Tile<N5, N1>(kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite); break;
                case 6: Tile<N6, N1>(kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite); break;
                case 7: Tile<N7, N1>(kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite); break;
                case 8: Tile<N8, N1>(kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite); break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TRows, TCols>(int kc, ref float a, nint lda, ref float b, nint ldb, ref float c, nint ldc, bool overwrite)
        where TRows : struct, IGemmConstant
        where TCols : struct, IGemmConstant
    {
        TVec c00 = default, c01 = default;
        TVec c10 = default, c11 = default;
        TVec c20 = default, c21 = default;
        TVec c30 = default, c31 = default;
        TVec c40 = default, c41 = default;
        TVec c50 = default, c51 = default;
        TVec c60 = default, c61 = default;
        TVec c70 = default, c71 = default;
        nint width = TSimd.Width;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TSimd.Load(ref b);
            TVec b1 = TCols.Value > 1 ? TSimd.Load(ref Unsafe.Add(ref b, width)) : default;
            TVec x;
            x = TSimd.Broadcast(a);
            c00 = TSimd.MultiplyAdd(x, b0, c00);
            c01 = TCols.Value > 1 ? TSimd.MultiplyAdd(x, b1, c01) : c01;
            if (TRows.Value > 1)
            {
                x = TSimd.Broadcast(Unsafe.Add(ref a, 1));
                c10 = TSimd.MultiplyAdd(x, b0, c10);
                c11 = TCols.Value > 1 ? TSimd.MultiplyAdd(x, b1, c11) : c11;
            }
            if (TRows.Value > 2)
            {
                x = TSimd.Broadcast(Unsafe.Add(ref a, 2));
                c20 = TSimd.MultiplyAdd(x, b0, c20);
                c21 = TCols.Value > 1 ? TSimd.MultiplyAdd(x, b1, c21) : c21;
            }
            if (TRows.Value > 3)
            {
                x = TSimd.Broadcast(Unsafe.Add(ref a, 3));
                c30 = TSimd.MultiplyAdd(x, b0, c30);
                c31 = TCols.Value > 1 ? TSimd.MultiplyAdd(x, b1, c31) : c31;
            }
            if (TRows.Value > 4)
            {
                x = TSimd.Broadcast(Unsafe.Add(ref a, 4));
                c40 = TSimd.MultiplyAdd(x, b0, c40);
                c41 = TCols.Value > 1 ? TSimd.MultiplyAdd(x, b1, c41) : c41;
            }
            if (TRows.Value > 5)
            {
                x = TSimd.Broadcast(Unsafe.Add(ref a, 5));
                c50 = TSimd.MultiplyAdd(x, b0, c50);
                c51 = TCols.Value > 1 ? TSimd.MultiplyAdd(x, b1, c51) : c51;
            }
            if (TRows.Value > 6)
            {
                x = TSimd.Broadcast(Unsafe.Add(ref a, 6));
                c60 = TSimd.MultiplyAdd(x, b0, c60);
                c61 = TCols.Value > 1 ? TSimd.MultiplyAdd(x, b1, c61) : c61;
            }
            if (TRows.Value > 7)
            {
                x = TSimd.Broadcast(Unsafe.Add(ref a, 7));
                c70 = TSimd.MultiplyAdd(x, b0, c70);
                c71 = TCols.Value > 1 ? TSimd.MultiplyAdd(x, b1, c71) : c71;
            }
            a = ref Unsafe.Add(ref a, lda);
            b = ref Unsafe.Add(ref b, ldb);
        }
        Write<TCols>(ref c, c00, c01, overwrite);
        if (TRows.Value > 1)
        {
            Write<TCols>(ref Unsafe.Add(ref c, 1 * ldc), c10, c11, overwrite);
        }
        if (TRows.Value > 2)
        {
            Write<TCols>(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, overwrite);
        }
        if (TRows.Value > 3)
        {
            Write<TCols>(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, overwrite);
        }
        if (TRows.Value > 4)
        {
            Write<TCols>(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, overwrite);
        }
        if (TRows.Value > 5)
        {
            Write<TCols>(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, overwrite);
        }
        if (TRows.Value > 6)
        {
            Write<TCols>(ref Unsafe.Add(ref c, 6 * ldc), c60, c61, overwrite);
        }
        if (TRows.Value > 7)
        {
            Write<TCols>(ref Unsafe.Add(ref c, 7 * ldc), c70, c71, overwrite);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write<TCols>(ref float c, TVec sum0, TVec sum1, bool overwrite)
        where TCols : struct, IGemmConstant
    {
        if (overwrite)
        {
            TSimd.Store(sum0, ref c);
            if (TCols.Value > 1)
            {
                TSimd.Store(sum1, ref Unsafe.Add(ref c, TSimd.Width));
            }
        }
        else
        {
            TSimd.Store(TSimd.Add(TSimd.Load(ref c), sum0), ref c);
            if (TCols.Value > 1)
            {
                ref float c1 = ref Unsafe.Add(ref c, TSimd.Width);
                TSimd.Store(TSimd.Add(TSimd.Load(ref c1), sum1), ref c1);
            }
        }
    }
}

/// <summary>A compile-time integer: the JIT folds <see cref="Value"/> in code specialised for the struct.</summary>
internal interface IGemmConstant
{
    /// <summary>The value.</summary>
    static abstract int Value { get; }
}

internal readonly struct N1 : IGemmConstant { public static int Value => 1; }

internal readonly struct N2 : IGemmConstant { public static int Value => 2; }

internal readonly struct N3 : IGemmConstant { public static int Value => 3; }

internal readonly struct N4 : IGemmConstant { public static int Value => 4; }

internal readonly struct N5 : IGemmConstant { public static int Value => 5; }

internal readonly struct N6 : IGemmConstant { public static int Value => 6; }

internal readonly struct N7 : IGemmConstant { public static int Value => 7; }

internal readonly struct N8 : IGemmConstant { public static int Value => 8; }
