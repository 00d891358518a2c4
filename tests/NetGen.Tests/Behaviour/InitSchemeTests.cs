using System;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Behaviour;

/// <summary>
/// Each declared initialisation scheme draws from the distribution torch.nn.init documents, with the gain of the
/// layer's activation: the sample standard deviation is checked against the formula (within 5 standard errors) and
/// uniform schemes against their bound.
/// </summary>
public class InitSchemeTests
{
    private static readonly InitSchemes Net = new(seed: 11);

    // The standard deviation of the uniform U(-b, b) is b / sqrt 3.
    public static TheoryData<string, double, double?> Cases => new()
    {
        { "he_normal", Math.Sqrt(2) / Math.Sqrt(400), null },
        { "xavier_normal", 5.0 / 3.0 * Math.Sqrt(2.0 / (300 + 200)), null },
        { "he_uniform", Math.Sqrt(2 / (1 + 0.04)) * Math.Sqrt(3.0 / 200) / Math.Sqrt(3), Math.Sqrt(2 / (1 + 0.04)) * Math.Sqrt(3.0 / 200) },
        { "lecun_normal", 1 / Math.Sqrt(250), null },
        { "lecun_uniform", Math.Sqrt(3.0 / 150) / Math.Sqrt(3), Math.Sqrt(3.0 / 150) },
        { "xavier_uniform", Math.Sqrt(6.0 / (120 + 100)) / Math.Sqrt(3), Math.Sqrt(6.0 / (120 + 100)) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Scheme_DrawsWithTheDocumentedSpread(string layer, double expectedStd, double? bound)
    {
        ReadOnlySpan<float> w = Weight(layer);
        double mean = 0, square = 0, largest = 0;
        foreach (float v in w)
        {
            mean += v;
            square += (double)v * v;
            largest = Math.Max(largest, Math.Abs(v));
        }
        mean /= w.Length;
        double std = Math.Sqrt(square / w.Length - mean * mean);

        // The standard error of a standard deviation estimate is about std / sqrt(2 n).
        Assert.InRange(std, expectedStd * (1 - 5 / Math.Sqrt(2.0 * w.Length)), expectedStd * (1 + 5 / Math.Sqrt(2.0 * w.Length)));
        Assert.InRange(mean, -5 * expectedStd / Math.Sqrt(w.Length), 5 * expectedStd / Math.Sqrt(w.Length));
        if (bound is { } b)
        {
            Assert.True(largest <= b, $"{layer}: |w| reached {largest} above the bound {b}");
            Assert.True(largest > 0.95 * b, $"{layer}: |w| only reached {largest} of the bound {b}");
        }
        else
        {
            Assert.True(largest > 3 * expectedStd, $"{layer}: a normal sample of {w.Length} reaches past 3 std");
        }
    }

    [Fact]
    public void ConstantAndZeros_FillEveryWeight()
    {
        Assert.All(Weight("constant").ToArray(), v => Assert.Equal(0.125f, v));
        Assert.All(Weight("zeros").ToArray(), v => Assert.Equal(0f, v));
    }

    private static ReadOnlySpan<float> Weight(string layer)
    {
        foreach (TensorInfo tensor in Net.ParameterTensors)
        {
            if (tensor.Name == layer + ".weight")
            {
                return Net.Parameters.Slice(tensor.Offset, tensor.Length);
            }
        }
        throw new ArgumentException(layer);
    }
}
