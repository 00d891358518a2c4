using System;
using NetGen.Optimizers;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Numerics;

/// <summary>
/// <see cref="Sgd"/> against <c>torch.optim.SGD</c>'s update rule (dampening 0, no Nesterov, no weight decay),
/// computed by hand in float64 over three steps: <c>v_1 = g_1</c>, <c>v_t = m v_{t-1} + g_t</c>, <c>p -= lr v</c>;
/// without momentum <c>p -= lr g</c>. Tolerance <c>1e-6 |ref| + 1e-7</c>: three float multiply-adds.
/// </summary>
public class SgdTests
{
    private static readonly float[] s_start = { 0.5f, -1.25f, 2f, 0f, 3.5f };

    private static readonly float[][] s_gradients =
    {
        new[] { 0.1f, -0.2f, 0.3f, 1f, -4f },
        new[] { -0.3f, 0.25f, 0.5f, 1f, 0f },
        new[] { 0.2f, 0.2f, -0.7f, -2f, 1.5f },
    };

    [Theory]
    [InlineData(0.1f, 0f)]
    [InlineData(0.1f, 0.9f)]
    [InlineData(0.03f, 0.5f)]
    public void Sgd_ThreeSteps_MatchPyTorchSemantics(float lr, float momentum)
    {
        var optimizer = new Sgd(lr, momentum);
        float[] p = (float[])s_start.Clone();
        double[] expected = ReferenceData.ToDouble(s_start);
        var velocity = new double[expected.Length];

        for (int step = 0; step < s_gradients.Length; step++)
        {
            optimizer.Step(p, s_gradients[step]);
            for (int i = 0; i < expected.Length; i++)
            {
                double g = s_gradients[step][i];
                velocity[i] = step == 0 ? g : momentum * velocity[i] + g;
                expected[i] -= lr * (momentum == 0 ? g : velocity[i]);
            }
            Approx.AllEqual(expected, p, 1e-6, 1e-7, $"parameters after step {step + 1}");
            Assert.Equal(step + 1, optimizer.StepCount);
        }
    }

    [Fact]
    public void Sgd_LearningRateChangedBetweenSteps_ScalesOnlyLaterUpdates()
    {
        // As when a scheduler edits a PyTorch param group's lr: the velocity carries gradients, not lr * gradients.
        var optimizer = new Sgd(0.1f, 0.5f);
        float[] p = { 1f };
        optimizer.Step(p, new[] { 1f });   // v = 1, p = 1 - 0.1
        optimizer.LearningRate = 0.01f;
        optimizer.Step(p, new[] { 2f });   // v = 0.5 + 2 = 2.5, p = 0.9 - 0.025

        Approx.Equal(0.875, p[0], 1e-6, 0, "parameter");
    }

    [Fact]
    public void Sgd_ZeroGradient_WithMomentum_KeepsMoving()
    {
        var optimizer = new Sgd(1f, 0.5f);
        float[] p = { 0f };
        optimizer.Step(p, new[] { 1f });   // v = 1, p = -1
        optimizer.Step(p, new[] { 0f });   // v = 0.5, p = -1.5
        optimizer.Step(p, new[] { 0f });   // v = 0.25, p = -1.75

        Assert.Equal(-1.75f, p[0]);
    }

    [Theory]
    [InlineData(-0.1f, 0f, "learningRate")]
    [InlineData(float.NaN, 0f, "learningRate")]
    [InlineData(float.PositiveInfinity, 0f, "learningRate")]
    [InlineData(0.1f, 1f, "momentum")]
    [InlineData(0.1f, -0.5f, "momentum")]
    [InlineData(0.1f, float.NaN, "momentum")]
    public void Sgd_InvalidHyperparameters_Throw(float lr, float momentum, string parameter)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(lr, momentum));
        Assert.Equal(parameter, e.ParamName);
    }

    [Fact]
    public void Sgd_ArenasOfDifferentLengths_ThrowAndLeaveParametersUntouched()
    {
        var optimizer = new Sgd(0.1f, 0.9f);
        float[] p = { 1f, 2f, 3f };

        var e = Assert.Throws<ArgumentException>(() => optimizer.Step(p, new float[2]));
        Assert.Contains("same network's Parameters and Gradients", e.Message);
        Assert.Equal(new[] { 1f, 2f, 3f }, p);
    }

    [Fact]
    public void Sgd_ReusedOnAnArenaOfAnotherSize_ThrowsAndLeavesParametersUntouched()
    {
        var optimizer = new Sgd(0.1f, 0.9f);
        optimizer.Step(new float[3], new float[3]);
        float[] other = { 1f, 2f };

        var e = Assert.Throws<ArgumentException>(() => optimizer.Step(other, new float[] { 1f, 1f }));
        Assert.Contains("one optimizer per network", e.Message);
        Assert.Equal(new[] { 1f, 2f }, other);
        Assert.Equal(1, optimizer.StepCount);
    }
}
