using System;
using System.Collections.Generic;
using NetGen.Ops;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Numerics;

/// <summary>
/// Each activation struct of <c>NetGen.Ops</c> against its float64 definition, and its output-based
/// <c>Derivative</c> against the true derivative and against central differences of its own float <c>Forward</c>.
/// </summary>
/// <remarks>
/// Tolerances: Forward within <c>1e-6 |ref| + 1e-7</c> (a few float ulps). Derivative within <c>1e-5 |ref| + 1e-6</c>:
/// it is computed from a rounded float output, so <c>1 - y</c> and <c>1 - y^2</c> lose up to 6e-8 absolute.
/// Finite differences of the float Forward use <c>h = 1e-2</c>: truncation <c>h^2 |f'''| / 6 &lt; 4e-5</c> and
/// rounding <c>ulp(y) / h &lt; 5e-5</c> on |x| &lt;= 6, hence <c>2e-4</c> absolute.
/// </remarks>
public class ActivationOpTests
{
    private const float LeakySlope = 0.2f;

    public static TheoryData<Activation> Activations() => new()
    {
        Activation.Identity, Activation.Sigmoid, Activation.Tanh, Activation.ReLU, Activation.LeakyReLU,
    };

    [Theory]
    [MemberData(nameof(Activations))]
    public void Activation_Forward_MatchesFloat64Definition(Activation activation)
    {
        IActivation op = Op(activation);
        foreach (float x in Grid())
        {
            double expected = ReferenceMath.Activate(activation, x, LeakySlope);
            Approx.Equal(expected, op.Forward(x), 1e-6, 1e-7, $"{activation}.Forward({x})");
        }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Activation_DerivativeOfOutput_MatchesFloat64Derivative(Activation activation)
    {
        IActivation op = Op(activation);
        foreach (float x in Grid())
        {
            double expected = ReferenceMath.Derivative(activation, x, LeakySlope);
            Approx.Equal(expected, op.Derivative(op.Forward(x)), 1e-5, 1e-6, $"{activation}.Derivative(Forward({x}))");
        }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Activation_DerivativeOfOutput_MatchesFiniteDifferencesOfForward(Activation activation)
    {
        const double h = 1e-2;
        IActivation op = Op(activation);
        foreach (float x in Grid())
        {
            float xp = (float)(x + h), xm = (float)(x - h);
            double numeric = ((double)op.Forward(xp) - op.Forward(xm)) / ((double)xp - xm);
            Approx.Equal(numeric, op.Derivative(op.Forward(x)), 0, 2e-4, $"{activation} derivative at {x}");
        }
    }

    [Fact]
    public void Relu_AtZero_HasOutputZeroAndDerivativeZero()
    {
        // PyTorch's choice at the kink: relu'(0) = 0.
        var relu = default(ReluActivation);
        Assert.Equal(0f, relu.Forward(0f));
        Assert.Equal(0f, relu.Derivative(relu.Forward(0f)));
        Assert.Equal(0f, relu.Forward(-3f));
        Assert.Equal(2.5f, relu.Forward(2.5f));
    }

    [Fact]
    public void LeakyRelu_ScalesNegativeInputsBySlope()
    {
        var leaky = new LeakyReluActivation(LeakySlope);
        Assert.Equal(LeakySlope, leaky.Slope);
        Assert.Equal(-0.4f, leaky.Forward(-2f), 7);
        Assert.Equal(3f, leaky.Forward(3f));
        Assert.Equal(LeakySlope, leaky.Derivative(leaky.Forward(-2f)));
        Assert.Equal(1f, leaky.Derivative(leaky.Forward(3f)));
    }

    [Theory]
    [InlineData(-200f)]
    [InlineData(-100f)]
    [InlineData(-30f)]
    [InlineData(30f)]
    [InlineData(100f)]
    [InlineData(200f)]
    public void SigmoidAndTanh_ForLargeInputs_SaturateWithoutNaN(float x)
    {
        float sigmoid = default(SigmoidActivation).Forward(x);
        float tanh = default(TanhActivation).Forward(x);
        Assert.True(sigmoid >= 0f && sigmoid <= 1f, $"sigmoid({x}) = {sigmoid}");
        Assert.True(tanh >= -1f && tanh <= 1f, $"tanh({x}) = {tanh}");
        Approx.Equal(x > 0 ? 1.0 : 0.0, sigmoid, 0, 1e-12, $"sigmoid({x})");
        Assert.Equal(MathF.Sign(x), tanh);
        Assert.True(float.IsFinite(default(SigmoidActivation).Derivative(sigmoid)));
        Assert.True(float.IsFinite(default(TanhActivation).Derivative(tanh)));
    }

    [Fact]
    public void Sigmoid_AtZero_IsOneHalfWithDerivativeOneQuarter()
    {
        var sigmoid = default(SigmoidActivation);
        Assert.Equal(0.5f, sigmoid.Forward(0f));
        Assert.Equal(0.25f, sigmoid.Derivative(sigmoid.Forward(0f)));
    }

    private static IActivation Op(Activation activation) => activation switch
    {
        Activation.Identity => default(IdentityActivation),
        Activation.Sigmoid => default(SigmoidActivation),
        Activation.Tanh => default(TanhActivation),
        Activation.ReLU => default(ReluActivation),
        Activation.LeakyReLU => new LeakyReluActivation(LeakySlope),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    // -6 to 6 in steps of 0.37 (never within 0.08 of the kink at 0), and +-0.05: every point is farther than h from 0.
    private static IEnumerable<float> Grid()
    {
        for (int k = 0; k <= 32; k++)
        {
            yield return -6f + 0.37f * k;
        }
        yield return -0.05f;
        yield return 0.05f;
    }
}
