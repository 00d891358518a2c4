using System;
using Xunit;

namespace NetGen.Gpu.Tests;

/// <summary>
/// The CNNs with every layer kind on the device against the same networks on the CPU: inference and training
/// forward (dropout draws the CPU's counter-based masks, so masks match exactly), gradients, running statistics and
/// 10-step loss trajectories per optimizer.
/// </summary>
[Collection(GpuCollection.Name)]
public sealed class CnnParityTests
{
    private readonly GpuDevice _device;

    public CnnParityTests(GpuDeviceFixture fixture) => _device = fixture.Device;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(GpuCnn.MaxBatch)]
    public void InferenceForward_MatchesCpu(int batch)
    {
        var cpu = new GpuCnn(seed: 5);
        using var gpu = new GpuCnn.Gpu(_device, seed: 5);
        float[] input = Parity.RandomInputs(batch * GpuCnn.InputSize, 6);
        var expected = new float[batch * GpuCnn.OutputSize];
        var actual = new float[batch * GpuCnn.OutputSize];

        cpu.Forward(input, expected, batch);
        gpu.Forward(input, actual, batch);

        Parity.Close(expected, actual, Parity.OutputTolerance, "outputs");
    }

    [Fact]
    public void TrainingForward_DrawsTheCpuDropoutMasks_AndUpdatesRunningStatistics()
    {
        const int batch = 6;
        var cpu = new GpuCnn(seed: 8) { Training = true };
        using var gpu = new GpuCnn.Gpu(_device, seed: 8) { Training = true };
        var expected = new float[batch * GpuCnn.OutputSize];
        var actual = new float[batch * GpuCnn.OutputSize];
        for (int pass = 0; pass < 3; pass++)
        {
            float[] input = Parity.RandomInputs(batch * GpuCnn.InputSize, 30 + pass);
            cpu.Forward(input, expected, batch);
            gpu.Forward(input, actual, batch);
            Parity.Close(expected, actual, Parity.OutputTolerance, $"training outputs, pass {pass}");
        }

        Parity.Close(cpu.Buffers, gpu.Buffers, Parity.OutputTolerance, "running statistics");
        Assert.Equal(cpu.RandomState, gpu.RandomState);
    }

    [Fact]
    public void Gradients_MatchCpu()
    {
        const int batch = 5;
        var cpu = new GpuCnn(seed: 2);
        using var gpu = new GpuCnn.Gpu(_device, seed: 2);
        float[] input = Parity.RandomInputs(batch * GpuCnn.InputSize, 3);
        float[] labels = Parity.RandomLabels(batch, GpuCnn.OutputSize, 4);

        float cpuLoss = cpu.ComputeGradients(input, labels, batch);
        float gpuLoss = gpu.ComputeGradients(input, labels, batch);

        Parity.Close(cpuLoss, gpuLoss, Parity.GradientTolerance, "loss");
        Parity.Close(cpu.Gradients, gpu.Gradients, Parity.GradientTolerance, "gradients");
        Assert.Contains(gpu.Gradients.Slice(0, 120).ToArray(), g => g != 0f); // conv1.weight, the deepest tensor
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
        const int batch = GpuCnn.MaxBatch;
        var cpu = new GpuCnn(seed: 7);
        using var gpu = new GpuCnn.Gpu(_device, seed: 7);

        (float[] expected, float[] actual) = Parity.Trajectories(cpu, gpu, optimizer, batch,
            k => Parity.RandomLabels(batch, GpuCnn.OutputSize, 50 + k));

        Parity.Close(expected, actual, Parity.TrajectoryTolerance, optimizer + " losses");
        Parity.Close(cpu.Parameters, gpu.Parameters, Parity.TrajectoryTolerance, optimizer + " parameters");
        Parity.Close(cpu.Buffers, gpu.Buffers, Parity.TrajectoryTolerance, optimizer + " running statistics");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(GpuGlobalPoolCnn.MaxBatch)]
    public void GlobalPoolCnn_ForwardAndGradients_MatchCpu(int batch)
    {
        var cpu = new GpuGlobalPoolCnn(seed: 9);
        using var gpu = new GpuGlobalPoolCnn.Gpu(_device, seed: 9);
        float[] input = Parity.RandomInputs(batch * GpuGlobalPoolCnn.InputSize, 12);
        float[] target = Parity.RandomInputs(batch * GpuGlobalPoolCnn.TargetSize, 13);
        var expected = new float[batch * GpuGlobalPoolCnn.OutputSize];
        var actual = new float[batch * GpuGlobalPoolCnn.OutputSize];

        cpu.Forward(input, expected, batch);
        gpu.Forward(input, actual, batch);
        Parity.Close(expected, actual, Parity.OutputTolerance, "outputs");

        float cpuLoss = cpu.ComputeGradients(input, target, batch);
        float gpuLoss = gpu.ComputeGradients(input, target, batch);
        Parity.Close(cpuLoss, gpuLoss, Parity.GradientTolerance, "loss");
        Parity.Close(cpu.Gradients, gpu.Gradients, Parity.GradientTolerance, "gradients");
    }

    [Fact]
    public void GlobalPoolCnn_TenStepLossTrajectory_MatchesCpu()
    {
        const int batch = 6;
        var cpu = new GpuGlobalPoolCnn(seed: 1);
        using var gpu = new GpuGlobalPoolCnn.Gpu(_device, seed: 1);

        (float[] expected, float[] actual) = Parity.Trajectories(cpu, gpu, "momentum", batch,
            k => Parity.RandomInputs(batch * GpuGlobalPoolCnn.TargetSize, 80 + k));

        Parity.Close(expected, actual, Parity.TrajectoryTolerance, "losses");
        Assert.True(expected[^1] < expected[0], $"the loss did not fall ({expected[0]} -> {expected[^1]}).");
    }
}

