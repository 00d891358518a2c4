using System;
using NetGen.Optimizers;
using Xunit;

namespace NetGen.Gpu.Tests;

/// <summary>The GPU network rejects bad input exactly as the CPU network does: same exception type, same message, no state changed.</summary>
[Collection(GpuCollection.Name)]
public sealed class BadInputTests
{
    private readonly GpuDevice _device;

    public BadInputTests(GpuDeviceFixture fixture) => _device = fixture.Device;

    public static TheoryData<string> Cases => new()
    {
        "batch 0", "batch above MaxBatch", "short input", "NaN input", "short output", "label out of range",
        "fractional label", "short target", "one-sample batch norm", "null optimizer", "backward before forward",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadInput_ThrowsLikeTheCpuNetwork(string @case)
    {
        var cpu = new GpuCnn(seed: 1);
        using var gpu = new GpuCnn.Gpu(_device, seed: 1);
        float[] parametersBefore = gpu.Parameters.ToArray();

        Exception expected = Capture(cpu, @case);
        Exception actual = Capture(gpu, @case);

        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(parametersBefore, gpu.Parameters.ToArray());
        Assert.Equal(0, gpu.RandomState.Step);
    }

    [Fact]
    public void NonFiniteStep_ThrowsAndKeepsTheParameters()
    {
        using var gpu = new GpuMlp.Gpu(_device, seed: 1);
        gpu.Parameters[0] = float.MaxValue; // the first layer overflows to infinity
        gpu.Parameters[1] = float.MaxValue;
        float[] before = gpu.Parameters.ToArray();
        float[] input = Parity.RandomInputs(4 * GpuMlp.InputSize, 1);

        Assert.Throws<NonFiniteException>(() => gpu.TrainStep(input, new float[] { 0, 1, 2, 3 }, 4, new Sgd(0.1f)));

        Assert.Equal(before, gpu.Parameters.ToArray());
    }

    private static Exception Capture(INetwork net, string @case)
    {
        int batch = 4;
        float[] input = Parity.RandomInputs(batch * net.InputSize, 2);
        float[] labels = { 0, 1, 2, 1 };
        var output = new float[batch * net.OutputSize];
        var optimizer = new Sgd(0.1f);
        Action act = @case switch
        {
            "batch 0" => () => net.Forward(input, output, 0),
            "batch above MaxBatch" => () => net.TrainStep(new float[(net.MaxBatch + 1) * net.InputSize], new float[net.MaxBatch + 1], net.MaxBatch + 1, optimizer),
            "short input" => () => net.Forward(input.AsSpan(1), output, batch),
            "NaN input" => () => { input[5] = float.NaN; net.TrainStep(input, labels, batch, optimizer); },
            "short output" => () => net.Forward(input, output.AsSpan(1), batch),
            "label out of range" => () => net.TrainStep(input, new float[] { 0, 1, 3, 1 }, batch, optimizer),
            "fractional label" => () => net.TrainStep(input, new float[] { 0, 1, 1.5f, 1 }, batch, optimizer),
            "short target" => () => net.TrainStep(input, labels.AsSpan(1), batch, optimizer),
            "one-sample batch norm" => () => net.TrainStep(input.AsSpan(0, net.InputSize), labels.AsSpan(0, 1), 1, optimizer),
            "null optimizer" => () => net.TrainStep(input, labels, batch, null!),
            "backward before forward" => () => net.Backward(labels, batch),
            _ => throw new ArgumentException(@case),
        };
        return Assert.ThrowsAny<Exception>(act);
    }
}
