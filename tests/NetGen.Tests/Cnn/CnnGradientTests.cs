using System;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Cnn;

/// <summary>
/// The generated backward pass of a whole convolutional network against central finite differences of its loss:
/// every parameter of convolutions (stride, padding, dilation, a non-square kernel), batch norm over channels and
/// over features, average pooling with padding, global average pooling and dense layers.
/// </summary>
public class CnnGradientTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public void SmoothCnn_Backward_MatchesFiniteDifferencesOfTheLoss(int batch)
    {
        var net = new SmoothCnn(seed: 5) { Training = true };
        var random = new System.Random(batch);
        float[] input = Fill(new float[batch * SmoothCnn.InputSize], random, 1.0);
        float[] target = Fill(new float[batch * SmoothCnn.TargetSize], random, 0.5);
        var output = new float[batch * SmoothCnn.OutputSize];

        net.Forward(input, output, batch);
        net.Backward(target, batch);
        float[] analytic = net.Gradients.ToArray();

        // Float32 forward passes make the loss noisy at about 1e-7 relative, so each entry is checked loosely (a wrong
        // gradient is typically off by its whole size), and each tensor tightly along a random direction, where the
        // signal of all its entries adds up.
        const float h = 1e-2f;
        for (int i = 0; i < SmoothCnn.ParameterCount; i++)
        {
            double numeric = Directional(net, input, target, output, batch, i, i + 1, null, h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 5e-2 * Math.Abs(numeric) + 5e-4,
                $"parameter {i} ({Describe(net, i)}): analytic {analytic[i]}, numeric {numeric}");
        }
        foreach (TensorInfo tensor in net.ParameterTensors)
        {
            var direction = new float[tensor.Length];
            Fill(direction, random, 1.0);
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
    private static double Directional(SmoothCnn net, float[] input, float[] target, float[] output, int batch,
        int from, int to, float[]? direction, float h)
    {
        float[] saved = net.Parameters.Slice(from, to - from).ToArray();
        for (int j = from; j < to; j++)
        {
            net.Parameters[j] = saved[j - from] + h * (direction?[j - from] ?? 1f);
        }
        double plus = Loss(net, input, target, output, batch);
        for (int j = from; j < to; j++)
        {
            net.Parameters[j] = saved[j - from] - h * (direction?[j - from] ?? 1f);
        }
        double minus = Loss(net, input, target, output, batch);
        saved.CopyTo(net.Parameters.Slice(from, to - from));
        return (plus - minus) / (2 * h);
    }

    private static double Loss(SmoothCnn net, float[] input, float[] target, float[] output, int batch)
    {
        net.Forward(input, output, batch);
        return net.ComputeLoss(target, batch);
    }

    private static string Describe(INetwork net, int index)
    {
        foreach (TensorInfo tensor in net.ParameterTensors)
        {
            if (index >= tensor.Offset && index < tensor.Offset + tensor.Length)
            {
                return tensor.Name + "[" + (index - tensor.Offset) + "]";
            }
        }
        return "?";
    }

    private static float[] Fill(float[] values, System.Random random, double scale)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        }
        return values;
    }
}