/// <summary>The README's MNIST CNN at full size: two training steps and an inference pass match the CPU network.</summary>
[Collection(GpuCollection.Name)]
public sealed class MnistScaleParityTests
{
    private readonly GpuDevice _device;

    public MnistScaleParityTests(GpuDeviceFixture fixture) => _device = fixture.Device;

    [Fact]
    public void ReadmeCnn_StepsAndInference_MatchCpu()
    {
        const int batch = 3;
        var cpu = new GpuMnistCnn(seed: 42);
        using var gpu = new GpuMnistCnn.Gpu(_device, seed: 42);
        var cpuOptimizer = new NetGen.Optimizers.Sgd(0.02f, momentum: 0.9f);
        var gpuOptimizer = new NetGen.Optimizers.Sgd(0.02f, momentum: 0.9f);
        for (int step = 0; step < 2; step++)
        {
            float[] input = Parity.RandomInputs(batch * GpuMnistCnn.InputSize, 40 + step);
            float[] labels = Parity.RandomLabels(batch, GpuMnistCnn.OutputSize, 60 + step);
            Parity.Close(cpu.TrainStep(input, labels, batch, cpuOptimizer), gpu.TrainStep(input, labels, batch, gpuOptimizer), Parity.GradientTolerance, $"loss {step}");
            Parity.Close(cpu.Gradients, gpu.Gradients, Parity.GradientTolerance, $"gradients {step}");
        }
        float[] probe = Parity.RandomInputs(batch * GpuMnistCnn.InputSize, 90);
        var expected = new float[batch * GpuMnistCnn.OutputSize];
        var actual = new float[expected.Length];
        cpu.Forward(probe, expected, batch);
        gpu.Forward(probe, actual, batch);
        Parity.Close(expected, actual, Parity.OutputTolerance, "probabilities");
    }
}

/// <summary>
/// The code path CUDA takes (shared-memory tiles, implicit-GEMM convolutions, split-K weight gradients), run through
/// whole networks on a device with 4 x 4 tiles; the other tests use the CPU accelerator's default, 1.
/// </summary>
public sealed class TiledPathParityTests : IDisposable
{
    private readonly GpuDevice _device = GpuDevice.Create(
        GpuDevice.ParseBackend(Environment.GetEnvironmentVariable(GpuDevice.EnvironmentVariable), GpuBackend.Cpu), tileSize: 4);

    public void Dispose() => _device.Dispose();

    [Fact]
    public void EveryLayerCnn_TrainingStep_MatchesCpu()
    {
        const int batch = 6;
        var cpu = new GpuCnn(seed: 12);
        using var gpu = new GpuCnn.Gpu(_device, seed: 12);
        float[] input = Parity.RandomInputs(batch * GpuCnn.InputSize, 1);
        float[] labels = Parity.RandomLabels(batch, GpuCnn.OutputSize, 2);

        Parity.Close(cpu.TrainStep(input, labels, batch, new NetGen.Optimizers.Adam(0.01f)),
            gpu.TrainStep(input, labels, batch, new NetGen.Optimizers.Adam(0.01f)), Parity.GradientTolerance, "loss");
        Parity.Close(cpu.Gradients, gpu.Gradients, Parity.GradientTolerance, "gradients");
        Parity.Close(cpu.Buffers, gpu.Buffers, Parity.OutputTolerance, "running statistics");
    }

    [Fact]
    public void GlobalPoolCnn_TrainingStep_MatchesCpu()
    {
        const int batch = GpuGlobalPoolCnn.MaxBatch;
        var cpu = new GpuGlobalPoolCnn(seed: 13);
        using var gpu = new GpuGlobalPoolCnn.Gpu(_device, seed: 13);
        float[] input = Parity.RandomInputs(batch * GpuGlobalPoolCnn.InputSize, 3);
        float[] target = Parity.RandomInputs(batch * GpuGlobalPoolCnn.TargetSize, 4);

        Parity.Close(cpu.TrainStep(input, target, batch, new NetGen.Optimizers.Sgd(0.02f)),
            gpu.TrainStep(input, target, batch, new NetGen.Optimizers.Sgd(0.02f)), Parity.GradientTolerance, "loss");
        Parity.Close(cpu.Gradients, gpu.Gradients, Parity.GradientTolerance, "gradients");
    }
}
