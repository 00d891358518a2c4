using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NetGen.Ops;

namespace NetGen.Kernels;

/// <summary>
/// The backward pass of <see cref="Conv2DDirect"/>: the pre-activation gradient is spread into the same wide layout
/// (zeros at the thrown-away positions and in the overlap of the last slot), after which
/// <c>dW[o, (c, i, j)] += sum_p dpre[o, p] x[c, i dH Wp + j dW + p]</c> reduces over the wide positions of a group
/// of samples at a time, and <c>dX[c, i dH Wp + j dW + p] += sum_o W[o, (c, i, j)] dpre[o, p]</c> is the forward tile
/// with the roles of the channels swapped, adding its results at the shifted positions (col2im fused into the GEMM).
/// </summary>
/// <remarks>
/// <para>
/// Samples are processed in groups of <c>G</c>, whose wide gradients fit the scratch next to everything else; each
/// group reduces each weight's 16 lanes once, so a larger group costs fewer horizontal sums. Threads share the work in
/// one of two ways. Usually the batch is cut into a fixed number of chunks (2, or up to 4 for layers with few weight
/// tiles), each run start to finish by one thread of the <see cref="Threading.WorkerPool"/> in its own buffers, the
/// first accumulating into the gradients and the others into partial gradients added afterwards in chunk order.
/// Where two chunks do not fit, there is one: per group, the calling thread spreads the samples, then the input
/// gradients (one item per sample) and the weight-gradient tiles (one item per 8 x 3 block of the weight) are split
/// across threads. Chunks and group sizes depend on the shape only, not on the number of threads nor on whether an
/// input gradient is wanted: every value is computed by one thread, in the same order, whatever the degree.
/// </para>
/// <para>
/// The input-gradient tile takes 8 (channel, tap) pairs, channels varying fastest, so that with 8 or more channels its
/// rows land on different planes and its read-modify-writes do not overlap (an overlapping load would wait for the
/// store before it); pairs left over take a one-row tile. An unpadded layer adds straight into <c>dinp</c> (a
/// thrown-away position adds a zero, which turns a <c>-0</c> there into <c>+0</c>); a padded one accumulates into a
/// scratch copy of the padded input, added to <c>dinp</c> without the border.
/// </para>
/// <para>
/// A thrown-away position is multiplied by zero, so an infinite input there makes the weight gradient NaN where the
/// im2col path would give infinity; with such inputs training has already failed.
/// </para>
/// </remarks>
internal static class Conv2DDirectBackward
{
    /// <summary>Whether <see cref="Backward"/> handles <paramref name="s"/> within its scratch on this CPU.</summary>
    public static bool CanBackward(in Conv2DShape s) => Conv2DDirect.Eligible(s) && new BackwardLayout(s, new WideGeometry(s)).GroupSize >= 1;

    /// <summary>Turns <paramref name="dout"/> into <c>dpre</c> and accumulates the gradients of the batch; arguments were checked by the caller.</summary>
    public static void Backward<TAct>(ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> output, Span<float> dout,
        Span<float> dinp, Span<float> dweight, Span<float> dbias, Span<float> scratch, in Conv2DShape s, int batch, TAct activation)
        where TAct : struct, IActivation
    {
        var g = new WideGeometry(s);
        var l = new BackwardLayout(s, g);
        int k = s.PatchSize, outC = s.OutChannels;
        Span<int> xOffsets = MemoryMarshal.Cast<float, int>(scratch.Slice(0, l.XOffsets));
        Conv2DDirect.TapOffsets(s, g, xOffsets);
        for (int r = k; r < xOffsets.Length; r++)
        {
            xOffsets[r] = xOffsets[k - 1]; // the padding columns of the last 8 x 3 tile, never stored
        }
        Span<int> dOffsets = MemoryMarshal.Cast<float, int>(scratch.Slice(l.XOffsets, outC));
        for (int o = 0; o < outC; o++)
        {
            dOffsets[o] = o * g.RowStride;
        }
        if (!dinp.IsEmpty)
        {
            Conv2DGradients.PairOffsets(s, g, MemoryMarshal.Cast<float, int>(scratch.Slice(l.Pairs, k)));
            Conv2DGradients.PackTransposed(weight, s, scratch.Slice(l.Packed, l.PackedLength));
        }
        for (int c = 0; c < l.Chunks; c++)
        {
            scratch.Slice(l.Group(c), l.GroupSize * l.PerSample).Clear();
            if (c > 0)
            {
                scratch.Slice(l.Partial(c), l.Partials).Clear();
            }
        }
        if (l.Chunks == 1)
        {
            Chunk(inp, output, dout, dinp, dweight, dbias, scratch, s, l, 0, batch, 0, activation);
            return;
        }

        // Each chunk of samples runs on one thread, the first into the gradients, the others into partial gradients
        // added afterwards in order.
        double flops = 2.0 * s.PatchSize * s.OutSize * (dinp.IsEmpty ? 1 : 2);
        Conv2DParallel.BackwardChunks(inp, output, dout, dinp, dweight, dbias, scratch, s, l, batch, l.Chunks,
            Conv2DParallel.Parts(batch, flops, 4.0 * (s.InSize * (dinp.IsEmpty ? 1 : 2) + 2.0 * s.OutSize), l.Chunks), activation);
        for (int c = 1; c < l.Chunks; c++)
        {
            Conv2DRows.Add(ref scratch[l.Partial(c)], ref MemoryMarshal.GetReference(dweight), outC * k);
            if (!dbias.IsEmpty)
            {
                Conv2DRows.Add(ref scratch[l.Partial(c) + outC * k], ref MemoryMarshal.GetReference(dbias), outC);
            }
        }
    }

