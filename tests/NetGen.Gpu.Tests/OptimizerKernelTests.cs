using System;
using ILGPU;
using ILGPU.Runtime;
using NetGen.Gpu.Kernels;
using NetGen.Optimizers;
using NetGen.Optimizers.Rules;
using Xunit;

namespace NetGen.Gpu.Tests;

/// <summary>The update and finite-check kernels on their own, with several items per thread.</summary>
[Collection(GpuCollection.Name)]
public sealed class OptimizerKernelTests
{
    private readonly GpuDevice _device;

    public OptimizerKernelTests(GpuDeviceFixture fixture) => _device = fixture.Device;

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(36)]
    [InlineData(100)]
    public void FlagNonFinite_FindsANaNOrInfinityAnywhere(int position)
    {
        float[] values = Parity.RandomInputs(101, 3);
        if (position >= 0)
        {
            values[position] = position % 2 == 0 ? float.NaN : float.NegativeInfinity;
        }
        values[50] = float.MaxValue; // large but finite

        using var buffers = new DeviceBuffers(_device);
        using MemoryBuffer1D<int, Stride1D.Dense> flag = _device.Accelerator.Allocate1D<int>(1);
        flag.MemSetToZero();
        var kernel = _device.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, int, int>(OptimizerKernels.FlagNonFinite);
        kernel(7, buffers.Upload(values), flag.View, values.Length, 7);

        var result = new int[1];
        flag.View.CopyToCPU(result);
        Assert.Equal(position >= 0 ? 1 : 0, result[0]);
    }

    [Fact]
    public void Update_WithAdamsRule_MatchesTheCpuAdamBitForBit_OnTheCpuAccelerator()
    {
        const int length = 53;
        float[] parameters = Parity.RandomInputs(length, 1), gradients = Parity.RandomInputs(length, 2);
        var cpu = new Adam(0.01f, amsgrad: true);
        float[] expected = (float[])parameters.Clone();
        cpu.Step(expected, gradients);

        using var buffers = new DeviceBuffers(_device);
        ArrayView<float> p = buffers.Upload(parameters), m = buffers.Upload(new float[length]);
        ArrayView<float> v = buffers.Upload(new float[length]), max = buffers.Upload(new float[length]);
        var kernel = _device.Accelerator.LoadAutoGroupedStreamKernel<Index1D, AdamRule, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int>(OptimizerKernels.Update);
        var rule = new AdamRule(0.01f, 0.9f, 0.999f, 1e-8f, 0f, decoupled: false, amsgrad: true, step: 1);
        kernel(5, rule, p, buffers.Upload(gradients), m, v, max, 3, 1, length, 5);

        float[] actual = DeviceBuffers.Download(p), expAvg = DeviceBuffers.Download(m);
        if (_device.Backend == GpuBackend.Cpu)
        {
            // The same IL arithmetic: the same bits.
            Assert.Equal(expected, actual);
            Assert.Equal(cpu.StateTensors[0].Values, expAvg);
        }
        else
        {
            // PTX may fuse a multiply and an add.
            Parity.Close(expected, actual, 1e-6f, "parameters");
            Parity.Close(cpu.StateTensors[0].Values, expAvg, 1e-6f, "exp_avg");
        }
    }
}
