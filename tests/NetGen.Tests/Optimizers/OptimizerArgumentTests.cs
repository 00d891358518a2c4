using System;
using NetGen.Optimizers;
using Xunit;

namespace NetGen.Tests.Optimizers;

/// <summary>Hyperparameters out of range fail in the constructor, naming the argument and the range allowed.</summary>
public class OptimizerArgumentTests
{
    [Fact]
    public void Sgd_BadArguments_Throw()
    {
        Rejects(() => new Sgd(-0.1f), "learningRate", "finite number >= 0");
        Rejects(() => new Sgd(float.NaN), "learningRate", "finite number >= 0");
        Rejects(() => new Sgd(0.1f, 1f), "momentum", "in [0, 1)");
        Rejects(() => new Sgd(0.1f, 0.9f, dampening: -0.1f), "dampening", "in [0, 1]");
        Rejects(() => new Sgd(0.1f, 0.9f, dampening: 1.5f), "dampening", "in [0, 1]");
        Rejects(() => new Sgd(0.1f, weightDecay: -1e-4f), "weightDecay", "finite number >= 0");
        Rejects(() => new Sgd(0.1f, weightDecay: float.PositiveInfinity), "weightDecay", "finite number >= 0");

        var e = Assert.Throws<ArgumentException>(() => new Sgd(0.1f, nesterov: true));
        Assert.Equal("nesterov", e.ParamName);
        Assert.Contains("Nesterov momentum requires a momentum > 0 and zero dampening", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Sgd(0.1f, 0.9f, dampening: 0.1f, nesterov: true));
        Assert.Equal("nesterov", e.ParamName);
    }

    [Fact]
    public void AdamAndAdamW_BadArguments_Throw()
    {
        Rejects(() => new Adam(-1e-3f), "learningRate", "finite number >= 0");
        Rejects(() => new Adam(beta1: 1f), "beta1", "Beta1 must be in [0, 1)");
        Rejects(() => new Adam(beta1: -0.1f), "beta1", "in [0, 1)");
        Rejects(() => new Adam(beta2: 1f), "beta2", "Beta2 must be in [0, 1)");
        Rejects(() => new Adam(beta2: float.NaN), "beta2", "in [0, 1)");
        Rejects(() => new Adam(epsilon: -1e-8f), "epsilon", "Epsilon must be a finite number > 0");
        Rejects(() => new Adam(epsilon: 0f), "epsilon", "0 / 0 = NaN");
        Rejects(() => new AdamW(epsilon: 0f), "epsilon", "Epsilon must be a finite number > 0");
        Rejects(() => new Adam(weightDecay: -0.01f), "weightDecay", "finite number >= 0");
        Rejects(() => new AdamW(float.PositiveInfinity), "learningRate", "finite number >= 0");
        Rejects(() => new AdamW(beta1: 1.5f), "beta1", "in [0, 1)");
        Rejects(() => new AdamW(beta2: -0.5f), "beta2", "in [0, 1)");
        Rejects(() => new AdamW(weightDecay: -0.01f), "weightDecay", "finite number >= 0");
    }

    [Fact]
    public void RmsProp_BadArguments_Throw()
    {
        Rejects(() => new RmsProp(-0.01f), "learningRate", "finite number >= 0");
        Rejects(() => new RmsProp(alpha: 1f), "alpha", "Alpha must be in [0, 1)");
        Rejects(() => new RmsProp(alpha: -0.1f), "alpha", "in [0, 1)");
        Rejects(() => new RmsProp(epsilon: -1f), "epsilon", "finite number > 0");
        Rejects(() => new RmsProp(epsilon: 0f), "epsilon", "finite number > 0");
        Rejects(() => new RmsProp(weightDecay: -1f), "weightDecay", "finite number >= 0");
        Rejects(() => new RmsProp(momentum: 1f), "momentum", "Momentum must be in [0, 1)");
    }

    [Fact]
    public void Adagrad_BadArguments_Throw()
    {
        Rejects(() => new Adagrad(-0.01f), "learningRate", "finite number >= 0");
        Rejects(() => new Adagrad(learningRateDecay: -0.1f), "learningRateDecay", "learning-rate decay must be a finite number >= 0");
        Rejects(() => new Adagrad(weightDecay: -0.1f), "weightDecay", "finite number >= 0");
        Rejects(() => new Adagrad(initialAccumulatorValue: -0.1f), "initialAccumulatorValue", "initial accumulator value must be a finite number >= 0");
        Rejects(() => new Adagrad(epsilon: float.NaN), "epsilon", "finite number > 0");
        Rejects(() => new Adagrad(epsilon: 0f), "epsilon", "finite number > 0");
    }

    [Theory]
    [MemberData(nameof(OptimizerCases.Names), MemberType = typeof(OptimizerCases))]
    public void Step_ArenaOfAnotherSize_ThrowsAndLeavesParametersUntouched(string name)
    {
        Optimizer optimizer = OptimizerCases.Get(name).Create();
        optimizer.Step(new float[37], new float[37]);
        float[] other = { 1f, 2f };

        var e = Assert.Throws<ArgumentException>(() => optimizer.Step(other, new[] { 1f, 1f }));
        Assert.Contains("create one optimizer per network", e.Message);
        e = Assert.Throws<ArgumentException>(() => optimizer.Step(new float[37], new float[36]));
        Assert.Contains("same network's Parameters and Gradients", e.Message);
        Assert.Equal(new[] { 1f, 2f }, other);
        Assert.Equal(1, optimizer.StepCount);
    }

    private static void Rejects(Func<Optimizer> create, string parameter, string phrase)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => create());
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(phrase, e.Message);
    }
}
