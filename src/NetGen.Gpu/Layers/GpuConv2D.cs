using System;
using ILGPU;
using ILGPU.Runtime;
using NetGen.Gpu.Kernels;
using NetGen.Kernels;
using NetGen.Ops;

namespace NetGen.Gpu.Layers;

/// <summary>
/// A 2-D convolution's kernels on one device (<c>torch.nn.Conv2d</c>, weight (outC, inC, kH, kW), NCHW), as implicit
/// GEMMs in shared-memory tiles: forward is weight (outC x patch) times the patch matrix gathered from the input, with
/// bias and activation in the epilogue; the weight gradient is dout (outC x positions) times the transposed patches;
/// the input gradient is the transposed weight times the output gradient gathered per input pixel.
/// </summary>
/// <remarks>
/// With a tile edge of 1 (ILGPU's CPU accelerator) the layer writes explicit patch matrices instead
/// (<see cref="Im2ColKernels"/>), which that accelerator runs many times faster; it then holds them in device scratch.
/// </remarks>
public sealed class GpuConv2D<TAct> : IDisposable
    where TAct : struct, IActivation
{
    private readonly GpuConv2DDirect<TAct>? _direct;
    private readonly Conv2DShape _shape;
    private readonly TAct _activation;
    private readonly Gemm<StridedOperand, PatchOperand, ConvOutputEpilogue<TAct>> _forward;
    private readonly Gemm<ChannelMajorOperand, PatchOperand, AccumulateEpilogue> _weightGradient;
    private readonly Gemm<WeightByInputChannelOperand, OutputGradientOperand, ChannelMajorAccumulateEpilogue> _inputGradient;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, TAct>? _derivative;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int, int, int> _channelSums;

    /// <summary>Loads the layer's kernels on <paramref name="device"/> (once per device and activation type).</summary>
    public GpuConv2D(GpuDevice device, Conv2DShape shape, TAct activation)
    {
        _shape = shape;
        _activation = activation;
        if (device.TileSize == 1)
        {
            _direct = new GpuConv2DDirect<TAct>(device, shape);
        }
        _forward = new Gemm<StridedOperand, PatchOperand, ConvOutputEpilogue<TAct>>(device);
        _weightGradient = new Gemm<ChannelMajorOperand, PatchOperand, AccumulateEpilogue>(device);
        _inputGradient = new Gemm<WeightByInputChannelOperand, OutputGradientOperand, ChannelMajorAccumulateEpilogue>(device);
        _derivative = Activations.Derivative<TAct>(device);
        _channelSums = device.Kernel("channelSums", typeof(void),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int, int>(ElementwiseKernels.ChannelSums));
    }

    /// <summary><c>out = act(conv(inp, weight) + bias)</c>; <paramref name="bias"/> may be empty.</summary>
    public void Forward(ArrayView<float> inp, ArrayView<float> weight, ArrayView<float> bias, ArrayView<float> output, int batch)
    {
        if (_direct is not null)
        {
            _direct.Forward(inp, weight, bias, output, batch, _activation);
            return;
        }
        int m = _shape.OutChannels, n = batch * _shape.OutHeight * _shape.OutWidth, k = _shape.PatchSize;
        _forward.Run(m, n, k,
            new StridedOperand(weight, k, 1), new PatchOperand(inp, _shape, transposed: false),
            new ConvOutputEpilogue<TAct>(output, bias, bias.Length > 0, _shape.OutChannels, _shape.OutHeight * _shape.OutWidth, _activation));
    }

    /// <summary>
    /// Backward: <c>dout *= act'(out)</c> in place, then the bias, weight and input gradients, each accumulated;
    /// <paramref name="dinp"/> and <paramref name="dbias"/> may be empty.
    /// </summary>
    public void Backward(ArrayView<float> inp, ArrayView<float> weight, ArrayView<float> output, ArrayView<float> dout,
        ArrayView<float> dinp, ArrayView<float> dweight, ArrayView<float> dbias, int batch)
    {
        int outPlane = _shape.OutHeight * _shape.OutWidth;
        _derivative?.Invoke(batch * _shape.OutSize, output, dout, _activation);
        if (dbias.Length > 0)
        {
            _channelSums(_shape.OutChannels, dout, dbias, batch, _shape.OutChannels, outPlane);
        }
        if (_direct is not null)
        {
            _direct.Backward(inp, weight, dout, dinp, dweight, batch);
            return;
        }
        // dweight (outC, patch) += dout (outC, B*outHW) . patches^T (B*outHW, patch)
        int positions = batch * outPlane;
        // Few outputs (outC x patch) and a long inner dimension (every output position): split it (split-K).
        int splits = _weightGradient.Splits(_shape.OutChannels, _shape.PatchSize, positions);
        _weightGradient.Run(_shape.OutChannels, _shape.PatchSize, positions,
            new ChannelMajorOperand(dout, _shape.OutChannels, outPlane), new PatchOperand(inp, _shape, transposed: true),
            new AccumulateEpilogue(dweight, _shape.PatchSize, 1, atomic: splits > 1), splits);
        if (dinp.Length > 0)
        {
            // dinp (inC, B*inHW) += weight^T (inC, outC*kH*kW) . dout gathered ((outC, kH, kW), B*inHW)
            int inPlane = _shape.InHeight * _shape.InWidth;
            int k = _shape.OutChannels * _shape.KernelHeight * _shape.KernelWidth;
            _inputGradient.Run(_shape.InChannels, batch * inPlane, k,
                new WeightByInputChannelOperand(weight, _shape), new OutputGradientOperand(dout, _shape),
                new ChannelMajorAccumulateEpilogue(dinp, _shape.InChannels, inPlane));
        }
    }

    /// <summary>Releases the patch scratch of the direct path, if any.</summary>
    public void Dispose() => _direct?.Dispose();
}
