using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using NetGen.Ops;
using NetGen.Threading;

namespace NetGen.Kernels;

/// <summary>
/// Direct convolution for stride 1 on AVX-512: an implicit GEMM over "wide" positions, with no im2col matrix.
/// </summary>
/// <remarks>
/// <para>
/// With stride 1, output <c>(oh, ow)</c> reads input <c>(c, oh + i dH, ow + j dW)</c>. Numbering outputs by
/// <c>p = oh Wp + ow</c>, where <c>Wp</c> is the (padded) input width rather than the output width, makes that input
/// <c>c Hp Wp + i dH Wp + j dW + p</c>: each tap <c>(c, i, j)</c> is the image itself shifted by a constant, so the
/// rows of the im2col matrix are views of the input and a GEMM can read them in place. The positions with
/// <c>ow &gt;= outW</c> are computed too and thrown away; the range <c>[0, P)</c> with
/// <c>P = (outH - 1) Wp + outW</c> ends at the last real output, so no read leaves the image.
/// </para>
/// <para>
/// Positions go in vectors ("slots") of 16; the last slot starts at <c>P - 16</c>, overlapping its neighbour, so that
/// nothing is read or written past the end. Forward recomputes the overlap (same values); backward zeroes it in the
/// gradient so that it counts once. The output channels go in blocks of 8, the rows of one register tile
/// (<see cref="Conv2DTiles"/>), with the bias and ReLU in the tile's epilogue; then each block's rows of <c>outW</c>
/// real outputs are copied out of the wide rows. Samples are split across the <see cref="WorkerPool"/>, each part
/// with its own wide rows (and padded copy) in the scratch; every output is computed the same way on any thread.
/// </para>
/// </remarks>
internal static class Conv2DDirect
{
    private const int Lanes = Conv2DTiles.Lanes;

    /// <summary>Whether <see cref="Forward{TAct}"/> handles <paramref name="s"/> within its scratch on this CPU.</summary>
    public static bool CanForward(in Conv2DShape s) => Eligible(s) && new ForwardLayout(s, new WideGeometry(s)).MaxParts >= 1;

    /// <summary>Whether the wide layout applies: AVX-512, stride 1 and at least one vector of wide positions.</summary>
    public static bool Eligible(in Conv2DShape s) =>
        Avx512F.IsSupported && s.StrideHeight == 1 && s.StrideWidth == 1 && new WideGeometry(s).Positions >= Lanes;

    /// <summary>The forward pass of the batch; arguments were checked by the caller.</summary>
    public static void Forward<TAct>(ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output,
        Span<float> scratch, in Conv2DShape s, int batch, TAct activation)
        where TAct : struct, IActivation
    {
        var g = new WideGeometry(s);
        var l = new ForwardLayout(s, g);
        int k = s.PatchSize;
        Conv2DTiles.PackRows(weight, s.OutChannels, k, scratch.Slice(0, l.Packed));
        Span<float> bias8 = scratch.Slice(l.Packed, g.OutBlocks * 8);
        bias8.Clear();
        if (!bias.IsEmpty)
        {
            bias.Slice(0, s.OutChannels).CopyTo(bias8);
        }
        TapOffsets(s, g, MemoryMarshal.Cast<float, int>(scratch.Slice(l.Offsets, k)));

        double flops = 2.0 * s.OutSize * k;
        int parts = Conv2DParallel.Parts(batch, flops, 4.0 * (s.InSize + s.OutSize), l.MaxParts);
        for (int part = 0; part < parts && g.Padded; part++)
        {
            scratch.Slice(l.Private(part) + l.WideRows * g.RowStride, s.InChannels * g.Plane).Clear(); // the border stays zero
        }
        if (typeof(TAct) == typeof(ReluActivation))
        {
            Conv2DParallel.Forward<TAct, StoreReluTile>(inp, output, scratch, s, batch, parts, activation);
        }
        else
        {
            Conv2DParallel.Forward<TAct, StoreTile>(inp, output, scratch, s, batch, parts, activation);
        }
    }

