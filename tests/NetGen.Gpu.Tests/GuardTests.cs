using System;
using System.Linq;
using NetGen.Optimizers;
using Xunit;

namespace NetGen.Gpu.Tests;

/// <summary>
/// The GPU network keeps the CPU network's rules and guards: an optimizer binds to one network (a GPU network and its
/// CPU twin are one), a NaN behind a ReLU is named as on the CPU, an update that overflows on the device is reported
/// as applied, gradients are never left poisoned, and a forward pass goes stale when the parameters are written.
/// </summary>
[Collection(GpuCollection.Name)]
public sealed class GuardTests
{
    private const int Batch = 4;
    private static readonly float[] s_labels = { 0, 1, 2, 3 };

    private readonly GpuDevice _device;

    public GuardTests(GpuDeviceFixture fixture) => _device = fixture.Device;

    private static float[] Input(int seed) => Parity.RandomInputs(Batch * GpuMlp.InputSize, seed);

    [Fact]
    public void Optimizer_BindsToTheCpuTwin_AndRefusesAnotherGpuNetwork()
    {
        using var gpu = new GpuMlp.Gpu(_device, seed: 1);
        using var other = new GpuMlp.Gpu(_device, seed: 2);
        var adam = new Adam(0.01f);
        gpu.TrainStep(Input(1), s_labels, Batch, adam);
        gpu.Host.TrainStep(Input(2), s_labels, Batch, adam); // the twin holds the same arenas: one network

        var e = Assert.Throws<ArgumentException>(() => other.TrainStep(Input(3), s_labels, Batch, adam));

        Assert.Contains("one optimizer per network", e.Message);
        Assert.Same(gpu.Host, adam.Network);
        Assert.Equal(2, adam.StepCount);
    }

    [Fact]
    public void NaNWeightBeforeRelu_IsNamedAsOnTheCpu_AndTheGradientsAreZeroed()
    {
        var cpu = new GpuMlp(seed: 1);
        using var gpu = new GpuMlp.Gpu(_device, seed: 1);
        cpu.Parameters[3] = float.NaN; // fc1.weight, before a ReLU
        gpu.Parameters[3] = float.NaN;
        float[] before = gpu.Parameters.ToArray();

        var expected = Assert.Throws<NonFiniteException>(() => cpu.TrainStep(Input(4), s_labels, Batch, new Sgd(0.1f)));
        var actual = Assert.Throws<NonFiniteException>(() => gpu.TrainStep(Input(4), s_labels, Batch, new Sgd(0.1f)));

        Assert.Equal("the parameter fc1.weight", expected.Where);
        Assert.Equal(expected.Where, actual.Where);
        Assert.Equal(BitsOf(before), BitsOf(gpu.Parameters.ToArray()));
        Assert.All(gpu.Gradients.ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void DeviceUpdateThatOverflows_IsReportedAsApplied()
    {
        using var gpu = new GpuMlp.Gpu(_device, seed: 1);
        // Valid values whose update, run by the device kernel (SGD is one of the runtime's optimizers), overflows:
        // p - 10 (g + wd p) is beyond float for |p| > 0.34.
        var sgd = new Sgd(10f, weightDecay: float.MaxValue);

        var e = Assert.Throws<NonFiniteException>(() => gpu.TrainStep(Input(5), s_labels, Batch, sgd));

        Assert.True(e.UpdateApplied);
        Assert.StartsWith("the parameter ", e.Where);
        Assert.Contains(gpu.Parameters.ToArray(), p => !float.IsFinite(p));
        Assert.Throws<InvalidOperationException>(() => gpu.Backward(s_labels, Batch));
    }

    [Fact]
    public void MarkParametersChanged_MakesBackwardAskForAForward()
    {
        using var gpu = new GpuMlp.Gpu(_device, seed: 1) { Training = true };
        gpu.Forward(Input(6), new float[Batch * GpuMlp.OutputSize], Batch);
        gpu.Parameters[0] += 1f;

        gpu.MarkParametersChanged();

        var e = Assert.Throws<InvalidOperationException>(() => gpu.Backward(s_labels, Batch));
        Assert.Contains("call Forward again before Backward", e.Message);
    }

    private static int[] BitsOf(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
