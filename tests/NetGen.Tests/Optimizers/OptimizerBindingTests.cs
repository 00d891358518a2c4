using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Tests.Behaviour;
using NetGen.Tests.Checkpoints;
using NetGen.Tests.Networks;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// An optimizer's state is one value per parameter of one network, so it binds to the first network that uses it and
/// refuses any other, even one of the same size, before anything changes.
/// </summary>
public class OptimizerBindingTests
{
    private static readonly float[] s_input = Enumerable.Range(0, 4 * IrisMlp.InputSize).Select(i => (i % 5) / 5f).ToArray();
    private static readonly float[] s_labels = { 0, 1, 2, 1 };

    [Fact]
    public void TrainStep_OptimizerOfAnotherNetworkOfTheSameSize_ThrowsBeforeAnyChange()
    {
        var first = new IrisMlp(1);
        var second = new IrisMlp(2);
        var adam = new Adam(0.01f);
        first.TrainStep(s_input, s_labels, 4, adam);
        int[][] state = adam.StateTensors.Select(t => StateSnapshot.Bits(t.Values)).ToArray();
        StateSnapshot before = StateSnapshot.Of(second);
        NetworkRandomState random = second.RandomState;

        var e = Assert.Throws<ArgumentException>(() => second.TrainStep(s_input, s_labels, 4, adam));

        Assert.Contains("already updates another network", e.Message);
        Assert.Contains("Create one optimizer per network", e.Message);
        before.AssertUnchanged(second);
        Assert.Equal(random, second.RandomState);
        Assert.Equal(1, adam.StepCount);
        Assert.Equal(state, adam.StateTensors.Select(t => StateSnapshot.Bits(t.Values)).ToArray());
        Assert.Same(first, adam.Network);
    }

    [Fact]
    public void TrainStep_SameNetworkAgain_KeepsWorking()
    {
        var net = new IrisMlp(1);
        var sgd = new Sgd(0.1f, momentum: 0.9f);

        net.TrainStep(s_input, s_labels, 4, sgd);
        net.TrainStep(s_input, s_labels, 4, sgd);
        net.ComputeGradients(s_input, s_labels, 4);
        sgd.Step(net.Parameters, net.Gradients);

        Assert.Equal(3, sgd.StepCount);
        Assert.Same(net, sgd.Network);
    }

    [Theory]
    [InlineData(1)] // the fused TrainStep
    [InlineData(2)] // ComputeGradients, then Optimizer.Step(network)
    public void Fit_OptimizerOfAnotherTrainersNetwork_IsRefusedBeforeAnyParameterChanges(int accumulation)
    {
        var adam = new Adam();
        var data = new DataSet(s_input, IrisMlp.InputSize, s_labels, 1, 3);
        new Trainer(new IrisMlp(1), adam, new TrainerOptions { Epochs = 1, BatchSize = 4 }).Fit(data);
        var second = new IrisMlp(2);
        int[] before = StateSnapshot.Bits(second.Parameters);
        var trainer = new Trainer(second, adam, new TrainerOptions { Epochs = 1, BatchSize = 2, AccumulationSteps = accumulation });

        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(data));

        Assert.Contains("one optimizer per network", e.Message);
        Assert.Equal(before, StateSnapshot.Bits(second.Parameters));
        Assert.Equal(1, adam.StepCount);
    }

    [Fact]
    public void Attach_WrongSize_StillThrowsTheArenaError()
    {
        var sgd = new Sgd(0.1f, momentum: 0.5f);
        sgd.Step(new float[5], new float[5]);

        var e = Assert.Throws<ArgumentException>(() => sgd.Attach(new IrisMlp(1)));

        Assert.Contains("holds state for 5 parameters", e.Message);
        Assert.Null(sgd.Network);
    }

    [Fact]
    public void StateMovedWithLoadState_ContinuesOnANewNetworkWithANewOptimizer()
    {
        var net = new IrisMlp(1);
        var adam = new Adam(0.01f);
        net.TrainStep(s_input, s_labels, 4, adam);
        var copy = new IrisMlp(1);
        net.Parameters.CopyTo(copy.Parameters);
        var moved = new Adam(0.01f);
        moved.LoadState(adam.StepCount, adam.LearningRate, adam.StateTensors.ToDictionary(t => t.Name, t => t.Values.ToArray()));

        net.TrainStep(s_input, s_labels, 4, adam);
        copy.TrainStep(s_input, s_labels, 4, moved);

        Assert.Equal(StateSnapshot.Bits(net.Parameters), StateSnapshot.Bits(copy.Parameters));
    }

    [Fact]
    public void TrainerCheckpoint_ResumesWithAFreshOptimizer()
    {
        using var folder = new TempFolder();
        string path = folder.PathOf("run.safetensors");
        var data = new DataSet(s_input.Concat(s_input).ToArray(), IrisMlp.InputSize, s_labels.Concat(s_labels).ToArray(), 1, 3);
        var options = new TrainerOptions { Epochs = 2, BatchSize = 4, Seed = 3 };
        var trainer = new Trainer(new IrisMlp(1), new Adam(0.01f), options);
        trainer.Fit(data);
        trainer.SaveCheckpoint(path);

        var resumed = new Trainer(new IrisMlp(9), new Adam(0.01f), options);
        resumed.LoadCheckpoint(path);

        Assert.Equal(trainer.Optimizer.StepCount, resumed.Optimizer.StepCount);
        resumed.Fit(data); // the loaded state steps the new network: the fresh optimizer binds to it

        Assert.Same(resumed.Network, resumed.Optimizer.Network);
        Assert.True(resumed.Optimizer.StepCount > trainer.Optimizer.StepCount);
    }
}
