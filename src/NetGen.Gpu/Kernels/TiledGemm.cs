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
    /// <summary>The kernel: a 2-D grid of <c>tile x tile</c> groups, X over the columns of C, Y over its rows.</summary>
    /// <remarks>The tile edge is the group's X dimension; shared memory holds <c>2 tile^2</c> floats (dynamic).</remarks>
    public static void Kernel<TA, TB, TE>(int m, int n, int k, TA a, TB b, TE epilogue)
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
        for (int k0 = 0; k0 < k; k0 += tile)
        {
            int ka = k0 + tx;
            shared[ty * tile + tx] = row < m && ka < k ? a.Load(row, ka) : 0f;
            int kb = k0 + ty;
            shared[tileSize + ty * tile + tx] = kb < k && col < n ? b.Load(kb, col) : 0f;
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

    /// <summary>The launch configuration for an <paramref name="m"/> x <paramref name="n"/> product in <paramref name="tile"/>-wide tiles.</summary>
    public static KernelConfig Config(int m, int n, int tile) => new KernelConfig(
        new Index2D((n + tile - 1) / tile, (m + tile - 1) / tile),
        new Index2D(tile, tile),
        SharedMemoryConfig.RequestDynamic<float>(2 * tile * tile));

    /// <summary>Loads the kernel specialised for the operand and epilogue types, once per device.</summary>
    internal static Action<KernelConfig, int, int, int, TA, TB, TE> Load<TA, TB, TE>(GpuDevice device)
        where TA : struct, IGemmOperand
        where TB : struct, IGemmOperand
        where TE : struct, IGemmEpilogue =>
        device.Kernel(
            "gemm", typeof((TA, TB, TE)),
            static accelerator => accelerator.LoadStreamKernel<int, int, int, TA, TB, TE>(Kernel<TA, TB, TE>));
}
