using System;
using Xunit;

namespace NetGen.Tests.Reference;

/// <summary>
/// A whole network's backward pass against central finite differences of its loss. Float32 forward passes make the
/// loss noisy at about 1e-7 relative, so each parameter is checked loosely (a wrong gradient is typically off by its
/// whole size), and each tensor tightly along a random direction, where the signal of all its entries adds up.
/// </summary>
public static class FiniteDifferenceCheck
{
    private const float H = 1e-2f;

    /// <summary>Runs forward and backward on the batch, then checks every parameter's gradient and every tensor's.</summary>
    public static void AllGradients(INetwork net, float[] input, float[] target, int batch, System.Random random)
    {
        var output = new float[batch * net.OutputSize];
        net.Forward(input, output, batch);
        net.Backward(target, batch);
        float[] analytic = net.Gradients.ToArray();
        Assert.Contains(analytic, g => g != 0f);

        for (int i = 0; i < net.ParameterCount; i++)
        {
            double numeric = Directional(net, input, target, output, batch, i, i + 1, null);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 5e-2 * Math.Abs(numeric) + 5e-4,
                $"parameter {i} ({Describe(net, i)}): analytic {analytic[i]}, numeric {numeric}");
        }
        foreach (TensorInfo tensor in net.ParameterTensors)
        {
            float[] direction = ReferenceData.Uniform(random, tensor.Length, 1.0);
            double expected = 0;
            for (int j = 0; j < direction.Length; j++)
            {
                expected += (double)direction[j] * analytic[tensor.Offset + j];
            }
            double numeric = Directional(net, input, target, output, batch, tensor.Offset, tensor.Offset + tensor.Length, direction);
            Assert.True(Math.Abs(numeric - expected) <= 1e-2 * Math.Abs(numeric) + 1e-4,
                $"{tensor.Name} along a random direction: analytic {expected}, numeric {numeric}");
        }
    }

    // The central difference of the loss along `direction` (a unit step when null) over parameters [from, to).
    private static double Directional(INetwork net, float[] input, float[] target, float[] output, int batch,
        int from, int to, float[]? direction)
    {
        float[] saved = net.Parameters.Slice(from, to - from).ToArray();
        for (int j = from; j < to; j++)
        {
            net.Parameters[j] = saved[j - from] + H * (direction?[j - from] ?? 1f);
        }
        double plus = Loss(net, input, target, output, batch);
        for (int j = from; j < to; j++)
        {
            net.Parameters[j] = saved[j - from] - H * (direction?[j - from] ?? 1f);
        }
        double minus = Loss(net, input, target, output, batch);
        saved.CopyTo(net.Parameters.Slice(from, to - from));
        return (plus - minus) / (2 * H);
    }

    private static double Loss(INetwork net, float[] input, float[] target, float[] output, int batch)
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
}
