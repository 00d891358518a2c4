using System;
using ILGPU;
using ILGPU.Runtime;
using NetGen.Gpu.Kernels;
using NetGen.Ops;

namespace NetGen.Gpu;

/// <summary>
/// A network's loss on the device, fused with the output's gradient: uploads the targets, runs a thread per row and
/// the mean, and copies back one float. Null (<see cref="For{TLoss}"/>) for a loss struct without row kernels, which
/// the network then computes on the host.
/// </summary>
internal abstract class GpuLoss : IDisposable
{
    /// <summary>The device loss for <typeparamref name="TLoss"/>, or null when it has none.</summary>
    public static GpuLoss? For<TLoss>(GpuDevice device, int maxBatch, int width, int targetSize)
        where TLoss : struct, ILoss
    {
        if (typeof(TLoss) == typeof(SoftmaxCrossEntropyLoss))
        {
            return new GpuLoss<SoftmaxCrossEntropyRows>(device, maxBatch, width, targetSize);
        }
        if (typeof(TLoss) == typeof(MeanSquaredErrorLoss))
        {
            return new GpuLoss<MeanSquaredErrorRows>(device, maxBatch, width, targetSize);
        }
        if (typeof(TLoss) == typeof(BinaryCrossEntropyLoss))
        {
            return new GpuLoss<BinaryCrossEntropyRows>(device, maxBatch, width, targetSize);
        }
        return null;
    }

    /// <summary>Copies a batch's targets (host, checked) to the device, for the next <see cref="Launch"/>.</summary>
    public abstract void UploadTargets(ReadOnlySpan<float> target);

    /// <summary>
    /// Writes <c>scale * dL/doutput</c> into <paramref name="doutput"/> and the mean loss of <paramref name="batch"/>
    /// rows of <paramref name="output"/> against the uploaded targets into device memory, for <see cref="ReadLoss"/>.
    /// </summary>
    public abstract void Launch(ArrayView<float> output, ArrayView<float> doutput, int batch, float scale);

    /// <summary>Copies the mean loss of the last <see cref="Launch"/> to the host (waits for it).</summary>
    public abstract float ReadLoss();

    /// <inheritdoc/>
    public abstract void Dispose();
}

/// <summary>The device loss with the row kernel of <typeparamref name="TRows"/>.</summary>
internal sealed class GpuLoss<TRows> : GpuLoss
    where TRows : struct, IRowLoss
{
    private readonly GpuDevice _device;
    private readonly int _width;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _target;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _terms;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _loss;
    private readonly float[] _lossHost = new float[1];
    private ArrayView<float> _targetView;
    private readonly Action<Index1D, TRows, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<double>, int, float, float, int, int> _rows;
    private readonly Action<Index1D, ArrayView<double>, int, ArrayView<float>> _mean;

    public GpuLoss(GpuDevice device, int maxBatch, int width, int targetSize)
    {
        _device = device;
        _width = width;
        Accelerator a = device.Accelerator;
        _target = a.Allocate1D<float>(Math.Max(1, maxBatch * targetSize));
        _terms = a.Allocate1D<double>(Math.Max(1, maxBatch * width));
        _loss = a.Allocate1D<float>(1);
        _rows = device.Kernel("lossRows", typeof(TRows),
            static acc => acc.LoadAutoGroupedStreamKernel<Index1D, TRows, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<double>, int, float, float, int, int>(
                LossKernels.Rows));
        _mean = device.Kernel("lossMean", typeof(void),
            static acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, int, ArrayView<float>>(LossKernels.Mean));
    }

    public override void UploadTargets(ReadOnlySpan<float> target)
    {
        _targetView = _target.View.SubView(0, target.Length);
        _targetView.CopyFromCPU(target);
    }

    public override void Launch(ArrayView<float> output, ArrayView<float> doutput, int batch, float scale)
    {
        TRows rows = default;
        int threads = _device.Threads(batch);
        _rows(threads, rows, output, _targetView, doutput, _terms.View, _width, rows.GradientFactor(batch, _width), scale, batch, threads);
        _mean(1, _terms.View, rows.OneTermPerRow ? batch : batch * _width, _loss.View);
    }

    public override float ReadLoss()
    {
        _loss.View.CopyToCPU(_lossHost);
        return _lossHost[0];
    }

    public override void Dispose()
    {
        _target.Dispose();
        _terms.Dispose();
        _loss.Dispose();
    }
}
