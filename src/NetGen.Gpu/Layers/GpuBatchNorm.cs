using System;
using ILGPU;
using ILGPU.Runtime;
using NetGen.Gpu.Kernels;
using NetGen.Ops;

namespace NetGen.Gpu.Layers;

/// <summary>
/// Batch normalisation's kernels on one device, with a fused activation: per-channel statistics in float64 (a group
/// per channel reducing in shared memory on tiled devices; one thread per channel, in the CPU kernel's order, on the
/// CPU accelerator), then one thread per element. Holds 5 floats per channel of device
/// scratch (the fused scale and shift, and backward's three per-channel factors).
/// </summary>
public sealed class GpuBatchNorm<TAct> : IDisposable
    where TAct : struct, IActivation
{
    private readonly int _channels;
    private readonly int _spatial;
    private readonly float _momentum;
    private readonly float _epsilon;
    private readonly TAct _activation;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _affine;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _factors;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, float, float, int> _trainingStatistics;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, int> _inferenceStatistics;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, TAct> _affineKernel;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int> _backwardStatistics;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> _backwardInput;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, TAct>? _derivative;
    private readonly int _groupThreads;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, float, float, int>? _groupedTrainingStatistics;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int>? _groupedBackwardStatistics;

    /// <summary>Loads the kernels on <paramref name="device"/> for (batch, <paramref name="channels"/>, <paramref name="spatial"/>) tensors.</summary>
    public GpuBatchNorm(GpuDevice device, int channels, int spatial, float momentum, float epsilon, TAct activation)
    {
        _channels = channels;
        _spatial = spatial;
        _momentum = momentum;
        _epsilon = epsilon;
        _activation = activation;
        _affine = device.Accelerator.Allocate1D<float>(2 * channels);
        _factors = device.Accelerator.Allocate1D<float>(3 * channels);
        _trainingStatistics = device.Kernel("bnTrainingStatistics", typeof(void),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, float, float, int>(BatchNormKernels.TrainingStatistics));
        _inferenceStatistics = device.Kernel("bnInferenceStatistics", typeof(void),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, int>(BatchNormKernels.InferenceStatistics));
        _affineKernel = device.Kernel("bnAffine", typeof(TAct),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, TAct>(BatchNormKernels.Affine));
        _backwardStatistics = device.Kernel("bnBackwardStatistics", typeof(void),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int>(BatchNormKernels.BackwardStatistics));
        _backwardInput = device.Kernel("bnBackwardInput", typeof(void),
            static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>(BatchNormKernels.BackwardInput));
        _derivative = Activations.Derivative<TAct>(device);
        if (device.TileSize > 1)
        {
            // Tiled devices (CUDA): a group of threads per channel reduces in shared memory.
            _groupThreads = BatchNormGroupedKernels.Threads(device.TileSize * device.TileSize);
            _groupedTrainingStatistics = device.Kernel("bnTrainingStatisticsGrouped", typeof(void),
                static a => a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, float, float, int>(BatchNormGroupedKernels.TrainingStatistics));
            _groupedBackwardStatistics = device.Kernel("bnBackwardStatisticsGrouped", typeof(void),
                static a => a.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int>(BatchNormGroupedKernels.BackwardStatistics));
        }
    }

    /// <summary>Training forward: batch statistics (saved for backward), running statistics updated, <c>out = act(xhat gamma + beta)</c>.</summary>
    public void TrainingForward(ArrayView<float> inp, ArrayView<float> output, ArrayView<float> gamma, ArrayView<float> beta,
        ArrayView<float> runningMean, ArrayView<float> runningVar, ArrayView<float> saveMean, ArrayView<float> saveInvStd, int batch)
    {
        if (_groupedTrainingStatistics is not null)
        {
            _groupedTrainingStatistics(BatchNormGroupedKernels.Config(_channels, _groupThreads), inp, gamma, beta, runningMean, runningVar,
                saveMean, saveInvStd, _affine.View, _channels, _spatial, batch, _momentum, _epsilon, gamma.Length > 0 ? 1 : 0);
        }
        else
        {
            _trainingStatistics(_channels, inp, gamma, beta, runningMean, runningVar, saveMean, saveInvStd, _affine.View,
                _channels, _spatial, batch, _momentum, _epsilon, gamma.Length > 0 ? 1 : 0);
        }
        _affineKernel((int)(batch * (long)_channels * _spatial), inp, output, _affine.View, _channels, _spatial, _activation);
    }

    /// <summary>Inference forward with the running statistics.</summary>
    public void InferenceForward(ArrayView<float> inp, ArrayView<float> output, ArrayView<float> gamma, ArrayView<float> beta,
        ArrayView<float> runningMean, ArrayView<float> runningVar, int batch)
    {
        _inferenceStatistics(_channels, gamma, beta, runningMean, runningVar, _affine.View, _epsilon, gamma.Length > 0 ? 1 : 0);
        _affineKernel((int)(batch * (long)_channels * _spatial), inp, output, _affine.View, _channels, _spatial, _activation);
    }

    /// <summary>Backward: <c>dout *= act'(out)</c>, then the scale, shift and input gradients, each accumulated.</summary>
    public void Backward(ArrayView<float> inp, ArrayView<float> output, ArrayView<float> dout, ArrayView<float> dinp,
        ArrayView<float> gamma, ArrayView<float> dgamma, ArrayView<float> dbeta, ArrayView<float> saveMean, ArrayView<float> saveInvStd, int batch)
    {
        int total = batch * _channels * _spatial;
        _derivative?.Invoke(total, output, dout, _activation);
        if (_groupedBackwardStatistics is not null)
        {
            _groupedBackwardStatistics(BatchNormGroupedKernels.Config(_channels, _groupThreads), inp, dout, gamma, dgamma, dbeta,
                saveMean, saveInvStd, _factors.View, _channels, _spatial, batch, gamma.Length > 0 ? 1 : 0);
        }
        else
        {
            _backwardStatistics(_channels, inp, dout, gamma, dgamma, dbeta, saveMean, saveInvStd, _factors.View,
                _channels, _spatial, batch, gamma.Length > 0 ? 1 : 0);
        }
        if (dinp.Length > 0)
        {
            _backwardInput(total, inp, dout, dinp, saveMean, saveInvStd, _factors.View, _channels, _spatial, batch);
        }
    }

    /// <summary>Releases the device scratch.</summary>
    public void Dispose()
    {
        _affine.Dispose();
        _factors.Dispose();
    }
}
