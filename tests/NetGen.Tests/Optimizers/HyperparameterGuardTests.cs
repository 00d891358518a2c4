using System;
using NetGen.Optimizers;
using Xunit;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// Hyperparameters are checked where they are set, constructor and setter alike: a NaN, infinite or negative learning
/// rate, or an epsilon of 0, would write NaN into the parameters on the next step.
/// </summary>
public class HyperparameterGuardTests
{
    public static TheoryData<float> BadRates => new() { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -1f, -float.Epsilon };

    [Theory]
    [MemberData(nameof(BadRates))]
    public void LearningRateSetter_BadValue_ThrowsAndKeepsTheRate(float rate)
    {
        foreach (OptimizerCase c in OptimizerCases.All)
        {
            Optimizer optimizer = c.Create();
            float before = optimizer.LearningRate;

            var e = Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.LearningRate = rate);

            Assert.Contains("learning rate must be a finite number >= 0", e.Message);
            Assert.Equal(before, optimizer.LearningRate);
        }
    }

    [Theory]
    [MemberData(nameof(BadRates))]
    public void Constructors_BadLearningRate_Throw(float rate)
    {
        Func<Optimizer>[] make =
        {
            () => new Sgd(rate), () => new Sgd(rate, momentum: 0.9f), () => new Adam(rate), () => new AdamW(rate),
            () => new RmsProp(rate), () => new Adagrad(rate),
        };
        foreach (Func<Optimizer> create in make)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => create());
            Assert.Equal("learningRate", e.ParamName);
        }
    }

    [Fact]
    public void LearningRateSetter_ZeroAndLargeFiniteValues_AreAccepted()
    {
        var sgd = new Sgd(0.1f);
        sgd.LearningRate = 0f;
        Assert.Equal(0f, sgd.LearningRate);
        sgd.LearningRate = float.MaxValue; // valid: an update that overflows is caught by the step itself
        Assert.Equal(float.MaxValue, sgd.LearningRate);
    }

    [Fact]
    public void AdaptiveOptimizers_EpsilonZero_IsRefused()
    {
        Func<Optimizer>[] make =
        {
            () => new Adam(epsilon: 0f), () => new AdamW(epsilon: 0f), () => new Adam(epsilon: 0f, amsgrad: true),
            () => new RmsProp(epsilon: 0f), () => new RmsProp(epsilon: 0f, centered: true), () => new Adagrad(epsilon: 0f),
        };
        foreach (Func<Optimizer> create in make)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => create());
            Assert.Equal("epsilon", e.ParamName);
            Assert.Contains("0 / 0 = NaN", e.Message);
        }
    }

    [Fact]
    public void AdamWithTinyEpsilon_ZeroGradients_KeepsParametersFinite()
    {
        // What epsilon 0 would break: a parameter whose gradients are all zero divides 0 by 0 + epsilon.
        var adam = new Adam(0.1f, epsilon: float.Epsilon);
        float[] parameters = { 1f, 2f };

        adam.Step(parameters, new float[2]);

        Assert.Equal(new[] { 1f, 2f }, parameters);
    }
}