    /// <summary>
    /// Samples <c>[b0, b1)</c>, in groups in the buffers of <paramref name="chunk"/>, on the calling thread; chunk 0
    /// accumulates into <paramref name="dweight"/> and <paramref name="dbias"/>, the others into their partial
    /// gradients. With one chunk, each group's items are split across threads.
    /// </summary>
    public static void Chunk<TAct>(ReadOnlySpan<float> inp, ReadOnlySpan<float> output, Span<float> dout, Span<float> dinp,
        Span<float> dweight, Span<float> dbias, Span<float> scratch, in Conv2DShape s, in BackwardLayout l, int b0, int b1, int chunk,
        TAct activation)
        where TAct : struct, IActivation
    {
        WideGeometry g = l.Geometry;
        int outC = s.OutChannels;
        Span<float> group = scratch.Slice(l.Group(chunk), l.GroupSize * l.PerSample);
        if (chunk > 0)
        {
            dweight = scratch.Slice(l.Partial(chunk), outC * s.PatchSize);
            dbias = dbias.IsEmpty ? default : scratch.Slice(l.Partial(chunk) + dweight.Length, outC);
        }
        for (int first = b0; first < b1; first += l.GroupSize)
        {
            int count = Math.Min(l.GroupSize, b1 - first);
            for (int i = 0; i < count; i++)
            {
                Span<float> sample = group.Slice(i * l.PerSample, l.PerSample);
                // dout becomes dpre one sample at a time, in the same pass as the spread for ReLU.
                Span<float> dpre = dout.Slice((first + i) * s.OutSize, s.OutSize);
                ReadOnlySpan<float> y = output.Slice((first + i) * s.OutSize, s.OutSize);
                if (typeof(TAct) == typeof(ReluActivation) && s.OutWidth >= 8)
                {
                    Conv2DGradients.Spread<ReluMask>(y, dpre, sample, s, g);
                }
                else
                {
                    activation.MultiplyByDerivative(y, dpre);
                    Conv2DGradients.Spread<NoMask>(y, dpre, sample, s, g);
                }
                if (g.Padded)
                {
                    Conv2DRows.Pad(inp.Slice((first + i) * s.InSize, s.InSize), sample.Slice(l.Gradient), s, g);
                }
            }
            if (!dbias.IsEmpty)
            {
                Conv2DGradients.BiasGradient(group, count, l.PerSample, dbias, outC, g.RowStride);
            }
            var items = new GroupItems(s, g, count, !dinp.IsEmpty);
            if (l.Chunks > 1)
            {
                Items(inp, dinp, dweight, scratch, s, l, first, count, 0, items.Count, chunk, 0);
                continue;
            }
            // Each item reads its share of the group's gradient rows and inputs.
            double bytes = 4.0 * count * (l.PerSample + s.InSize) / items.Count;
            int parts = Conv2DParallel.Parts(items.Count, items.Flops / items.Count, bytes, !dinp.IsEmpty && g.Padded ? l.InputGradientSlots : int.MaxValue);
            Conv2DParallel.BackwardGroup(inp, dinp, dweight, scratch, s, l, first, count, parts);
        }
    }

