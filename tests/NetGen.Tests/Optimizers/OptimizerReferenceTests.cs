using NetGen.Optimizers;
using Xunit;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// Every optimizer and variant against its float64 reference from the torch.optim docs' pseudo-code: 12 steps on an
/// arena of 37 floats (not a multiple of any vector width, so the scalar tails run), a new random gradient and a new
/// learning rate every step; parameters after each step and the state tensors (names in PyTorch's order, values)
/// after the last, within <c>1e-5 |ref| + 1e-6</c>.
/// </summary>
public class OptimizerReferenceTests
{
    [Theory]
    [MemberData(nameof(OptimizerCases.Names), MemberType = typeof(OptimizerCases))]
    public void Optimizer_TwelveSteps_MatchFloat64ReferenceOfPyTorchPseudoCode(string name)
    {
        OptimizerCase c = OptimizerCases.Get(name);

        OptimizerTrajectory.MatchesReference(c, c.Create(), length: 37, steps: 12);
    }

    [Theory]
    [InlineData("sgd-nesterov-l2")]
    [InlineData("adam-amsgrad-l2")]
    [InlineData("adamw")]
    [InlineData("rmsprop-centered-momentum-l2")]
    [InlineData("adagrad-all")]
    public void Optimizer_ArenaOfSeveralBlocks_MatchesFloat64Reference(string name)
    {
        // 5003 floats: two full blocks of 2048 and a ragged one.
        OptimizerCase c = OptimizerCases.Get(name);

        OptimizerTrajectory.MatchesReference(c, c.Create(), length: 5003, steps: 4);
    }

    [Fact]
    public void Adam_Amsgrad_KeepsTheRunningMaximumOfTheSecondMoment()
    {
        // The test's gradients shrink at times, so the maximum must differ from the average somewhere: without that
        // the AMSGrad reference comparison would prove nothing.
        OptimizerCase c = OptimizerCases.Get("adam-amsgrad");
        Optimizer adam = c.Create();
        OptimizerTrajectory.MatchesReference(c, adam, length: 37, steps: 12);

        float[] average = adam.StateTensors[1].Values;
        float[] maximum = adam.StateTensors[2].Values;
        bool differs = false;
        for (int i = 0; i < average.Length; i++)
        {
            Assert.True(maximum[i] >= average[i], $"max_exp_avg_sq[{i}] below exp_avg_sq");
            differs |= maximum[i] > average[i];
        }
        Assert.True(differs, "max_exp_avg_sq equals exp_avg_sq everywhere");
    }

    [Fact]
    public void Defaults_MatchPyTorch()
    {
        var adam = new Adam();
        Assert.Equal((1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false, false),
            (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.WeightDecay, adam.Amsgrad, adam.DecoupledWeightDecay));
        var adamW = new AdamW();
        Assert.Equal((1e-3f, 0.9f, 0.999f, 1e-8f, 1e-2f, false, true),
            (adamW.LearningRate, adamW.Beta1, adamW.Beta2, adamW.Epsilon, adamW.WeightDecay, adamW.Amsgrad, adamW.DecoupledWeightDecay));
        var rmsProp = new RmsProp();
        Assert.Equal((1e-2f, 0.99f, 1e-8f, 0f, 0f, false),
            (rmsProp.LearningRate, rmsProp.Alpha, rmsProp.Epsilon, rmsProp.WeightDecay, rmsProp.Momentum, rmsProp.Centered));
        var adagrad = new Adagrad();
        Assert.Equal((1e-2f, 0f, 0f, 0f, 1e-10f),
            (adagrad.LearningRate, adagrad.LearningRateDecay, adagrad.WeightDecay, adagrad.InitialAccumulatorValue, adagrad.Epsilon));
        var sgd = new Sgd(0.1f);
        Assert.Equal((0f, 0f, false, 0f), (sgd.Momentum, sgd.Dampening, sgd.Nesterov, sgd.WeightDecay));
    }
}
