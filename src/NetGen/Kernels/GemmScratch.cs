using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.Kernels;

/// <summary>
/// One thread's packing buffers for <see cref="Gemm"/>: one array, created on the thread's first product at the size
/// the largest blocks of the widest kernel need (about 670 KiB), so that no later product on any thread allocates,
/// whichever thread runs which part. The array is pinned (on the pinned object heap) so that each buffer can start on
/// a 64-byte boundary: packed panels then load whole cache lines.
/// </summary>
internal sealed class GemmScratch
{
    // The widest kernel's tile (8 x 32) and the driver's blocks: 16 tiles of rows or columns, depth DepthBlock.
    private const int MaxMR = 8, MaxNR = 32, Depth = GemmDriver<Vector512Kernel>.DepthBlock;
    private const int ASize = 16 * MaxMR * Depth, BSize = 16 * MaxNR * Depth, EdgeSize = MaxNR * Depth, TileSize = MaxMR * MaxNR;
    private const int Align = 64 / sizeof(float);

    [ThreadStatic]
    private static GemmScratch? t_current;

    private readonly float[] _buffer;
    private readonly int _a, _b, _edge, _tile;

    private GemmScratch()
    {
        _buffer = GC.AllocateUninitializedArray<float>(ASize + BSize + EdgeSize + TileSize + Align, pinned: true);
        _a = (int)((-Address(ref MemoryMarshal.GetArrayDataReference(_buffer)) & 63) / sizeof(float));
        _b = _a + ASize;
        _edge = _b + BSize;
        _tile = _edge + EdgeSize;
    }

    /// <summary>The calling thread's buffers.</summary>
    public static GemmScratch Current => t_current ??= new GemmScratch();

    /// <summary>Creates the calling thread's buffers now (the worker pool's threads do, as they start).</summary>
    public static void Prepare() => _ = Current;

    /// <summary>Packed micro-panels of <c>A</c>: 16 panels of 8 rows by 256, 64-byte aligned.</summary>
    public ref float A => ref At(_a);

    /// <summary>Packed micro-panels of <c>B</c>: 16 panels of 256 by 32, 64-byte aligned.</summary>
    public ref float B => ref At(_b);

    /// <summary>The zero-padded copy of a ragged panel of <c>B</c>, 256 by 32.</summary>
    public ref float Edge => ref At(_edge);

    /// <summary>A tile of <c>C</c> for edge tiles narrower than a vector, 8 by 32.</summary>
    public ref float Tile => ref At(_tile);

    /// <summary>Whether blocks of <paramref name="mr"/> x <paramref name="nr"/> tiles fit.</summary>
    public static bool Fits(int mr, int nr, int depth) => mr <= MaxMR && nr <= MaxNR && depth <= Depth;

    private ref float At(int offset) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), offset);

    private static unsafe nint Address(ref float x) => (nint)Unsafe.AsPointer(ref x);
}
