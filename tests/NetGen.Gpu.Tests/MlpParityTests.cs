using System;
using Xunit;

namespace NetGen.Gpu.Tests;

/// <summary>The dense network on the device against the same network on the CPU.</summary>
[Collection(GpuCollection.Name)]
public sealed class MlpParityTests
{
    private readonly GpuDevice _device;

    public MlpParityTests(GpuDeviceFixture fixture) => _device = fixture.Device;

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(GpuMlp.MaxBatch)]
    public void Forward_MatchesCpu(int batch)
    {
        var cpu = new GpuMlp(seed: 11);
        using var gpu = new GpuMlp.Gpu(_device, seed: 11);
        float[] input = Parity.RandomInputs(batch * GpuMlp.InputSize, 1);
        var expected = new float[batch * GpuMlp.OutputSize];
        var actual = new float[batch * GpuMlp.OutputSize];

        cpu.Forward(input, expected, batch);
        gpu.Forward(input, actual, batch);

        Parity.Close(expected, actual, Parity.OutputTolerance, "probabilities");
        Parity.Close(cpu.LastOutput, gpu.LastOutput, Parity.OutputTolerance, "logits");
    }

    [Fact]
    public void Gradients_MatchCpu()
    {
        const int batch = 7;
        var cpu = new GpuMlp(seed: 2);
        using var gpu = new GpuMlp.Gpu(_device, seed: 2);
        float[] input = Parity.RandomInputs(batch * GpuMlp.InputSize, 3);
        float[] labels = Parity.RandomLabels(batch, GpuMlp.OutputSize, 4);

        float cpuLoss = cpu.ComputeGradients(input, labels, batch);
        float gpuLoss = gpu.ComputeGradients(input, labels, batch);

        Parity.Close(cpuLoss, gpuLoss, Parity.GradientTolerance, "loss");
        Parity.Close(cpu.Gradients, gpu.Gradients, Parity.GradientTolerance, "gradients");
        Assert.Contains(gpu.Gradients.ToArray(), g => g != 0f);
    }

    [Fact]
    public void AccumulatedGradients_MatchCpu()
    {
        const int batch = 4;
        var cpu = new GpuMlp(seed: 2);
        using var gpu = new GpuMlp.Gpu(_device, seed: 2);
        for (int micro = 0; micro < 2; micro++)
        {
            float[] input = Parity.RandomInputs(batch * GpuMlp.InputSize, 10 + micro);
            float[] labels = Parity.RandomLabels(batch, GpuMlp.OutputSize, 20 + micro);
            cpu.ComputeGradients(input, labels, batch, accumulate: micro > 0, scale: 0.5f);
            gpu.ComputeGradients(input, labels, batch, accumulate: micro > 0, scale: 0.5f);
        }

        Parity.Close(cpu.Gradients, gpu.Gradients, Parity.GradientTolerance, "accumulated gradients");
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("momentum")]
    [InlineData("nesterov")]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("rmsprop")]
    [InlineData("adagrad")]
    public void TenStepLossTrajectory_MatchesCpu(string optimizer)
    {
        const int batch = 8;
        var cpu = new GpuMlp(seed: 7);
        using var gpu = new GpuMlp.Gpu(_device, seed: 7);

        (float[] expected, float[] actual) = Parity.Trajectories(cpu, gpu, optimizer, batch,
            k => Parity.RandomLabels(batch, GpuMlp.OutputSize, 50 + k));

        Parity.Close(expected, actual, Parity.TrajectoryTolerance, optimizer + " losses");
        Parity.Close(cpu.Parameters, gpu.Parameters, Parity.TrajectoryTolerance, optimizer + " parameters");
        Assert.True(expected[^1] < expected[0], $"{optimizer}: the loss did not fall ({expected[0]} -> {expected[^1]}).");
    }

    [Fact]
    public void BinaryCrossEntropy_TrainsLikeCpu()
    {
        const int batch = 6;
        var cpu = new GpuBinary(seed: 4);
        using var gpu = new GpuBinary.Gpu(_device, seed: 4);

        (float[] expected, float[] actual) = Parity.Trajectories(cpu, gpu, "adam", batch,
            k => Parity.RandomProbabilities(batch, 70 + k));

        Parity.Close(expected, actual, Parity.TrajectoryTolerance, "BCE losses");
        var cpuOut = new float[batch];
        var gpuOut = new float[batch];
        float[] input = Parity.RandomInputs(batch * GpuBinary.InputSize, 9);
        cpu.Forward(input, cpuOut, batch);
        gpu.Forward(input, gpuOut, batch);
        Parity.Close(cpuOut, gpuOut, Parity.OutputTolerance, "sigmoid probabilities");
    }
}
