using System;
using NetGen.Tests.Numerics;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Behaviour;

/// <summary>
/// Initial parameters follow <c>torch.nn.init</c>: He (Kaiming) uniform, <c>U(-b, b)</c> with
/// <c>b = sqrt(6 / ((1 + a^2) fanIn))</c>, for layers followed by ReLU (a = 0) or leaky ReLU (slope a); Xavier
/// (Glorot) uniform, <c>b = gain sqrt(6 / (fanIn + fanOut))</c> with <c>calculate_gain</c>'s 5/3 for tanh and 1
/// otherwise; zero biases.
/// </summary>
public class InitializationTests
{
    [Theory]
    [MemberData(nameof(NumericCases.AllNames), MemberType = typeof(NumericCases))]
    public void Initialize_WeightsLieWithinTheSchemesBoundAndBiasesAreZero(string name)
    {
        NumericCase c = NumericCases.Get(name);
        foreach (long seed in new long[] { 0, 1, 42, -5 })
        {
            INetwork net = c.Create(seed);
            for (int l = 0; l < c.Layers.Count; l++)
            {
                double bound = Bound(c.Layers[l]);
                foreach (float w in c.Weight(net, l))
                {
                    Assert.True(Math.Abs(w) <= bound * (1 + 1e-6), $"{c.LayerNames[l]}.weight {w} outside +-{bound} (seed {seed})");
                }
                Assert.All(c.Bias(net, l), b => Assert.Equal(0f, b));
            }
        }
    }

    [Theory]
    [InlineData("DigitsMlp", 0)]  // ReLU: He, 8,192 weights
    [InlineData("DigitsMlp", 1)]  // identity: Xavier, 1,280 weights
    [InlineData("InitProbe", 0)]  // tanh: Xavier with gain 5/3, 7,680 weights
    [InlineData("InitProbe", 1)]  // leaky ReLU 0.2: He, 5,120 weights
    [InlineData("InitProbe", 2)]  // sigmoid: Xavier, 3,072 weights
    [InlineData("InitProbe", 3)]  // softmax: Xavier, 480 weights
    public void Initialize_LargeLayer_HasTheUniformDistributionsMeanSpreadAndRange(string name, int layer)
    {
        NumericCase c = NumericCases.Get(name);
        float[] w = c.Weight(c.Create(42), layer);
        double b = Bound(c.Layers[layer]);
        int n = w.Length;
        double mean = 0, max = 0;
        foreach (float v in w)
        {
            mean += v;
            max = Math.Max(max, Math.Abs(v));
        }
        mean /= n;
        double variance = 0;
        foreach (float v in w)
        {
            variance += (v - mean) * (v - mean);
        }
        double std = Math.Sqrt(variance / (n - 1));

        // U(-b, b) has standard deviation b / sqrt(3); the sample mean's standard error is b / sqrt(3n), and the
        // sample standard deviation's relative standard error is 1 / sqrt(5n) (the uniform's kurtosis is 9/5).
        // Five standard errors either way; the largest |w| misses the last 10/n of the range with probability e^-10.
        double sigma = b / Math.Sqrt(3);
        Approx.Equal(0, mean, 0, 5 * sigma / Math.Sqrt(n), $"{c.LayerNames[layer]} mean");
        Approx.Equal(sigma, std, 5 / Math.Sqrt(5.0 * n), 0, $"{c.LayerNames[layer]} standard deviation");
        Assert.True(max >= b * (1 - 10.0 / n), $"largest |w| {max} is far below the bound {b}: the scheme's bound is too large");
    }

    private static double Bound(ReferenceLayer layer) => layer.Activation switch
    {
        Activation.ReLU => Math.Sqrt(6.0 / layer.InFeatures),
        Activation.LeakyReLU => Math.Sqrt(6.0 / ((1 + layer.LeakySlope * layer.LeakySlope) * layer.InFeatures)),
        Activation.Tanh => 5.0 / 3.0 * Math.Sqrt(6.0 / (layer.InFeatures + layer.OutFeatures)),
        _ => Math.Sqrt(6.0 / (layer.InFeatures + layer.OutFeatures)),
    };
}
