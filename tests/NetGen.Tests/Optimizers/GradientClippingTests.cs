using System;
using NetGen.Optimizers;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// <see cref="GradientClipping"/> against hand computation of <c>torch.nn.utils.clip_grad_norm_</c> (norm in float64,
/// <c>coef = max_norm / (norm + 1e-6)</c>, applied when below 1) and <c>clip_grad_value_</c> (clamp).
/// </summary>
public class GradientClippingTests
{
    [Theory]
    [InlineData(37, 0.5f)]
    [InlineData(10007, 3f)]
    public void ClipByGlobalNorm_NormAboveTheLimit_ScalesByMaxNormOverNormPlusEpsilon(int length, float maxNorm)
    {
        float[] g = ReferenceData.Uniform(new System.Random(length), length, 2.0);
        double norm = HandNorm(g);
        double coefficient = maxNorm / (norm + 1e-6);
        double[] expected = ReferenceData.ToDouble(g);
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] *= coefficient;
        }

        float returned = GradientClipping.ClipByGlobalNorm(g, maxNorm);

        Approx.Equal(norm, returned, 1e-7, 0, "returned norm");
        Approx.AllEqual(expected, g, 1e-6, 0, "clipped gradients");
        Approx.Equal(maxNorm, HandNorm(g), 1e-5, 0, "norm after clipping");
    }

    [Fact]
    public void ClipByGlobalNorm_NormBelowTheLimit_LeavesGradientsUntouched()
    {
        float[] g = ReferenceData.Uniform(new System.Random(2), 37, 0.1);
        float[] before = (float[])g.Clone();

        float returned = GradientClipping.ClipByGlobalNorm(g, 10f);

        Approx.Equal(HandNorm(before), returned, 1e-7, 0, "returned norm");
        Assert.Equal(before, g);
    }

    [Fact]
    public void ClipByGlobalNorm_ThreeFourFive_IsExact()
    {
        float[] g = { 3f, 4f };

        Assert.Equal(5f, GradientClipping.ClipByGlobalNorm(g, 1f));
        Approx.AllEqual(new[] { 0.6 / (1 + 2e-7), 0.8 / (1 + 2e-7) }, g, 1e-6, 0, "clipped");
        Assert.Equal(0f, GradientClipping.ClipByGlobalNorm(Span<float>.Empty, 1f));
    }

    [Fact]
    public void ClipByGlobalNorm_InfiniteGradient_ScalesByZeroAsPyTorch()
    {
        float[] g = { 1f, float.PositiveInfinity, -2f };

        Assert.Equal(float.PositiveInfinity, GradientClipping.ClipByGlobalNorm(g, 1f));
        Assert.Equal(0f, g[0]);
        Assert.True(float.IsNaN(g[1]));
        Assert.Equal(0f, g[2]);
    }

    [Fact]
    public void ClipByValue_ClampsIntoTheLimitAndKeepsNaN()
    {
        float[] g = ReferenceData.Uniform(new System.Random(3), 37, 2.0);
        g[5] = float.NaN;
        g[6] = float.NegativeInfinity;
        float[] before = (float[])g.Clone();

        GradientClipping.ClipByValue(g, 0.75f);

        for (int i = 0; i < g.Length; i++)
        {
            float expected = float.IsNaN(before[i]) ? float.NaN : Math.Clamp(before[i], -0.75f, 0.75f);
            Assert.Equal(expected, g[i]);
        }
    }

    [Fact]
    public void Clipping_BadLimits_Throw()
    {
        float[] g = { 1f };
        Assert.Equal("maxNorm", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm(g, -1f)).ParamName);
        Assert.Equal("maxNorm", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm(g, float.NaN)).ParamName);
        Assert.Equal("limit", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByValue(g, -0.5f)).ParamName);
        Assert.Equal(new[] { 1f }, g);
    }

    private static double HandNorm(ReadOnlySpan<float> g)
    {
        double sum = 0;
        foreach (float x in g)
        {
            sum += (double)x * x;
        }
        return Math.Sqrt(sum);
    }
}
