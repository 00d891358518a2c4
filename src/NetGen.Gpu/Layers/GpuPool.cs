using System;
using ILGPU;
using ILGPU.Runtime;
using NetGen.Gpu.Kernels;
using NetGen.Kernels;

namespace NetGen.Gpu.Layers;

/// <summary>Max pooling's kernels on one device (<c>torch.nn.MaxPool2d</c>), with the argmax kept for backward.</summary>
public sealed class GpuMaxPool2D
{
    private readonly Pool2DShape _shape;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, Pool2DShape> _forward;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, Pool2DShape> _backward;

    /// <summary>Loads the kernels on <paramref name="device"/>.</summary>
    public GpuMaxPool2D(GpuDevice device, Pool2DShape shape)
    {
        _shape = shape;
        _forward = device.Kernel("maxPool", typeof(void),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, Pool2DShape>(PoolKernels.MaxForward));
        _backward = device.Kernel("maxPoolBackward", typeof(void),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, Pool2DShape>(PoolKernels.MaxBackward));
    }

    /// <summary>Forward: the maximum of each window and its index within the sample.</summary>
    public void Forward(ArrayView<float> inp, ArrayView<float> output, ArrayView<int> argmax, int batch) =>
        _forward(batch * _shape.OutSize, inp, output, argmax, _shape);

    /// <summary>Backward: <c>dinp += dout</c> at each window's argmax.</summary>
    public void Backward(ArrayView<float> dout, ArrayView<float> dinp, ArrayView<int> argmax, int batch) =>
        _backward(batch * _shape.InSize, dout, dinp, argmax, _shape);
}

/// <summary>Average pooling's kernels on one device (<c>torch.nn.AvgPool2d</c>, <c>count_include_pad=True</c>).</summary>
public sealed class GpuAvgPool2D
{
    private readonly Pool2DShape _shape;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, Pool2DShape> _forward;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, Pool2DShape> _backward;

    /// <summary>Loads the kernels on <paramref name="device"/>.</summary>
    public GpuAvgPool2D(GpuDevice device, Pool2DShape shape)
    {
        _shape = shape;
        _forward = device.Kernel("avgPool", typeof(void),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, Pool2DShape>(PoolKernels.AvgForward));
        _backward = device.Kernel("avgPoolBackward", typeof(void),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, Pool2DShape>(PoolKernels.AvgBackward));
    }

    /// <summary>Forward: the mean of each window.</summary>
    public void Forward(ArrayView<float> inp, ArrayView<float> output, int batch) =>
        _forward(batch * _shape.OutSize, inp, output, _shape);

    /// <summary>Backward: each input gathers the gradients of the windows that cover it.</summary>
    public void Backward(ArrayView<float> dout, ArrayView<float> dinp, int batch) =>
        _backward(batch * _shape.InSize, dout, dinp, _shape);
}

/// <summary>Global average pooling's kernels on one device (<c>torch.nn.AdaptiveAvgPool2d(1)</c> then flatten).</summary>
public sealed class GpuGlobalAvgPool2D
{
    private readonly int _channels;
    private readonly int _spatial;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int> _forward;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int> _backward;

    /// <summary>Loads the kernels on <paramref name="device"/> for <paramref name="channels"/> planes of <paramref name="spatial"/> floats.</summary>
    public GpuGlobalAvgPool2D(GpuDevice device, int channels, int spatial)
    {
        _channels = channels;
        _spatial = spatial;
        _forward = device.Kernel("globalAvgPool", typeof(void),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(PoolKernels.GlobalAvgForward));
        _backward = device.Kernel("globalAvgPoolBackward", typeof(void),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(PoolKernels.GlobalAvgBackward));
    }

    /// <summary>Forward: the mean of each plane.</summary>
    public void Forward(ArrayView<float> inp, ArrayView<float> output, int batch) =>
        _forward(batch * _channels, inp, output, _spatial);

    /// <summary>Backward: <c>dinp += dout / spatial</c>.</summary>
    public void Backward(ArrayView<float> dout, ArrayView<float> dinp, int batch) =>
        _backward(batch * _channels * _spatial, dout, dinp, _spatial);
}
