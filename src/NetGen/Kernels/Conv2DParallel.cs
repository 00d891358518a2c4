using System;
using NetGen.Ops;
using NetGen.Threading;

namespace NetGen.Kernels;

/// <summary>
/// How the direct convolution and the pooling kernels split a batch across the <see cref="WorkerPool"/>: contiguous
/// ranges of samples, one per part, so that every output is computed by one thread exactly as on one thread.
/// </summary>
internal static class Conv2DParallel
{
    /// <summary>
    /// Threads for <paramref name="count"/> units of <paramref name="flops"/> over <paramref name="bytes"/> each, at most
    /// <paramref name="maxParts"/>: the work weighed against the measured cost of waking threads and moving the data
    /// (<see cref="Parallelism.DegreeFor"/>).
    /// </summary>
    public static int Parts(int count, double flops, double bytes, int maxParts) =>
        Parallelism.DegreeFor(count * flops, count * bytes, Math.Min(count, maxParts));

    /// <summary>The units <c>[start, end)</c> of part <paramref name="part"/> of <paramref name="parts"/>.</summary>
    public static (int Start, int End) Range(int count, int part, int parts) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

#if NET8_0_OR_GREATER
    /// <summary>Runs <see cref="Conv2DDirect.Samples{TAct, TStore}"/> over the batch in <paramref name="parts"/> parts.</summary>
    public static unsafe void Forward<TAct, TStore>(ReadOnlySpan<float> inp, Span<float> output, Span<float> scratch, in Conv2DShape s,
        int batch, int parts, TAct activation)
        where TAct : struct, IActivation
        where TStore : struct, ITileStore
    {
        if (parts <= 1)
        {
            WorkerPool.Prepare<ForwardJob<TAct, TStore>>();
            Conv2DDirect.Samples<TAct, TStore>(inp, output, scratch, s, 0, batch, 0, activation);
            return;
        }
        fixed (float* x = inp, y = output, t = scratch)
        {
            var job = new ForwardJob<TAct, TStore>
            {
                Inp = x, InLength = inp.Length, Output = y, OutLength = output.Length, Scratch = t, ScratchLength = scratch.Length,
                Shape = s, Batch = batch, Activation = activation,
            };
            WorkerPool.Run(ref job, parts);
        }
    }

    // Spans cannot cross threads: the job carries pointers, pinned by the caller for the duration of the run.
    private unsafe struct ForwardJob<TAct, TStore> : IParallelJob
        where TAct : struct, IActivation
        where TStore : struct, ITileStore
    {
        public float* Inp, Output, Scratch;
        public int InLength, OutLength, ScratchLength, Batch;
        public Conv2DShape Shape;
        public TAct Activation;

        public readonly void Run(int part, int parts)
        {
            (int b0, int b1) = Range(Batch, part, parts);
            Conv2DDirect.Samples<TAct, TStore>(new ReadOnlySpan<float>(Inp, InLength), new Span<float>(Output, OutLength),
                new Span<float>(Scratch, ScratchLength), Shape, b0, b1, part, Activation);
        }
    }

    /// <summary>Runs the items of one group of <see cref="Conv2DDirectBackward"/> in <paramref name="parts"/> parts of equal cost.</summary>
    public static unsafe void BackwardGroup(ReadOnlySpan<float> inp, Span<float> dinp, Span<float> dweight, Span<float> scratch,
        in Conv2DShape s, in Conv2DDirectBackward.BackwardLayout l, int b0, int count, int parts)
    {
        var items = new Conv2DDirectBackward.GroupItems(s, l.Geometry, count, !dinp.IsEmpty);
        if (parts <= 1)
        {
            WorkerPool.Prepare<BackwardJob>();
            Conv2DDirectBackward.Items(inp, dinp, dweight, scratch, s, l, b0, count, 0, items.Count, 0, 0);
            return;
        }
        fixed (float* x = inp, dx = dinp, dw = dweight, t = scratch)
        {
            var job = new BackwardJob
            {
                Inp = x, InLength = inp.Length, Dinp = dx, DinpLength = dinp.Length, Dweight = dw, DweightLength = dweight.Length,
                Scratch = t, ScratchLength = scratch.Length, Shape = s, Layout = l, B0 = b0, Count = count, Items = items,
            };
            WorkerPool.Run(ref job, parts);
        }
    }

