using System;
using ILGPU;
using ILGPU.Runtime;
using NetGen.Gpu.Kernels;

namespace NetGen.Gpu.Layers;

/// <summary>Inverted dropout's kernels on one device, with the CPU path's counter-based masks (so both draw the same masks).</summary>
public sealed class GpuDropout
{
    private readonly float _probability;
    private readonly float _scale;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float, long, long> _forward;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>> _backward;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>> _copy;

    /// <summary>Loads the kernels on <paramref name="device"/> for drop probability <paramref name="probability"/>.</summary>
    public GpuDropout(GpuDevice device, float probability)
    {
        if (!(probability >= 0f && probability <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The dropout probability must be in [0, 1].");
        }
        _probability = probability;
        _scale = probability < 1f ? 1f / (1f - probability) : 0f;
        _forward = device.Kernel("dropout", typeof(void),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float, long, long>(DropoutKernels.TrainingForward));
        _backward = device.Kernel("dropoutBackward", typeof(void),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(DropoutKernels.Backward));
        _copy = device.Kernel("copy", typeof(void),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(ElementwiseKernels.Copy));
    }

    /// <summary>Training forward: draws the mask of (<paramref name="seed"/>, <paramref name="step"/>) and applies it.</summary>
    public void TrainingForward(ArrayView<float> inp, ArrayView<float> output, ArrayView<float> mask, long seed, long step) =>
        _forward((int)inp.Length, inp, output, mask, _probability, _scale, seed, step);

    /// <summary>Inference forward: the identity.</summary>
    public void InferenceForward(ArrayView<float> inp, ArrayView<float> output) => _copy((int)inp.Length, inp, output);

    /// <summary>Backward: <c>dinp += dout * mask</c>.</summary>
    public void Backward(ArrayView<float> dout, ArrayView<float> dinp, ArrayView<float> mask) =>
        _backward((int)dout.Length, dout, dinp, mask);
}