    /// <summary>
    /// Items <c>[i0, i1)</c> of the group of <paramref name="count"/> samples from <paramref name="b0"/> in the buffers of
    /// <paramref name="chunk"/>: first the input gradient of each sample (if any), then the weight-gradient tiles, added
    /// to <paramref name="dweight"/>; <paramref name="slot"/> picks the scratch copy of a padded input gradient.
    /// </summary>
    public static void Items(ReadOnlySpan<float> inp, Span<float> dinp, Span<float> dweight, Span<float> scratch, in Conv2DShape s,
        in BackwardLayout l, int b0, int count, int i0, int i1, int chunk, int slot)
    {
        WideGeometry g = l.Geometry;
        int k = s.PatchSize, outC = s.OutChannels, inputItems = dinp.IsEmpty ? 0 : count, rTiles = (k + 2) / 3;
        ReadOnlySpan<int> xOffsets = MemoryMarshal.Cast<float, int>(scratch.Slice(0, l.XOffsets));
        ReadOnlySpan<int> dOffsets = MemoryMarshal.Cast<float, int>(scratch.Slice(l.XOffsets, outC));
        Span<float> group = scratch.Slice(l.Group(chunk), l.GroupSize * l.PerSample);
        Span<float> sums = stackalloc float[24];
        Span<int> rows = stackalloc int[8];
        for (int item = i0; item < i1; item++)
        {
            if (item < inputItems)
            {
                Span<float> dx = g.Padded ? scratch.Slice(l.InputGradient(chunk, slot), l.InputGradientLength) : default;
                Conv2DGradients.InputGradient(group.Slice(item * l.PerSample, l.PerSample), dOffsets,
                    MemoryMarshal.Cast<float, int>(scratch.Slice(l.Pairs, k)), scratch.Slice(l.Packed, l.PackedLength),
                    dx, dinp.Slice((b0 + item) * s.InSize, s.InSize), s, g);
                continue;
            }
            int tile = item - inputItems, ob = tile / rTiles, r0 = tile % rTiles * 3;
            // Rows past the last channel read the last one again; their sums are not used.
            for (int m = 0; m < 8; m++)
            {
                rows[m] = Math.Min(ob * 8 + m, outC - 1) * g.RowStride;
            }
            ref float x = ref g.Padded ? ref group[l.Gradient] : ref MemoryMarshal.GetReference(inp.Slice(b0 * s.InSize));
            Conv2DTiles.Gradient8x3(count, g.Slots, g.Last, ref MemoryMarshal.GetReference(group), ref rows[0], l.PerSample,
                ref x, g.Padded ? l.PerSample : s.InSize, ref MemoryMarshal.GetReference(xOffsets.Slice(r0)), sums);
            int rowsUsed = Math.Min(8, outC - ob * 8), columnsUsed = Math.Min(3, k - r0);
            ref float dw = ref dweight[(ob * 8 + rowsUsed - 1) * k + r0 + columnsUsed - 1]; // the last one, bounds-checked
            dw = ref Unsafe.Subtract(ref dw, (rowsUsed - 1) * k + columnsUsed - 1);
            for (int m = 0; m < rowsUsed; m++)
            {
                for (int j = 0; j < columnsUsed; j++)
                {
                    Unsafe.Add(ref dw, m * k + j) += sums[m * 3 + j];
                }
            }
        }
    }

    /// <summary>The work items of a group and their costs in flops, for a split into parts of equal cost.</summary>
    public readonly struct GroupItems
    {
        private readonly int _inputItems;
        private readonly double _inputCost, _tileCost;

        public GroupItems(in Conv2DShape s, in WideGeometry g, int count, bool inputGradient)
        {
            _inputItems = inputGradient ? count : 0;
            Count = _inputItems + g.OutBlocks * ((s.PatchSize + 2) / 3);
            _inputCost = 2.0 * s.PatchSize * s.OutChannels * g.RowStride;
            _tileCost = 2.0 * 24 * count * g.RowStride;
            Flops = _inputItems * _inputCost + (Count - _inputItems) * _tileCost;
        }

        public int Count { get; }

        public double Flops { get; }

        /// <summary>The items <c>[start, end)</c> of part <paramref name="part"/>, cut where the running cost crosses each share.</summary>
        public (int Start, int End) Range(int part, int parts) => (Boundary(Flops * part / parts), Boundary(Flops * (part + 1) / parts));

        private int Boundary(double cost)
        {
            double inputs = _inputItems * _inputCost;
            int at = cost <= inputs ? (int)Math.Round(cost / _inputCost) : _inputItems + (int)Math.Round((cost - inputs) / _tileCost);
            return Math.Clamp(at, 0, Count);
        }
    }

