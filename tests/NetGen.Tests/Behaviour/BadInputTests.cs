using System;
using NetGen.Optimizers;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Behaviour;

/// <summary>
/// Every public entry point of a generated network rejects bad arguments with the documented exception, a message
/// naming the problem, and no change to the network: parameters, gradients and the last forward pass stay
/// bit-identical. Networks are primed first (a training step, then a forward pass of <see cref="Batch"/> samples)
/// so that there is state to disturb.
/// </summary>
public class BadInputTests
{
    private const int Batch = 4;

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(DigitsMlp.MaxBatch + 1)]
    public void Forward_BatchOutsideOneToMaxBatch_ThrowsArgumentOutOfRange(int batch)
    {
        DigitsMlp net = PrimedDigits();
        int n = Math.Max(batch, 0);
        var e = Rejected<ArgumentOutOfRangeException>(net,
            () => net.Forward(new float[n * DigitsMlp.InputSize], new float[n * DigitsMlp.OutputSize], batch),
            "batch must be between 1 and MaxBatch (64)");
        Assert.Equal("batch", e.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(DigitsMlp.MaxBatch + 1)]
    public void TrainStep_BatchOutsideOneToMaxBatch_ThrowsArgumentOutOfRangeInBothOverloads(int batch)
    {
        DigitsMlp net = PrimedDigits();
        int n = Math.Max(batch, 0);
        Rejected<ArgumentOutOfRangeException>(net,
            () => net.TrainStep(new float[n * DigitsMlp.InputSize], new float[n], batch, new Sgd(0.1f)),
            "batch must be between 1 and MaxBatch (64)");
        Rejected<ArgumentOutOfRangeException>(net,
            () => net.TrainStep(new float[n * DigitsMlp.InputSize], new int[n], batch, new Sgd(0.1f)),
            "batch must be between 1 and MaxBatch (64)");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Forward_InputNotExactlyBatchSamples_ThrowsArgumentException(int extra)
    {
        DigitsMlp net = PrimedDigits();
        int length = Batch * DigitsMlp.InputSize + extra;
        var e = Rejected<ArgumentException>(net,
            () => net.Forward(new float[length], new float[Batch * DigitsMlp.OutputSize], Batch),
            $"input has {length} values but a batch of 4 needs exactly 4 x 64 = 256");
        Assert.Equal("input", e.ParamName);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Forward_OutputNotExactlyBatchSamples_ThrowsArgumentException(int extra)
    {
        DigitsMlp net = PrimedDigits();
        int length = Batch * DigitsMlp.OutputSize + extra;
        var e = Rejected<ArgumentException>(net,
            () => net.Forward(Inputs(Batch), new float[length], Batch),
            $"output has {length} values but a batch of 4 needs exactly 4 x 10 = 40");
        Assert.Equal("output", e.ParamName);
    }

    [Fact]
    public void TrainStep_InputNotExactlyBatchSamples_ThrowsArgumentExceptionInBothOverloads()
    {
        DigitsMlp net = PrimedDigits();
        float[] input = new float[Batch * DigitsMlp.InputSize - 1];
        Rejected<ArgumentException>(net, () => net.TrainStep(input, new float[Batch], Batch, new Sgd(0.1f)), "input has 255 values");
        Rejected<ArgumentException>(net, () => net.TrainStep(input, new int[Batch], Batch, new Sgd(0.1f)), "input has 255 values");
    }

    [Fact]
    public void TrainStep_TargetsNotExactlyBatchSamples_ThrowsArgumentExceptionInBothOverloads()
    {
        DigitsMlp net = PrimedDigits();
        var e = Rejected<ArgumentException>(net,
            () => net.TrainStep(Inputs(Batch), new float[Batch + 1], Batch, new Sgd(0.1f)),
            "target has 5 values but a batch of 4 needs exactly 4 x 1 = 4");
        Assert.Equal("target", e.ParamName);
        e = Rejected<ArgumentException>(net,
            () => net.TrainStep(Inputs(Batch), new int[Batch - 1], Batch, new Sgd(0.1f)),
            "labels has 3");
        Assert.Equal("labels", e.ParamName);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void NonFiniteInput_IsRejectedByForwardAndBothTrainStepOverloads(float bad)
    {
        DigitsMlp net = PrimedDigits();
        float[] input = Inputs(Batch);
        input[70] = bad;
        const string phrase = "input[70] is";
        Rejected<ArgumentException>(net, () => net.Forward(input, new float[Batch * DigitsMlp.OutputSize], Batch), phrase);
        Rejected<ArgumentException>(net, () => net.TrainStep(input, new float[Batch], Batch, new Sgd(0.1f)), phrase);
        var e = Rejected<ArgumentException>(net, () => net.TrainStep(input, new int[Batch], Batch, new Sgd(0.1f)), phrase);
        Assert.Contains("non-finite", e.Message);
    }

    [Theory]
    [InlineData(-1f)]
    [InlineData(10f)]
    [InlineData(2.5f)]
    [InlineData(float.NaN)]
    public void FloatLabelOutOfRange_IsRejectedByTrainStepBackwardAndComputeLoss(float bad)
    {
        DigitsMlp net = PrimedDigits();
        float[] labels = { 0, bad, 2, 3 };
        const string phrase = "whole class indices from 0 to 9";
        var e = Rejected<ArgumentException>(net, () => net.TrainStep(Inputs(Batch), labels, Batch, new Sgd(0.1f)), phrase);
        Assert.Contains("label 1 is", e.Message);
        Rejected<ArgumentException>(net, () => net.Backward(labels, Batch), phrase);
        Rejected<ArgumentException>(net, () => net.ComputeLoss(labels, Batch), phrase);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10)]
    [InlineData(int.MinValue)]
    public void IntLabelOutOfRange_IsRejectedByTrainStep(int bad)
    {
        DigitsMlp net = PrimedDigits();
        int[] labels = { 0, 1, bad, 3 };
        var e = Rejected<ArgumentException>(net, () => net.TrainStep(Inputs(Batch), labels, Batch, new Sgd(0.1f)),
            "class indices from 0 to 9");
        Assert.Contains("label 2 is", e.Message);
    }

    [Fact]
    public void TrainStep_NullOptimizer_ThrowsArgumentNullInBothOverloads()
    {
        DigitsMlp net = PrimedDigits();
        var e = Rejected<ArgumentNullException>(net, () => net.TrainStep(Inputs(Batch), new float[Batch], Batch, null!), "optimizer");
        Assert.Equal("optimizer", e.ParamName);
        e = Rejected<ArgumentNullException>(net, () => net.TrainStep(Inputs(Batch), new int[Batch], Batch, null!), "optimizer");
        Assert.Equal("optimizer", e.ParamName);
    }

    [Fact]
    public void BackwardAndComputeLoss_BeforeAnyForward_ThrowInvalidOperation()
    {
        var net = new DigitsMlp(1);
        const string phrase = "call Forward before Backward or ComputeLoss";
        Rejected<InvalidOperationException>(net, () => net.Backward(new float[Batch], Batch), phrase);
        Rejected<InvalidOperationException>(net, () => net.ComputeLoss(new float[Batch], Batch), phrase);
    }

    [Fact]
    public void BackwardAndComputeLoss_AfterInitialize_ThrowInvalidOperation()
    {
        DigitsMlp net = PrimedDigits();
        net.Initialize(3);
        const string phrase = "call Forward before Backward or ComputeLoss";
        Rejected<InvalidOperationException>(net, () => net.Backward(new float[Batch], Batch), phrase);
        Rejected<InvalidOperationException>(net, () => net.ComputeLoss(new float[Batch], Batch), phrase);
    }

    [Fact]
    public void BackwardAndComputeLoss_WithAnotherBatchSizeThanForward_ThrowArgumentException()
    {
        DigitsMlp net = PrimedDigits();
        const string phrase = "the last Forward ran on 4 samples but 3 targets were given";
        Rejected<ArgumentException>(net, () => net.Backward(new float[3], 3), phrase);
        Rejected<ArgumentException>(net, () => net.ComputeLoss(new float[3], 3), phrase);
    }

    [Theory]
    [InlineData(1.5f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void BinaryCrossEntropy_TargetOutsideZeroToOne_IsRejected(float bad)
    {
        var net = new SigmoidBinaryClassifier(1);
        var x = Uniform(Batch * SigmoidBinaryClassifier.InputSize, 5);
        net.TrainStep(x, new float[] { 0, 1, 1, 0 }, Batch, new Sgd(0.1f));
        net.Forward(x, new float[Batch], Batch);
        float[] target = { 0, 1, bad, 0.5f };
        const string phrase = "target[2] is";
        var e = Rejected<ArgumentException>(net, () => net.TrainStep(x, target, Batch, new Sgd(0.1f)), phrase);
        Assert.Contains("targets in [0, 1]", e.Message);
        Rejected<ArgumentException>(net, () => net.Backward(target, Batch), phrase);
        Rejected<ArgumentException>(net, () => net.ComputeLoss(target, Batch), phrase);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.NegativeInfinity)]
    public void MeanSquaredError_NonFiniteTarget_IsRejected(float bad)
    {
        var net = new ThreeLayerRegressor(1);
        var x = Uniform(Batch * ThreeLayerRegressor.InputSize, 6);
        var target = Uniform(Batch * ThreeLayerRegressor.OutputSize, 7);
        net.TrainStep(x, target, Batch, new Sgd(0.1f));
        net.Forward(x, new float[Batch * ThreeLayerRegressor.OutputSize], Batch);
        target[9] = bad;
        const string phrase = "target[9] is";
        var e = Rejected<ArgumentException>(net, () => net.TrainStep(x, target, Batch, new Sgd(0.1f)), phrase);
        Assert.Contains("non-finite", e.Message);
        Rejected<ArgumentException>(net, () => net.Backward(target, Batch), phrase);
        Rejected<ArgumentException>(net, () => net.ComputeLoss(target, Batch), phrase);
    }

    [Fact]
    public void TrainStep_OptimizerBoundToAnotherNetwork_ThrowsAndLeavesParametersUntouched()
    {
        DigitsMlp net = PrimedDigits();
        var optimizer = new Sgd(0.1f, 0.9f);
        optimizer.Step(new float[3], new float[3]);
        var before = StateSnapshot.Of(net);

        var e = Assert.Throws<ArgumentException>(() => net.TrainStep(Inputs(Batch), new int[Batch], Batch, optimizer));

        Assert.Contains("one optimizer per network", e.Message);
        before.AssertParametersUnchanged(net);
    }

    [Fact]
    public void TrainStep_OptimizerBoundToAnotherNetwork_IsRejectedBeforeAnyStateChanges()
    {
        // The generated TrainStep promises "every argument is checked before any state changes": an optimizer that
        // holds state for another arena must be refused before Forward and Backward overwrite the gradients.
        DigitsMlp net = PrimedDigits();
        var optimizer = new Sgd(0.1f, 0.9f);
        optimizer.Step(new float[3], new float[3]);

        Rejected<ArgumentException>(net, () => net.TrainStep(Uniform(Batch * DigitsMlp.InputSize, 99), new int[] { 9, 9, 9, 9 }, Batch, optimizer),
            "one optimizer per network");
    }

    [Fact]
    public void Backward_AfterTrainStepUpdatedTheParameters_ThrowsUntilTheNextForward()
    {
        // PyTorch refuses this too ("modified by an inplace operation"): the cached activations belong to the old weights.
        DigitsMlp net = PrimedDigits();
        float[] inputs = Uniform(Batch * DigitsMlp.InputSize, 5);
        var labels = new float[] { 1, 2, 3, 4 };
        net.TrainStep(inputs, labels, Batch, new Sgd(0.1f));

        Rejected<InvalidOperationException>(net, () => net.Backward(labels, Batch), "call Forward again");

        net.Forward(inputs, new float[Batch * DigitsMlp.OutputSize], Batch);
        Assert.True(float.IsFinite(net.Backward(labels, Batch)));
    }

    // Asserts that `action` throws exactly TException whose message contains `phrase`, and that `net` is unchanged.
    private static TException Rejected<TException>(INetwork net, Action action, string phrase)
        where TException : Exception
    {
        var before = StateSnapshot.Of(net);
        var e = Assert.Throws<TException>(action);
        Assert.Contains(phrase, e.Message);
        before.AssertUnchanged(net);
        return e;
    }

    private static DigitsMlp PrimedDigits()
    {
        var net = new DigitsMlp(1);
        net.TrainStep(Inputs(8), new[] { 0, 1, 2, 3, 4, 5, 6, 7 }, 8, new Sgd(0.1f));
        net.Forward(Inputs(Batch), new float[Batch * DigitsMlp.OutputSize], Batch);
        return net;
    }

    private static float[] Inputs(int batch) => Uniform(batch * DigitsMlp.InputSize, batch);

    private static float[] Uniform(int count, int seed)
    {
        var rng = new System.Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)rng.NextDouble();
        }
        return values;
    }
}
