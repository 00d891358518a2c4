using System;
using ILGPU;
using ILGPU.Runtime;

namespace NetGen.Gpu.Kernels;

/// <summary>
/// The one GEMM kernel every dense and convolution pass uses: <c>C (m x n) = A (m x k) . B (k x n)</c>, computed in
/// square tiles staged through shared memory (each group loads a tile of A and one of B, synchronises, and every
/// thread accumulates its output from the shared tiles), so each input is read from device memory once per tile
/// rather than once per output. The operands and the epilogue are structs: the same kernel, specialised by ILGPU,
/// serves <c>inp . W^T</c> with fused bias and activation, the weight and input gradients, and implicit-GEMM
/// convolutions whose patch matrix is never materialised.
/// </summary>
public static class TiledGemm
{
    /// <summary>
    /// The kernel: a grid of <c>tile x tile</c> groups, X over the columns of C, Y over its rows, Z over slices of
    /// <paramref name="kChunk"/> of the inner dimension (split-K, for products with few outputs and a long inner
    /// dimension, such as weight gradients; each slice adds its partial sum, so the epilogue must accumulate atomically).
    /// </summary>
    /// <remarks>The tile edge is the group's X dimension; shared memory holds <c>2 tile^2</c> floats (dynamic).</remarks>
    public static void Kernel<TA, TB, TE>(int m, int n, int k, TA a, TB b, TE epilogue, int kChunk)
        where TA : struct, IGemmOperand
        where TB : struct, IGemmOperand
        where TE : struct, IGemmEpilogue
    {
        int tile = Group.DimX;
        ArrayView<float> shared = SharedMemory.GetDynamic<float>();
        int tx = Group.IdxX, ty = Group.IdxY;
        int row = Grid.IdxY * tile + ty;
        int col = Grid.IdxX * tile + tx;
        int tileSize = tile * tile;
        float acc = 0f;
        int kStart = Grid.IdxZ * kChunk;
        int kEnd = kStart + kChunk < k ? kStart + kChunk : k;
        for (int k0 = kStart; k0 < kEnd; k0 += tile)
        {
            int ka = k0 + tx;
            shared[ty * tile + tx] = row < m && ka < kEnd ? a.Load(row, ka) : 0f;
            int kb = k0 + ty;
            shared[tileSize + ty * tile + tx] = kb < kEnd && col < n ? b.Load(kb, col) : 0f;
            Group.Barrier();
            for (int i = 0; i < tile; i++)
            {
                acc += shared[ty * tile + i] * shared[tileSize + i * tile + tx];
            }
            Group.Barrier();
        }
        if (row < m && col < n)
        {
            epilogue.Store(row, col, acc);
        }
    }

    /// <summary>
    /// The same product without tiles, one thread per output: what a tile of edge 1 computes, without its barriers,
    /// for ILGPU's CPU accelerator (where a barrier is a rendezvous of OS threads). Sums run in the same order (k
    /// ascending), so both kernels give bit-identical results.
    /// </summary>
    /// <remarks>Each thread strides over the outputs by the launched thread count (<see cref="GpuDevice.Threads"/>).</remarks>
    public static void DirectKernel<TA, TB, TE>(Index1D index, int m, int n, int k, TA a, TB b, TE epilogue, int stride)
        where TA : struct, IGemmOperand
        where TB : struct, IGemmOperand
        where TE : struct, IGemmEpilogue
    {
        int total = m * n;
        for (int o = index; o < total; o += stride)
        {
            int row = o / n;
            int col = o - row * n;
            float acc = 0f;
            for (int i = 0; i < k; i++)
            {
                acc += a.Load(row, i) * b.Load(i, col);
            }
            epilogue.Store(row, col, acc);
        }
    }

    /// <summary>The launch configuration for an <paramref name="m"/> x <paramref name="n"/> product in <paramref name="tile"/>-wide tiles and <paramref name="splits"/> slices of k.</summary>
    public static KernelConfig Config(int m, int n, int tile, int splits) => new KernelConfig(
        new Index3D((n + tile - 1) / tile, (m + tile - 1) / tile, splits),
        new Index3D(tile, tile, 1),
        SharedMemoryConfig.RequestDynamic<float>(2 * tile * tile));

    /// <summary>
    /// How many slices of the inner dimension to run side by side: enough for about 256 groups when the product
    /// itself has few tiles, each slice at least 4 tiles deep; 1 (no split) for the direct kernel.
    /// </summary>
    public static int Splits(int m, int n, int k, int tile)
    {
        if (tile <= 1)
        {
            return 1;
        }
        long groups = (long)((m + tile - 1) / tile) * ((n + tile - 1) / tile);
        long wanted = Math.Max(1, 256 / Math.Max(1, groups));
        long deepest = Math.Max(1, k / (4 * tile));
        return (int)Math.Min(wanted, deepest);
    }

    /// <summary>The slice of k each split handles: a multiple of the tile.</summary>
    public static int Chunk(int k, int tile, int splits)
    {
        int chunk = (k + splits - 1) / splits;
        return (chunk + tile - 1) / tile * tile;
    }
}

/// <summary>
/// A GEMM specialised for its operand and epilogue types on one device: the tiled kernel, or the direct one when the
/// device's tile edge is 1. Created once per layer; <see cref="Run"/> launches without allocating.
/// </summary>
public sealed class Gemm<TA, TB, TE>
    where TA : struct, IGemmOperand
    where TB : struct, IGemmOperand
    where TE : struct, IGemmEpilogue
{
    private readonly int _tile;
    private readonly Action<KernelConfig, int, int, int, TA, TB, TE, int>? _tiled;
    private readonly Action<Index1D, int, int, int, TA, TB, TE, int>? _direct;
    private readonly GpuDevice _device;

    /// <summary>Loads the kernel on <paramref name="device"/> (once per device and type combination).</summary>
    public Gemm(GpuDevice device)
    {
        _device = device;
        _tile = device.TileSize;
        if (_tile > 1)
        {
            _tiled = device.Kernel("gemm", typeof((TA, TB, TE)),
                static accelerator => accelerator.LoadStreamKernel<int, int, int, TA, TB, TE, int>(TiledGemm.Kernel<TA, TB, TE>));
        }
        else
        {
            _direct = device.Kernel("gemmDirect", typeof((TA, TB, TE)),
                static accelerator => accelerator.LoadAutoGroupedStreamKernel<Index1D, int, int, int, TA, TB, TE, int>(TiledGemm.DirectKernel<TA, TB, TE>));
        }
    }

    /// <summary>How many slices of k <see cref="Run"/> would use for this product (see <see cref="TiledGemm.Splits"/>).</summary>
    public int Splits(int m, int n, int k) => TiledGemm.Splits(m, n, k, _tile);

    /// <summary>
    /// Launches <c>C (m x n) = A (m x k) . B (k x n)</c> into <paramref name="epilogue"/>, in <paramref name="splits"/>
    /// slices of k (more than 1 only with an epilogue that accumulates atomically).
    /// </summary>
    public void Run(int m, int n, int k, TA a, TB b, TE epilogue, int splits = 1)
    {
        if (_tiled is not null)
        {
            int chunk = TiledGemm.Chunk(k, _tile, splits);
            int slices = Math.Max(1, (k + chunk - 1) / Math.Max(1, chunk));
            _tiled(TiledGemm.Config(m, n, _tile, slices), m, n, k, a, b, epilogue, Math.Max(chunk, 1));
        }
        else
        {
            int threads = _device.Threads(m * n);
            _direct!(threads, m, n, k, a, b, epilogue, threads);
        }
    }
}
