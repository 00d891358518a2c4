using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace NetGen.Kernels;

/// <summary>Which operands of <see cref="Gemm"/> are stored transposed.</summary>
internal enum GemmForm
{
    /// <summary><c>C += A B</c>: <c>A (m, k)</c>, <c>B (k, n)</c>.</summary>
    Nn,

    /// <summary><c>C += A^T B</c>: <c>A</c> stored <c>(k, m)</c>, <c>B (k, n)</c>.</summary>
    Tn,

    /// <summary><c>C += A B^T</c>: <c>A (m, k)</c>, <c>B</c> stored <c>(n, k)</c>.</summary>
    Nt,
}

/// <summary>The operands of one product, as references: what a block of the product needs.</summary>
internal readonly ref struct GemmArgs
{
    public readonly ref float A;
    public readonly ref float B;
    public readonly ref float C;
    public readonly int M, N, K;
    public readonly GemmForm Form;
    public readonly bool Overwrite;

    public GemmArgs(GemmForm form, int m, int n, int k, ref float a, ref float b, ref float c, bool overwrite)
    {
        Form = form;
        M = m;
        N = n;
        K = k;
        A = ref a;
        B = ref b;
        C = ref c;
        Overwrite = overwrite;
    }
}

/// <summary>
/// The blocked loops around the micro-kernel (BLIS's five loops): columns in blocks of <c>16 NR</c>, depth in
/// near-equal blocks of at most <see cref="DepthBlock"/>, rows in blocks of <c>16 MR</c>, then micro-panels. The
/// operand read as broadcasts (<c>A</c>) must be depth-major: <c>A^T</c> already is and is read in place, <c>A</c>
/// is packed. The operand read as vectors (<c>B</c>) must be row-major: <c>B</c> already is and is read in place
/// (only its ragged last panel is copied), <c>B^T</c> is packed by transposing.
/// </summary>
/// <typeparam name="TKernel">The micro-kernel.</typeparam>
internal static class GemmDriver<TKernel>
    where TKernel : struct, IGemmKernel
{
    /// <summary>The largest depth block: an 8 x 256 panel of <c>A</c> is 8 KiB, a quarter of L1, and a 256 x 32 panel of <c>B</c> 32 KiB, streamed from L2.</summary>
    public const int DepthBlock = 256;

    /// <summary>Computes rows <c>[i0, i1)</c> and columns <c>[j0, j1)</c> of <c>C</c>; <c>k &gt; 0</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(scoped in GemmArgs g, int i0, int i1, int j0, int j1)
    {
        int mr = TKernel.MR, nr = TKernel.NR, half = nr / 2;
        int mcMax = 16 * mr, ncMax = 16 * nr;
        int m = g.M, n = g.N, k = g.K;
        int depthBlocks = (k + DepthBlock - 1) / DepthBlock, kcStep = (k + depthBlocks - 1) / depthBlocks;
        bool packA = g.Form != GemmForm.Tn, packB = g.Form == GemmForm.Nt;
        Debug.Assert(GemmScratch.Fits(mr, nr, DepthBlock), "The scratch is sized for the widest kernel.");
        GemmScratch scratch = GemmScratch.Current;
        ref float tile = ref scratch.Tile;
        ref float packedA = ref scratch.A;
        ref float packedB = ref packB ? ref scratch.B : ref scratch.Edge;
        for (int jc = j0; jc < j1; jc += ncMax)
        {
            int nc = Math.Min(ncMax, j1 - jc);
            int ragged = nc % nr == half ? 0 : nc % nr;
            for (int pc = 0; pc < k; pc += kcStep)
            {
                int kc = Math.Min(kcStep, k - pc);
                bool overwrite = g.Overwrite && pc == 0;
                if (packB)
                {
                    GemmPack.TransposedPanels(ref Unsafe.Add(ref g.B, (nint)jc * k + pc), k, nc, kc, nr, ref packedB);
                }
                else if (ragged != 0)
                {
                    GemmPack.RaggedPanel(ref Unsafe.Add(ref g.B, (nint)pc * n + jc + nc - ragged), n, ragged, kc, nr, ref packedB);
                }
                for (int ic = i0; ic < i1; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, i1 - ic);
                    if (packA)
                    {
                        GemmPack.RowPanels(ref Unsafe.Add(ref g.A, (nint)ic * k + pc), k, mc, kc, mr, ref packedA);
                    }
                    for (int ir = 0; ir < mc; ir += mr)
                    {
                        int rows = Math.Min(mr, mc - ir);
                        ref float a = ref packA ? ref Unsafe.Add(ref packedA, ir * kc) : ref Unsafe.Add(ref g.A, (nint)pc * m + ic + ir);
                        nint lda = packA ? mr : m;
                        ref float cRow = ref Unsafe.Add(ref g.C, (nint)(ic + ir) * n + jc);
                        for (int jr = 0; jr < nc; jr += nr)
                        {
                            int cols = Math.Min(nr, nc - jr);
                            bool inPlace = cols == nr || cols == half;
                            ref float b = ref packB ? ref Unsafe.Add(ref packedB, jr * kc)
                                : ref (inPlace ? ref Unsafe.Add(ref g.B, (nint)pc * n + jc + jr) : ref packedB);
                            nint ldb = packB || !inPlace ? nr : n;
                            if (inPlace)
                            {
                                TKernel.Tile(rows, cols > half, kc, ref a, lda, ref b, ldb, ref Unsafe.Add(ref cRow, jr), n, overwrite);
                            }
                            else
                            {
                                TKernel.Tile(rows, cols > half, kc, ref a, lda, ref b, ldb, ref tile, nr, overwrite: true);
                                AddTile(rows, cols, ref tile, nr, ref Unsafe.Add(ref cRow, jr), n, overwrite);
                            }
                        }
                    }
                }
            }
        }
    }

    // C (+)= the first cols columns of a tile computed in scratch: the same additions the kernel makes in place.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddTile(int rows, int cols, ref float tile, int ldt, ref float c, int ldc, bool overwrite)
    {
        for (int i = 0; i < rows; i++)
        {
            ref float t = ref Unsafe.Add(ref tile, i * ldt);
            ref float ci = ref Unsafe.Add(ref c, (nint)i * ldc);
            for (int j = 0; j < cols; j++)
            {
                Unsafe.Add(ref ci, j) = overwrite ? Unsafe.Add(ref t, j) : Unsafe.Add(ref ci, j) + Unsafe.Add(ref t, j);
            }
        }
    }
}