    /// <summary>Samples <c>[b0, b1)</c> of a prepared forward pass, in the private scratch of <paramref name="part"/>.</summary>
    public static void Samples<TAct, TStore>(ReadOnlySpan<float> inp, Span<float> output, Span<float> scratch, in Conv2DShape s,
        int b0, int b1, int part, TAct activation)
        where TAct : struct, IActivation
        where TStore : struct, ITileStore
    {
        var g = new WideGeometry(s);
        var l = new ForwardLayout(s, g);
        int k = s.PatchSize, outC = s.OutChannels, n = s.OutHeight * s.OutWidth;
        Span<float> wide = scratch.Slice(l.Private(part), l.WideRows * g.RowStride);
        Span<float> padded = g.Padded ? scratch.Slice(l.Private(part) + wide.Length, s.InChannels * g.Plane) : default;
        ref int off = ref MemoryMarshal.Cast<float, int>(scratch.Slice(l.Offsets, k))[0];
        Span<int> rowOffsets = stackalloc int[8];
        ref int rows = ref rowOffsets[0];
        ref float dst = ref MemoryMarshal.GetReference(wide);
        int regular = g.Slots - 1, triples = regular / 3;
        for (int b = b0; b < b1; b++)
        {
            ReadOnlySpan<float> x = inp.Slice(b * s.InSize, s.InSize);
            ref float src = ref g.Padded ? ref Conv2DRows.Pad(x, padded, s, g) : ref MemoryMarshal.GetReference(x);
            Span<float> y = output.Slice(b * s.OutSize, s.OutSize);
            for (int ob = 0; ob < g.OutBlocks; ob++)
            {
                // The tile stores its last row first, so rows past the last channel can share the last real row.
                int valid = Math.Min(8, outC - ob * 8);
                for (int m = 0; m < 8; m++)
                {
                    rowOffsets[m] = Math.Min(m, valid - 1) * g.RowStride;
                }
                ref float a = ref scratch[ob * 8 * k];
                ref float init = ref scratch[l.Packed + ob * 8];
                for (int t = 0; t < triples; t++)
                {
                    nint p = (nint)t * 3 * Lanes;
                    Conv2DTiles.Rows8x3<TStore>(k, ref a, ref off, ref src, p, ref init, ref dst, ref rows, p);
                }
                for (int slot = triples * 3; slot < regular; slot++)
                {
                    nint p = (nint)slot * Lanes;
                    Conv2DTiles.Rows8x1<TStore>(k, ref a, ref off, ref src, p, ref init, ref dst, ref rows, p);
                }
                Conv2DTiles.Rows8x1<TStore>(k, ref a, ref off, ref src, g.Last, ref init, ref dst, ref rows, g.Last);

                for (int m = 0; m < valid; m++)
                {
                    Conv2DRows.CopyRows(ref wide[m * g.RowStride], g.Width, ref y[(ob * 8 + m) * n], s.OutWidth, s.OutHeight, s.OutWidth);
                }
            }
            if (typeof(TStore) != typeof(StoreReluTile))
            {
                activation.Forward(y);
            }
        }
    }

    /// <summary><c>offsets[(c, i, j)] = c Hp Wp + i dH Wp + j dW</c>: where tap <c>(c, i, j)</c> reads the padded image.</summary>
    public static void TapOffsets(in Conv2DShape s, in WideGeometry g, Span<int> offsets)
    {
        int r = 0;
        for (int c = 0; c < s.InChannels; c++)
        {
            for (int i = 0; i < s.KernelHeight; i++)
            {
                for (int j = 0; j < s.KernelWidth; j++, r++)
                {
                    offsets[r] = c * g.Plane + i * s.DilationHeight * g.Width + j * s.DilationWidth;
                }
            }
        }
    }

    // Scratch: packed weight (OB*8 k) | bias (OB*8) | tap offsets (k ints), then per part: one block's wide rows
    // (min(8, outC) x RowStride) | padded input (inC Hp Wp, if padded).
    private readonly struct ForwardLayout
    {
        private readonly int _shared, _private, _scratch;

        public ForwardLayout(in Conv2DShape s, in WideGeometry g)
        {
            Packed = g.OutBlocks * 8 * s.PatchSize;
            Offsets = Packed + g.OutBlocks * 8;
            _shared = Offsets + s.PatchSize;
            WideRows = Math.Min(8, s.OutChannels);
            _private = WideRows * g.RowStride + (g.Padded ? s.InChannels * g.Plane : 0);
            _scratch = s.ScratchSize;
        }

        public int Packed { get; }

        public int Offsets { get; }

        public int WideRows { get; }

        public int MaxParts => _scratch < _shared ? 0 : (_scratch - _shared) / _private;

        public int Private(int part) => _shared + part * _private;
    }
}
