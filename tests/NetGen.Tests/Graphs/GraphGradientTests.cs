using System;
using NetGen.Tests.Networks;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Graphs;

/// <summary>
/// The generated backward pass of graph networks against central finite differences of their loss: residual sums
/// with fan-out, a concatenation that reads one layer twice and an input, a gate (product), two inputs, and a layer
/// declared after the layer that reads it. Every parameter is checked loosely, and each tensor tightly along a
/// random direction.
/// </summary>
public class GraphGradientTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void TinyResidual_Backward_MatchesFiniteDifferences(int batch) => Check(new TinyResidual(3), batch);

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void ConcatTwice_Backward_MatchesFiniteDifferences(int batch) => Check(new ConcatTwice(4), batch);

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public void SmoothGraph_Backward_MatchesFiniteDifferences(int batch) => Check(new SmoothGraph(5), batch);

    private static void Check(INetwork net, int batch)
    {
        var random = new System.Random(batch * 31 + net.ParameterCount);
        float[] input = ReferenceData.Uniform(random, batch * net.InputSize, 1.0);
        float[] target = ReferenceData.Uniform(random, batch * net.TargetSize, 0.5);
        var output = new float[batch * net.OutputSize];

        net.Forward(input, output, batch);
        net.Backward(target, batch);
        float[] analytic = net.Gradients.ToArray();
        Assert.Contains(analytic, g => g != 0f);

        const float h = 1e-2f;
        for (int i = 0; i < net.ParameterCount; i++)
        {
            double numeric = Directional(net, input, target, output, batch, i, i + 1, null, h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 5e-2 * Math.Abs(numeric) + 5e-4,
                $"parameter {i}: analytic {analytic[i]}, numeric {numeric}");
        }
        foreach (TensorInfo tensor in net.ParameterTensors)
        {
            var direction = ReferenceData.Uniform(random, tensor.Length, 1.0);
            double expected = 0;
            for (int j = 0; j < direction.Length; j++)
            {
                expected += (double)direction[j] * analytic[tensor.Offset + j];
            }
            double numeric = Directional(net, input, target, output, batch, tensor.Offset, tensor.Offset + tensor.Length, direction, h);
            Assert.True(Math.Abs(numeric - expected) <= 1e-2 * Math.Abs(numeric) + 1e-4,
                $"{tensor.Name} along a random direction: analytic {expected}, numeric {numeric}");
        }
    }

    // The central difference of the loss along `direction` (a unit step when null) over parameters [from, to).
    private static double Directional(INetwork net, float[] input, float[] target, float[] output, int batch,
        int from, int to, float[]? direction, float h)
    {
        float[] saved = net.Parameters.Slice(from, to - from).ToArray();
        for (int j = from; j < to; j++)
        {
            net.Parameters[j] = saved[j - from] + h * (direction?[j - from] ?? 1f);
        }
        net.Forward(input, output, batch);
        double plus = net.ComputeLoss(target, batch);
        for (int j = from; j < to; j++)
        {
            net.Parameters[j] = saved[j - from] - h * (direction?[j - from] ?? 1f);
        }
        net.Forward(input, output, batch);
        double minus = net.ComputeLoss(target, batch);
        saved.CopyTo(net.Parameters.Slice(from, to - from));
        return (plus - minus) / (2 * h);
    }
}
