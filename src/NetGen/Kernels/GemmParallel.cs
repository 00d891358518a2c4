using System;
using System.Runtime.CompilerServices;
using NetGen.Threading;

namespace NetGen.Kernels;

/// <summary>
/// How <see cref="Gemm"/> splits a product across threads: <c>C</c> is cut into bands of whole micro-kernel rows
/// (<c>MR</c>) or half-tile columns (<c>NR / 2</c>), one band per part, so that each element is computed by one
/// thread exactly as the single-threaded product computes it (the results are bit-identical).
/// </summary>
internal static class GemmParallel
{
    // The cost of packing one float, in multiply-adds of the micro-kernel: a strided copy or in-register transpose
    // costs about a third of a cycle per float, when the kernel does 16 multiply-adds a cycle.
    private const double PackCost = 5;

    /// <summary>
    /// The threads for a product of this shape: its flops weighed against the measured cost of waking threads and of
    /// moving <c>A</c>, <c>B</c> and <c>C</c> between cores (<see cref="Parallelism.DegreeFor"/>), at most one per band of <c>C</c>.
    /// </summary>
    public static int Degree(GemmIsa isa, int m, int n, int k)
    {
        (int mr, int nr) = Tile(isa);
        int bands = Math.Max((m + mr - 1) / mr, (n + nr / 2 - 1) / (nr / 2));
        return Parallelism.DegreeFor(2.0 * m * n * k, 4.0 * ((double)m * k + (double)k * n + (double)m * n), bands);
    }

    /// <summary>
    /// The number of parts for <paramref name="degree"/> threads, and whether to cut rows (else columns) in bands of
    /// <paramref name="unit"/>: the cut whose largest part, counting the packing each part repeats, is cheapest.
    /// </summary>
    public static int Plan(GemmIsa isa, GemmForm form, int m, int n, int k, int degree, out bool rows, out int unit)
    {
        (int mr, int nr) = Tile(isa);
        int colUnit = nr / 2;
        rows = false;
        unit = colUnit;
        if (degree < 2)
        {
            return 1;
        }
        bool packA = form != GemmForm.Tn, packB = form == GemmForm.Nt;
        int rowParts = Math.Min(degree, (m + mr - 1) / mr), colParts = Math.Min(degree, (n + colUnit - 1) / colUnit);
        int bandRows = LargestBand(m, mr, rowParts), bandCols = LargestBand(n, colUnit, colParts);
        double rowCost = (double)bandRows * n * k + PackCost * k * ((packA ? bandRows : 0) + (packB ? n : 0));
        double colCost = (double)bandCols * m * k + PackCost * k * ((packA ? m : 0) + (packB ? bandCols : 0));
        rows = rowCost < colCost;
        unit = rows ? mr : colUnit;
        return rows ? rowParts : colParts;
    }

    private static (int MR, int NR) Tile(GemmIsa isa) => isa switch
    {
        GemmIsa.Vector512 => (Vector512Kernel.MR, Vector512Kernel.NR),
        GemmIsa.Vector256 => (Vector256Kernel.MR, Vector256Kernel.NR),
        _ => (Vector128Kernel.MR, Vector128Kernel.NR),
    };

    // The extent of the largest of `parts` bands of whole units.
    private static int LargestBand(int extent, int unit, int parts)
    {
        int units = (extent + unit - 1) / unit;
        return Math.Min(extent, (units + parts - 1) / parts * unit);
    }

    /// <summary>The half-open range of band <paramref name="part"/> of <paramref name="parts"/>.</summary>
    public static (int Start, int End) Band(int extent, int unit, int part, int parts)
    {
        int units = (extent + unit - 1) / unit;
        int start = (int)((long)units * part / parts) * unit, end = (int)((long)units * (part + 1) / parts) * unit;
        return (Math.Min(start, extent), Math.Min(end, extent));
    }
}

/// <summary>
/// One product as a <see cref="IParallelJob"/>. The operands are pointers, pinned by the caller for the duration of
/// <see cref="WorkerPool.Run{TJob}(ref TJob, int)"/>, because spans cannot cross threads.
/// </summary>
internal unsafe struct GemmJob : IParallelJob
{
    public float* A;
    public float* B;
    public float* C;
    public int M, N, K;
    public GemmIsa Isa;
    public GemmForm Form;
    public bool Overwrite;
    public bool SplitRows;
    public int Unit;

    public readonly void Run(int part, int parts)
    {
        var args = new GemmArgs(Form, M, N, K, ref Unsafe.AsRef<float>(A), ref Unsafe.AsRef<float>(B), ref Unsafe.AsRef<float>(C), Overwrite);
        if (SplitRows)
        {
            (int i0, int i1) = GemmParallel.Band(M, Unit, part, parts);
            Gemm.RunBlock(Isa, args, i0, i1, 0, N);
        }
        else
        {
            (int j0, int j1) = GemmParallel.Band(N, Unit, part, parts);
            Gemm.RunBlock(Isa, args, 0, M, j0, j1);
        }
    }
}