    private unsafe struct BackwardJob : IParallelJob
    {
        public float* Inp, Dinp, Dweight, Scratch;
        public int InLength, DinpLength, DweightLength, ScratchLength, B0, Count;
        public Conv2DShape Shape;
        public Conv2DDirectBackward.BackwardLayout Layout;
        public Conv2DDirectBackward.GroupItems Items;

        public readonly void Run(int part, int parts)
        {
            (int i0, int i1) = Items.Range(part, parts);
            Conv2DDirectBackward.Items(new ReadOnlySpan<float>(Inp, InLength), new Span<float>(Dinp, DinpLength), new Span<float>(Dweight, DweightLength),
                new Span<float>(Scratch, ScratchLength), Shape, Layout, B0, Count, i0, i1, 0, part);
        }
    }

    /// <summary>Runs <see cref="Conv2DDirectBackward.Chunk{TAct}"/> for each of <paramref name="chunks"/> ranges of samples, on up to <paramref name="parts"/> threads.</summary>
    public static unsafe void BackwardChunks<TAct>(ReadOnlySpan<float> inp, ReadOnlySpan<float> output, Span<float> dout, Span<float> dinp,
        Span<float> dweight, Span<float> dbias, Span<float> scratch, in Conv2DShape s, in Conv2DDirectBackward.BackwardLayout l, int batch,
        int chunks, int parts, TAct activation)
        where TAct : struct, IActivation
    {
        fixed (float* x = inp, y = output, dy = dout, dx = dinp, dw = dweight, db = dbias, t = scratch)
        {
            var job = new ChunkJob<TAct>
            {
                Inp = x, InLength = inp.Length, Output = y, OutLength = output.Length, Dout = dy, DoutLength = dout.Length,
                Dinp = dx, DinpLength = dinp.Length, Dweight = dw, DweightLength = dweight.Length, Dbias = db, DbiasLength = dbias.Length,
                Scratch = t, ScratchLength = scratch.Length, Shape = s, Layout = l, Batch = batch, Activation = activation,
            };
            if (parts <= 1)
            {
                WorkerPool.Prepare<ChunkJob<TAct>>();
                for (int c = 0; c < chunks; c++)
                {
                    job.Run(c, chunks);
                }
                return;
            }
            WorkerPool.Run(ref job, chunks, parts);
        }
    }

    // Chunk 0 accumulates into dweight and dbias; the others into partial gradients in their scratch.
    private unsafe struct ChunkJob<TAct> : IParallelJob
        where TAct : struct, IActivation
    {
        public float* Inp, Output, Dout, Dinp, Dweight, Dbias, Scratch;
        public int InLength, OutLength, DoutLength, DinpLength, DweightLength, DbiasLength, ScratchLength, Batch;
        public Conv2DShape Shape;
        public Conv2DDirectBackward.BackwardLayout Layout;
        public TAct Activation;

        public readonly void Run(int part, int parts)
        {
            (int b0, int b1) = Range(Batch, part, parts);
            Conv2DDirectBackward.Chunk(new ReadOnlySpan<float>(Inp, InLength), new ReadOnlySpan<float>(Output, OutLength),
                new Span<float>(Dout, DoutLength), new Span<float>(Dinp, DinpLength), new Span<float>(Dweight, DweightLength),
                new Span<float>(Dbias, DbiasLength), new Span<float>(Scratch, ScratchLength), Shape, Layout, b0, b1, part, Activation);
        }
    }
#endif
}
