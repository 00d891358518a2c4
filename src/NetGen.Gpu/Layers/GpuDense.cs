using System;
using ILGPU;
using ILGPU.Runtime;
using NetGen.Gpu.Kernels;
using NetGen.Ops;

namespace NetGen.Gpu.Layers;

/// <summary>
/// A dense layer's kernels on one device (<c>torch.nn.Linear</c>, weight (out, in)): forward is one tiled GEMM with
/// bias and activation in its epilogue; backward applies the activation's derivative, then two GEMMs (weight and
/// input gradients) and a column sum (bias gradient), all accumulating like the CPU kernels.
/// </summary>
public sealed class GpuDense<TAct>
    where TAct : struct, IActivation
{
    private readonly int _inFeatures;
    private readonly int _outFeatures;
    private readonly TAct _activation;
    private readonly Gemm<StridedOperand, StridedOperand, BiasActivationEpilogue<TAct>> _forward;
    private readonly Gemm<StridedOperand, StridedOperand, AccumulateEpilogue> _gradient;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, TAct>? _derivative;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int, int> _columnSums;

    /// <summary>Loads the layer's kernels on <paramref name="device"/> (once per device and activation type).</summary>
    public GpuDense(GpuDevice device, int inFeatures, int outFeatures, TAct activation)
    {
        _inFeatures = inFeatures;
        _outFeatures = outFeatures;
        _activation = activation;
        _forward = new Gemm<StridedOperand, StridedOperand, BiasActivationEpilogue<TAct>>(device);
        _gradient = new Gemm<StridedOperand, StridedOperand, AccumulateEpilogue>(device);
        _derivative = Activations.Derivative<TAct>(device);
        _columnSums = device.Kernel("columnSums", typeof(void),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(ElementwiseKernels.ColumnSums));
    }

    /// <summary><c>out (batch, out) = act(inp (batch, in) . weight^T + bias)</c>; <paramref name="bias"/> may be empty.</summary>
    public void Forward(ArrayView<float> inp, ArrayView<float> weight, ArrayView<float> bias, ArrayView<float> output, int batch)
    {
        _forward.Run(batch, _outFeatures, _inFeatures,
            new StridedOperand(inp, _inFeatures, 1), new StridedOperand(weight, 1, _inFeatures),
            new BiasActivationEpilogue<TAct>(output, bias, bias.Length > 0, _outFeatures, _activation));
    }

    /// <summary>
    /// Backward: <c>dout *= act'(out)</c> in place, <c>dbias += column sums</c>, <c>dweight += dout^T . inp</c>,
    /// <c>dinp += dout . weight</c>; <paramref name="dinp"/> and <paramref name="dbias"/> may be empty.
    /// </summary>
    public void Backward(ArrayView<float> inp, ArrayView<float> weight, ArrayView<float> output, ArrayView<float> dout,
        ArrayView<float> dinp, ArrayView<float> dweight, ArrayView<float> dbias, int batch)
    {
        int n = batch * _outFeatures;
        _derivative?.Invoke(n, output, dout, _activation);
        if (dbias.Length > 0)
        {
            _columnSums(_outFeatures, dout, dbias, batch, _outFeatures);
        }
        // dweight (out, in) += dout^T (out, batch) . inp (batch, in), split over the batch when the weight is small
        int splits = _gradient.Splits(_outFeatures, _inFeatures, batch);
        _gradient.Run(_outFeatures, _inFeatures, batch,
            new StridedOperand(dout, 1, _outFeatures), new StridedOperand(inp, _inFeatures, 1),
            new AccumulateEpilogue(dweight, _inFeatures, 1, atomic: splits > 1), splits);
        if (dinp.Length > 0)
        {
            // dinp (batch, in) += dout (batch, out) . weight (out, in)
            _gradient.Run(batch, _inFeatures, _outFeatures,
                new StridedOperand(dout, _outFeatures, 1), new StridedOperand(weight, _inFeatures, 1),
                new AccumulateEpilogue(dinp, _inFeatures, 1));
        }
    }
}
