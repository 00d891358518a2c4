using System;
using System.Linq;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Tests.Networks;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Behaviour;

/// <summary>A batch norm straight on one input: huge inputs overflow its running variance while its output stays finite.</summary>
[Network(Loss = Loss.MeanSquaredError, MaxBatch = 4)]
[Input(1)]
[BatchNorm]
[Dense(2)]
public partial class RunningStatsNet
{
}

/// <summary>
/// What the NaN guard promises (docs/training.md, "Rules and guards"): a step whose loss, activations, gradients or
/// running statistics are not finite throws <see cref="NonFiniteException"/> before the update and leaves the state as it
/// was, naming the cause; an update that overflows is reported as applied; gradients never stay poisoned.
/// </summary>
public class NanGuardTests
{
    private static DataSet Digits(int count, int seed)
    {
        var random = new System.Random(seed);
        var x = new float[count * DigitsMlp.InputSize];
        var y = new float[count];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)random.NextDouble();
        }
        for (int i = 0; i < count; i++)
        {
            y[i] = i % 10;
        }
        return new DataSet(x, DigitsMlp.InputSize, y, 1, 10);
    }

    [Fact]
    public void Forward_NaNWeightBeforeRelu_ReachesTheOutput_AsInPyTorch()
    {
        var net = new DigitsMlp(1);
        net.Fc1Weight[5] = float.NaN; // unit 0 of the ReLU layer: torch.relu(nan) is nan, so every output is
        var output = new float[2 * DigitsMlp.OutputSize];

        net.Forward(Digits(2, 1).Features, output, 2);

        Assert.All(output, v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void Fit_NaNWeightBeforeRelu_ThrowsNamingTheWeight_AndKeepsTheParameters()
    {
        var net = new DigitsMlp(1);
        net.Fc1Weight[5] = float.NaN;
        int[] before = StateSnapshot.Bits(net.Parameters);
        var trainer = new Trainer(net, new Sgd(0.1f), new TrainerOptions { Epochs = 1, BatchSize = 8 });

        var e = Assert.Throws<NonFiniteException>(() => trainer.Fit(Digits(16, 2)));

        Assert.Equal("the parameter fc1.weight", e.Where);
        Assert.False(e.UpdateApplied);
        Assert.Contains("the update was not applied", e.Message);
        Assert.Equal(before, StateSnapshot.Bits(net.Parameters));
    }

    [Fact]
    public void TrainStep_RunningVarianceOverflows_ThrowsAndRestoresEveryState()
    {
        var net = new RunningStatsNet(3);
        var adam = new Adam(0.01f);
        float[] target = { 0.5f, -0.5f, 1f, 0f };
        net.TrainStep(new[] { 1f, -1f }, target, 2, adam); // one good step: the optimizer has state to keep
        int[] parameters = StateSnapshot.Bits(net.Parameters), buffers = StateSnapshot.Bits(net.Buffers);
        int[][] moments = adam.StateTensors.Select(t => StateSnapshot.Bits(t.Values)).ToArray();
        NetworkRandomState random = net.RandomState;

        // Finite inputs whose unbiased variance, 7.2e38 after the momentum, is beyond float: the outputs are finite.
        var e = Assert.Throws<NonFiniteException>(() => net.TrainStep(new[] { 6e19f, -6e19f }, target, 2, adam));

        Assert.Equal("the running statistic bn1.running_var", e.Where);
        Assert.False(e.UpdateApplied);
        Assert.Equal(parameters, StateSnapshot.Bits(net.Parameters));
        Assert.Equal(buffers, StateSnapshot.Bits(net.Buffers));
        Assert.Equal(random, net.RandomState);
        Assert.Equal(1, adam.StepCount);
        Assert.Equal(moments, adam.StateTensors.Select(t => StateSnapshot.Bits(t.Values)).ToArray());
    }

    [Fact]
    public void TrainStep_UpdateOverflows_ThrowsSayingItWasApplied_AndTheNextStepNamesTheParameter()
    {
        var net = new TanhRegressor(1);
        var sgd = new Sgd(float.MaxValue); // a valid rate: gradients above 1 overflow the update
        float[] input = Enumerable.Range(0, 8 * TanhRegressor.InputSize).Select(i => (i % 7) / 7f).ToArray();
        float[] target = Enumerable.Repeat(1000f, 8 * TanhRegressor.OutputSize).ToArray();

        var e = Assert.Throws<NonFiniteException>(() => net.TrainStep(input, target, 8, sgd));

        Assert.True(e.UpdateApplied);
        Assert.StartsWith("the parameter fc", e.Where);
        Assert.Contains("the update was applied", e.Message);
        Assert.Contains("not the last good step's", e.Message);
        Assert.Contains(net.Parameters.ToArray(), p => !float.IsFinite(p));
        Assert.Throws<InvalidOperationException>(() => net.Backward(target, 8)); // the parameters changed since that forward

        sgd.LearningRate = 0.01f;
        var next = Assert.Throws<NonFiniteException>(() => net.TrainStep(input, target, 8, sgd));
        Assert.False(next.UpdateApplied);
        Assert.StartsWith("the parameter fc", next.Where);
    }

    [Fact]
    public void Step_OnSpans_NonFiniteResult_NamesTheIndexWhenNoNetworkIsBound()
    {
        var sgd = new Sgd(1f);
        float[] parameters = { 1f, 2f, 3f };

        var e = Assert.Throws<NonFiniteException>(() => sgd.Step(parameters, new[] { 0f, float.PositiveInfinity, 0f }));

        Assert.True(e.UpdateApplied);
        Assert.StartsWith("the parameter at arena index 1 = ", e.Where);
        Assert.Equal(1, sgd.StepCount);
    }

    [Fact]
    public void ComputeGradients_NonFinite_ZeroesTheGradients_SoAccumulationRestartsClean()
    {
        var net = new DigitsMlp(1);
        DataSet data = Digits(4, 4);
        float[] huge = data.Features.ToArray();
        huge.AsSpan(0, DigitsMlp.InputSize).Fill(3e38f); // finite, but the activations overflow
        net.ComputeGradients(data.Features, data.Targets, 4, accumulate: false, scale: 0.5f);

        Assert.Throws<NonFiniteException>(() => net.ComputeGradients(huge, data.Targets, 4, accumulate: true, scale: 0.5f));

        Assert.All(net.Gradients.ToArray(), g => Assert.Equal(0f, g));
        net.ComputeGradients(data.Features, data.Targets, 4, accumulate: true, scale: 0.5f);
        Assert.All(net.Gradients.ToArray(), g => Assert.True(float.IsFinite(g)));
    }

    [Fact]
    public void Fit_WithAccumulation_AfterANonFiniteMicroBatch_TrainsOnCleanData()
    {
        var net = new DigitsMlp(1);
        var trainer = new Trainer(net, new Sgd(0.05f), new TrainerOptions { Epochs = 2, BatchSize = 4, AccumulationSteps = 2, Shuffle = false });
        DataSet clean = Digits(16, 5);
        float[] features = clean.Features.ToArray();
        features.AsSpan(4 * DigitsMlp.InputSize, DigitsMlp.InputSize).Fill(3e38f); // the second micro-batch overflows
        var poisoned = new DataSet(features, DigitsMlp.InputSize, clean.Targets.ToArray(), 1, 10);

        Assert.Throws<NonFiniteException>(() => trainer.Fit(poisoned));
        TrainingHistory history = trainer.Fit(clean); // resumes the run on clean data

        Assert.All(history.Epochs, epoch => Assert.True(float.IsFinite(epoch.TrainLoss)));
        Assert.All(net.Parameters.ToArray(), p => Assert.True(float.IsFinite(p)));
    }
}
