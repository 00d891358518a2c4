using System;
using System.Linq;
using NetGen.Checkpoints;
using NetGen.Optimizers;
using NetGen.Tests.Checkpoints;
using Xunit;

namespace NetGen.Tests.Networks;

/// <summary>
/// Backward differentiates the activations of the last Forward, so it refuses to run once the parameters changed since:
/// after a TrainStep, a loaded checkpoint, or a caller's <see cref="INetwork.MarkParametersChanged"/>.
/// </summary>
public class StaleForwardTests
{
    private static readonly float[] s_input = Enumerable.Range(0, 2 * IrisMlp.InputSize).Select(i => i / 8f).ToArray();
    private static readonly float[] s_labels = { 0, 2 };

    [Fact]
    public void ForwardThenCheckpointLoadThenBackward_Throws_AndANewForwardWorks()
    {
        using var folder = new TempFolder();
        string path = folder.PathOf("weights.safetensors");
        Checkpoint.Save(path, new IrisMlp(7));
        var net = new IrisMlp(1) { Training = true };
        net.Forward(s_input, new float[2 * IrisMlp.OutputSize], 2);

        Checkpoint.Load(path, net);
        var e = Assert.Throws<InvalidOperationException>(() => net.Backward(s_labels, 2));

        Assert.Contains("call Forward again before Backward", e.Message);
        Assert.All(net.Gradients.ToArray(), g => Assert.Equal(0f, g));
        net.Forward(s_input, new float[2 * IrisMlp.OutputSize], 2);
        Assert.True(float.IsFinite(net.Backward(s_labels, 2)));
    }

    [Fact]
    public void MarkParametersChanged_AfterWritingThroughTheSpan_MakesBackwardAskForAForward()
    {
        var net = new IrisMlp(1) { Training = true };
        net.Forward(s_input, new float[2 * IrisMlp.OutputSize], 2);
        net.Fc1Weight[0] += 1f;

        net.MarkParametersChanged();

        Assert.Throws<InvalidOperationException>(() => net.Backward(s_labels, 2));
    }

    [Fact]
    public void MarkParametersChanged_ThroughTheInterface_ReachesTheGeneratedNetwork()
    {
        INetwork net = new IrisMlp(1) { Training = true };
        net.Forward(s_input, new float[2 * IrisMlp.OutputSize], 2);

        net.MarkParametersChanged();

        Assert.Throws<InvalidOperationException>(() => net.Backward(s_labels, 2));
    }

    [Fact]
    public void OptimizerStepOnTheNetwork_MarksTheForwardStale()
    {
        var net = new IrisMlp(1);
        var sgd = new Sgd(0.1f);
        net.ComputeGradients(s_input, s_labels, 2);

        sgd.Step(net);

        Assert.Throws<InvalidOperationException>(() => net.Backward(s_labels, 2));
        Assert.Same(net, sgd.Network);
    }

    [Fact]
    public void Fit_WithAccumulation_LeavesNoStaleForwardBehind()
    {
        var net = new IrisMlp(1);
        var data = new NetGen.Data.DataSet(s_input, IrisMlp.InputSize, s_labels, 1, 3);
        var trainer = new NetGen.Training.Trainer(net, new Sgd(0.1f), new NetGen.Training.TrainerOptions { Epochs = 1, BatchSize = 1, AccumulationSteps = 2 });

        trainer.Fit(data); // the last call is ComputeGradients, then the update through Step(network)

        Assert.Throws<InvalidOperationException>(() => net.Backward(s_labels.AsSpan(1), 1));
    }

    [Fact]
    public void TrainStepThatOverflows_StillMarksTheForwardStale()
    {
        var net = new IrisMlp(1);
        float[] input = s_input.Select(v => v * 1e3f).ToArray();

        Assert.Throws<NonFiniteException>(() => net.TrainStep(input, s_labels, 2, new Sgd(float.MaxValue)));

        Assert.Throws<InvalidOperationException>(() => net.Backward(s_labels, 2));
    }
}
