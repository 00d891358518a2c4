using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

/// <summary>The instruction sets <see cref="Gemm"/> has a micro-kernel for.</summary>
internal enum GemmIsa
{
    /// <summary>128-bit vectors, 4 x 8 tiles: SSE, NEON, or the runtime's software fallback.</summary>
    Vector128,

    /// <summary>256-bit vectors (AVX2 + FMA), 6 x 16 tiles.</summary>
    Vector256,

    /// <summary>512-bit vectors (AVX-512F), 8 x 32 tiles.</summary>
    Vector512,
}

/// <summary>A micro-kernel and its tile shape: the blocked driver is generic over it.</summary>
internal interface IGemmKernel
{
    /// <summary>Rows of a full tile (the register blocking along <c>m</c>).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of a full tile, two vectors (the register blocking along <c>n</c>); a half tile is one vector.</summary>
    static abstract int NR { get; }

    /// <summary>See <see cref="GemmMicroKernel{TSimd, TVec}.Tile"/>.</summary>
    static abstract void Tile(int rows, bool wide, int kc, ref float a, nint lda, ref float b, nint ldb, ref float c, nint ldc, bool overwrite);
}

/// <summary>8 x 32 tiles: 16 zmm accumulators, 2 loads of <c>B</c> and 8 broadcasts of <c>A</c> per depth step.</summary>
internal readonly struct Vector512Kernel : IGemmKernel
{
    public static int MR => 8;

    public static int NR => 32;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tile(int rows, bool wide, int kc, ref float a, nint lda, ref float b, nint ldb, ref float c, nint ldc, bool overwrite) =>
        GemmMicroKernel<Simd512, Vector512<float>>.Tile(rows, wide, kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite);
}

/// <summary>6 x 16 tiles: 12 of the 16 ymm registers hold accumulators (the BLIS Haswell shape).</summary>
internal readonly struct Vector256Kernel : IGemmKernel
{
    public static int MR => 6;

    public static int NR => 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tile(int rows, bool wide, int kc, ref float a, nint lda, ref float b, nint ldb, ref float c, nint ldc, bool overwrite) =>
        GemmMicroKernel<Simd256, Vector256<float>>.Tile(rows, wide, kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite);
}

/// <summary>4 x 8 tiles: 8 accumulators, within the 16 registers of SSE (NEON has 32).</summary>
internal readonly struct Vector128Kernel : IGemmKernel
{
    public static int MR => 4;

    public static int NR => 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tile(int rows, bool wide, int kc, ref float a, nint lda, ref float b, nint ldb, ref float c, nint ldc, bool overwrite) =>
        GemmMicroKernel<Simd128, Vector128<float>>.Tile(rows, wide, kc, ref a, lda, ref b, ldb, ref c, ldc, overwrite);
}