    // Scratch: x offsets (k rounded up to 3, ints) | d offsets (outC ints) | pair offsets (k ints) | packed W^T | then per
    // chunk: a group of samples, each (outC wide gradient rows | padded input, if padded) | padded input gradient (if
    // padded) | then the partial dweight and dbias of the chunks after the first. With one chunk, as many more padded
    // input gradients as fit, one per part.
    internal readonly struct BackwardLayout
    {
        // Below this many weight tiles a group's items cannot keep two threads busy.
        private const int MinTiles = 8;
        private const int MaxChunks = 4;

        // Each group sums each weight tile's lanes once: smaller groups spend more on those sums than chunks save.
        private const int MinChunkGroup = 3;

        private readonly int _shared;

        public BackwardLayout(in Conv2DShape s, in WideGeometry g)
        {
            Geometry = g;
            int k = s.PatchSize;
            XOffsets = (k + 2) / 3 * 3;
            Pairs = XOffsets + s.OutChannels;
            Packed = Pairs + k;
            PackedLength = (k + 7) / 8 * 8 * s.OutChannels;
            _shared = Packed + PackedLength;
            Gradient = s.OutChannels * g.RowStride;
            PerSample = Gradient + (g.Padded ? s.InChannels * g.Plane : 0);
            InputGradientLength = g.Padded ? s.InChannels * g.Plane : 0;
            long scratch = s.ScratchSize;

            // Everything depends on the shape only (not on whether dinp is wanted, nor on the threads), so the weight
            // gradient sums in the same order in every call.
            Chunks = 1;
            Partials = 0;
            int withTwoCopies = Fit(scratch, 1, 0, 2);
            GroupSize = withTwoCopies >= 1 ? withTwoCopies : Fit(scratch, 1, 0, 1);
            // Chunks keep every buffer a thread writes private to it, with one dispatch per call; a group's items split
            // across threads share the group's buffers, whose cache lines then move between cores every group. So:
            // chunks whenever each still gets groups of MinChunkGroup samples, and with few weight tiles (which cannot
            // keep two threads busy) whatever group fits.
            bool fewTiles = g.OutBlocks * (XOffsets / 3) < MinTiles;
            int partials = s.OutChannels * (k + 1);
            for (int chunks = fewTiles ? MaxChunks : 2; chunks > 1; chunks--)
            {
                int size = Fit(scratch, chunks, partials, 1);
                if (size >= (fewTiles ? 1 : MinChunkGroup))
                {
                    (Chunks, Partials, GroupSize) = (chunks, partials, size);
                    break;
                }
            }
            long free = scratch - Partial(Chunks);
            InputGradientSlots = InputGradientLength == 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, 1 + Math.Max(0, free) / InputGradientLength);
        }

        public WideGeometry Geometry { get; }

        public int XOffsets { get; }

        /// <summary>Where the input gradient's pair offsets start (k ints).</summary>
        public int Pairs { get; }

        public int Packed { get; }

        public int PackedLength { get; }

        /// <summary>Where a sample's padded input starts, after its wide gradient rows.</summary>
        public int Gradient { get; }

        public int PerSample { get; }

        public int Chunks { get; }

        /// <summary>Floats of one chunk's partial dweight and dbias; 0 with one chunk.</summary>
        public int Partials { get; }

        public int GroupSize { get; }

        public int InputGradientLength { get; }

        /// <summary>How many padded input gradients one chunk can use at once: the most parts for its items.</summary>
        public int InputGradientSlots { get; }

        // Chunk c holds its group, then its padded input gradient; the partial gradients of chunks 1.. follow the last.
        public int Group(int chunk) => _shared + chunk * (GroupSize * PerSample + InputGradientLength);

        public int Partial(int chunk) => Group(Chunks) + (chunk - 1) * Partials;

        public int InputGradient(int chunk, int slot) => Group(chunk) + GroupSize * PerSample + slot * InputGradientLength;

        // The largest group for `chunks` chunks with `partials` floats each, leaving `copies` padded input gradients per
        // chunk (with one chunk, two let two threads share a group's input gradients).
        private int Fit(long scratch, int chunks, int partials, int copies)
        {
            long free = (scratch - _shared - (long)(chunks - 1) * partials) / chunks - (long)copies * InputGradientLength;
            return free < PerSample ? 0 : (int)Math.Min(int.MaxValue, free / PerSample);
        }
    }
}
