using System;
using NetGen.Threading;

namespace NetGen.Kernels;

/// <summary>
/// Max pooling split across the <see cref="WorkerPool"/> by ranges of samples: each sample's outputs, indices and
/// input gradient belong to one part, so the results are those of one thread.
/// </summary>
internal static class Pool2DParallel
{
    // Work of one input element, in the GEMM flops ParallelCosts counts: about a cycle of compare and select each.
    private const double FlopsPerInput = 8;

    /// <summary><see cref="Pool2DKernels.MaxForwardSamples"/> over the batch; sizes were checked by the caller.</summary>
    public static unsafe void MaxForward(ReadOnlySpan<float> inp, Span<float> output, Span<int> argmax, in Pool2DShape s, int batch)
    {
        int parts = Conv2DParallel.Parts(batch, FlopsPerInput * s.InSize, BytesPerSample(s), int.MaxValue);
        if (parts <= 1)
        {
            WorkerPool.Prepare<MaxJob>();
            Pool2DKernels.MaxForwardSamples(inp, output, argmax, s, 0, batch);
            return;
        }
        fixed (float* a = inp, b = output)
        fixed (int* i = argmax)
        {
            var job = new MaxJob { A = a, ALength = inp.Length, B = b, BLength = output.Length, Argmax = i, ArgmaxLength = argmax.Length, Shape = s, Batch = batch };
            WorkerPool.Run(ref job, parts);
        }
    }

    /// <summary><see cref="Pool2DKernels.MaxBackwardSamples"/> over the batch; sizes were checked by the caller.</summary>
    public static unsafe void MaxBackward(ReadOnlySpan<float> dout, Span<float> dinp, ReadOnlySpan<int> argmax, in Pool2DShape s, int batch)
    {
        int parts = Conv2DParallel.Parts(batch, FlopsPerInput * s.InSize, BytesPerSample(s), int.MaxValue);
        if (parts <= 1)
        {
            WorkerPool.Prepare<MaxJob>();
            Pool2DKernels.MaxBackwardSamples(dout, dinp, argmax, s, 0, batch);
            return;
        }
        fixed (float* a = dout, b = dinp)
        fixed (int* i = argmax)
        {
            var job = new MaxJob { A = a, ALength = dout.Length, B = b, BLength = dinp.Length, Argmax = i, ArgmaxLength = argmax.Length, Shape = s, Batch = batch, Backward = true };
            WorkerPool.Run(ref job, parts);
        }
    }

    // One sample's input (or input gradient), output (or output gradient) and argmax indices.
    private static double BytesPerSample(in Pool2DShape s) => 4.0 * (s.InSize + 2.0 * s.OutSize);

    // A = inp and B = output (forward), or A = dout and B = dinp (backward); pinned by the caller.
    private unsafe struct MaxJob : IParallelJob
    {
        public float* A, B;
        public int* Argmax;
        public int ALength, BLength, ArgmaxLength, Batch;
        public Pool2DShape Shape;
        public bool Backward;

        public readonly void Run(int part, int parts)
        {
            (int b0, int b1) = Conv2DParallel.Range(Batch, part, parts);
            var a = new ReadOnlySpan<float>(A, ALength);
            var b = new Span<float>(B, BLength);
            if (Backward)
            {
                Pool2DKernels.MaxBackwardSamples(a, b, new ReadOnlySpan<int>(Argmax, ArgmaxLength), Shape, b0, b1);
            }
            else
            {
                Pool2DKernels.MaxForwardSamples(a, b, new Span<int>(Argmax, ArgmaxLength), Shape, b0, b1);
            }
        }
    }
}
