using System;
using ILGPU;
using ILGPU.Runtime;
using NetGen.Gpu.Kernels;
using NetGen.Ops;
using Xunit;

namespace NetGen.Gpu.Tests;

/// <summary>
/// The device loss (a thread per row, then the mean) against the runtime's CPU loss structs, on awkward shapes and
/// with the accumulation's gradient scale: the mean is summed in the CPU's order from the same float64 terms, and the
/// gradients use the same scalar helpers (the softmax's probabilities come from the float64 exponentials of the
/// log-sum-exp, the CPU's from a float32 vectorised softmax: a few ulps apart).
/// </summary>
[Collection(GpuCollection.Name)]
public sealed class LossKernelTests
{
    private const float Tolerance = 1e-6f;

    private readonly GpuDevice _device;

    public LossKernelTests(GpuDeviceFixture fixture) => _device = fixture.Device;

    [Theory]
    [InlineData(1, 1, 1f)]
    [InlineData(5, 7, 1f)]
    [InlineData(64, 10, 0.25f)]
    public void MeanSquaredError_MatchesTheCpuLoss(int batch, int width, float scale) =>
        AssertMatches<MeanSquaredErrorLoss, MeanSquaredErrorRows>(batch, width, Parity.RandomInputs(batch * width, 9), scale);

    [Theory]
    [InlineData(1, 2, 1f)]
    [InlineData(5, 7, 1f)]
    [InlineData(33, 37, 0.5f)]
    public void SoftmaxCrossEntropy_MatchesTheCpuLoss(int batch, int width, float scale) =>
        AssertMatches<SoftmaxCrossEntropyLoss, SoftmaxCrossEntropyRows>(batch, width, Parity.RandomLabels(batch, width, 9), scale);

    [Theory]
    [InlineData(1, 1, 1f)]
    [InlineData(6, 3, 1f)]
    [InlineData(64, 5, 0.5f)]
    public void BinaryCrossEntropy_MatchesTheCpuLoss(int batch, int width, float scale) =>
        AssertMatches<BinaryCrossEntropyLoss, BinaryCrossEntropyRows>(batch, width, Parity.RandomProbabilities(batch * width, 9), scale);

    private void AssertMatches<TLoss, TRows>(int batch, int width, float[] target, float scale)
        where TLoss : struct, ILoss
        where TRows : struct, IRowLoss
    {
        float[] output = Parity.RandomInputs(batch * width, 8);
        for (int i = 0; i < output.Length; i++)
        {
            output[i] *= 8f; // logits far enough apart that the softmax is not flat
        }
        var expectedGradient = new float[output.Length];
        float expectedLoss = default(TLoss).ForwardBackward(output, target, expectedGradient, batch, width);
        for (int i = 0; i < expectedGradient.Length; i++)
        {
            expectedGradient[i] *= scale;
        }

        using var buffers = new DeviceBuffers(_device);
        using MemoryBuffer1D<double, Stride1D.Dense> terms = _device.Accelerator.Allocate1D<double>(batch * width);
        ArrayView<float> dOutput = buffers.Upload(output), dTarget = buffers.Upload(target);
        ArrayView<float> dGradient = buffers.Upload(new float[output.Length]), dLoss = buffers.Upload(new float[1]);
        var rows = _device.Accelerator.LoadAutoGroupedStreamKernel<Index1D, TRows, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<double>, int, float, float, int, int>(LossKernels.Rows);
        var mean = _device.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, int, ArrayView<float>>(LossKernels.Mean);
        TRows loss = default;

        int threads = Math.Max(1, batch / 2); // several rows per thread
        rows(threads, loss, dOutput, dTarget, dGradient, terms.View, width, loss.GradientFactor(batch, width), scale, batch, threads);
        mean(1, terms.View, loss.OneTermPerRow ? batch : batch * width, dLoss);

        Parity.Close(expectedLoss, DeviceBuffers.Download(dLoss)[0], Tolerance, "loss");
        Parity.Close(expectedGradient, DeviceBuffers.Download(dGradient), Tolerance, "gradient");
    }
}
