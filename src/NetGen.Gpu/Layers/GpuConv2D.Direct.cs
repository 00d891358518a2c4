using System;
using ILGPU;
using ILGPU.Runtime;
using NetGen.Gpu.Kernels;
using NetGen.Kernels;
using NetGen.Ops;

namespace NetGen.Gpu.Layers;

/// <summary>The direct path of a convolution (tile edge 1, ILGPU's CPU accelerator): explicit patches and plain GEMMs.</summary>
internal sealed class GpuConv2DDirect<TAct> : IDisposable
    where TAct : struct, IActivation
{
    private readonly Accelerator _accelerator;
    private readonly GpuDevice _device;
    private readonly Conv2DShape _shape;
    private readonly Gemm<StridedOperand, StridedOperand, ConvOutputEpilogue<TAct>> _forward;
    private readonly Gemm<ChannelMajorOperand, StridedOperand, AccumulateEpilogue> _weightGradient;
    private readonly Gemm<StridedOperand, ChannelMajorOperand, StoreEpilogue> _columnGradient;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, Conv2DShape, int, int, int> _im2col;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, Conv2DShape, int, int, int> _col2im;
    private MemoryBuffer1D<float, Stride1D.Dense>? _cols;

    public GpuConv2DDirect(GpuDevice device, Conv2DShape shape)
    {
        _accelerator = device.Accelerator;
        _device = device;
        _shape = shape;
        _forward = new Gemm<StridedOperand, StridedOperand, ConvOutputEpilogue<TAct>>(device);
        _weightGradient = new Gemm<ChannelMajorOperand, StridedOperand, AccumulateEpilogue>(device);
        _columnGradient = new Gemm<StridedOperand, ChannelMajorOperand, StoreEpilogue>(device);
        _im2col = device.Kernel("im2col", typeof(void),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, Conv2DShape, int, int, int>(Im2ColKernels.Im2Col));
        _col2im = device.Kernel("col2im", typeof(void),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, Conv2DShape, int, int, int>(Im2ColKernels.Col2Im));
    }

    public void Forward(ArrayView<float> inp, ArrayView<float> weight, ArrayView<float> bias, ArrayView<float> output, int batch, TAct activation)
    {
        int positions = batch * _shape.OutHeight * _shape.OutWidth;
        ArrayView<float> cols = Columns(positions);
        Im2Col(inp, cols, positions);
        _forward.Run(_shape.OutChannels, positions, _shape.PatchSize,
            new StridedOperand(weight, _shape.PatchSize, 1), new StridedOperand(cols, positions, 1),
            new ConvOutputEpilogue<TAct>(output, bias, bias.Length > 0, _shape.OutChannels, _shape.OutHeight * _shape.OutWidth, activation));
    }

    // dout already holds the pre-activation gradient.
    public void Backward(ArrayView<float> inp, ArrayView<float> weight, ArrayView<float> dout, ArrayView<float> dinp, ArrayView<float> dweight, int batch)
    {
        int outPlane = _shape.OutHeight * _shape.OutWidth;
        int positions = batch * outPlane;
        ArrayView<float> cols = Columns(positions);
        Im2Col(inp, cols, positions);
        _weightGradient.Run(_shape.OutChannels, _shape.PatchSize, positions,
            new ChannelMajorOperand(dout, _shape.OutChannels, outPlane), new StridedOperand(cols, 1, positions),
            new AccumulateEpilogue(dweight, _shape.PatchSize, 1));
        if (dinp.Length > 0)
        {
            // dcols (patch, positions) = weight^T (patch, outC) . dout (outC, positions), then summed back into pixels.
            _columnGradient.Run(_shape.PatchSize, positions, _shape.OutChannels,
                new StridedOperand(weight, 1, _shape.PatchSize), new ChannelMajorOperand(dout, _shape.OutChannels, outPlane),
                new StoreEpilogue(cols, positions));
            int total = batch * _shape.InSize, threads = _device.Threads(total);
            _col2im(threads, cols, dinp, _shape, positions, total, threads);
        }
    }

    private void Im2Col(ArrayView<float> inp, ArrayView<float> cols, int positions)
    {
        int total = _shape.PatchSize * positions, threads = _device.Threads(total);
        _im2col(threads, inp, cols, _shape, positions, total, threads);
    }

    private ArrayView<float> Columns(int positions)
    {
        long needed = (long)_shape.PatchSize * positions;
        if (_cols is null || _cols.Length < needed)
        {
            _cols?.Dispose();
            _cols = _accelerator.Allocate1D<float>(needed);
        }
        return _cols.View.SubView(0, needed);
    }

    public void Dispose() => _cols?.Dispose();
}
