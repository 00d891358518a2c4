using System;
using NetGen.Optimizers;
using NetGen.Tests.Behaviour;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Cnn;

/// <summary>
/// Training and inference modes: inference never changes state and ignores dropout; training uses batch
/// statistics, updates the running ones and draws dropout masks; backward needs a training pass.
/// </summary>
public class TrainingModeTests
{
    private const int Batch = 4;

    private static float[] Inputs(int seed)
    {
        var random = new System.Random(seed);
        var values = new float[Batch * EveryLayerNet.InputSize];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextDouble();
        }
        return values;
    }

    [Fact]
    public void Inference_ChangesNoStateAndGivesTheSameOutputTwice()
    {
        var net = new EveryLayerNet(1);
        net.TrainStep(Inputs(1), new[] { 0, 1, 2, 0 }, Batch, new Sgd(0.1f)); // running statistics away from their start
        float[] parameters = net.Parameters.ToArray(), buffers = net.Buffers.ToArray();
        var first = new float[Batch * EveryLayerNet.OutputSize];
        var second = new float[first.Length];

        net.Forward(Inputs(2), first, Batch);
        net.Forward(Inputs(2), second, Batch);

        Assert.False(net.Training);
        Assert.Equal(StateSnapshot.Bits(first), StateSnapshot.Bits(second));
        Assert.Equal(StateSnapshot.Bits(parameters), StateSnapshot.Bits(net.Parameters));
        Assert.Equal(StateSnapshot.Bits(buffers), StateSnapshot.Bits(net.Buffers));
    }

    [Fact]
    public void Training_UpdatesRunningStatisticsAndDrawsNewDropoutMasks()
    {
        var net = new EveryLayerNet(1) { Training = true };
        float[] buffers = net.Buffers.ToArray();
        var first = new float[Batch * EveryLayerNet.OutputSize];
        var second = new float[first.Length];

        net.Forward(Inputs(2), first, Batch);
        float[] afterOne = net.Buffers.ToArray();
        net.Forward(Inputs(2), second, Batch);

        Assert.NotEqual(StateSnapshot.Bits(buffers), StateSnapshot.Bits(afterOne));
        // Same input and parameters: only the dropout masks differ between the two passes.
        Assert.NotEqual(StateSnapshot.Bits(first), StateSnapshot.Bits(second));
    }

    [Fact]
    public void RunningStatistics_AfterTrainingPasses_FollowPyTorchsMomentumUpdate()
    {
        // bn2 normalises the 6 features of fc1's output; its running mean after n passes on the same batch is
        // (1 - 0.9^n) times the batch mean, and its running variance moves from 1 toward the unbiased variance.
        var net = new EveryLayerNet(1) { Training = true };
        var output = new float[Batch * EveryLayerNet.OutputSize];
        for (int pass = 1; pass <= 3; pass++)
        {
            net.Forward(Inputs(3), output, Batch);
        }
        ReadOnlySpan<float> features = net.Fc1Output;
        for (int f = 0; f < 6; f++)
        {
            double mean = 0, square = 0;
            for (int b = 0; b < Batch; b++)
            {
                mean += features[b * 6 + f];
            }
            mean /= Batch;
            for (int b = 0; b < Batch; b++)
            {
                square += Math.Pow(features[b * 6 + f] - mean, 2);
            }
            double unbiased = square / (Batch - 1), decay = Math.Pow(0.9, 3);
            Assert.Equal((1 - decay) * mean, net.Bn2RunningMean[f], 5);
            Assert.Equal(decay * 1 + (1 - decay) * unbiased, net.Bn2RunningVar[f], 5);
        }
    }

    [Fact]
    public void Backward_AfterAnInferencePass_ThrowsAndChangesNothing()
    {
        var net = new EveryLayerNet(1);
        net.Forward(Inputs(1), new float[Batch * EveryLayerNet.OutputSize], Batch);
        float[] gradients = net.Gradients.ToArray();

        var e = Assert.Throws<InvalidOperationException>(() => net.Backward(new float[] { 0, 1, 2, 0 }, Batch));

        Assert.Contains("inference mode", e.Message);
        Assert.Equal(StateSnapshot.Bits(gradients), StateSnapshot.Bits(net.Gradients));
    }

    [Fact]
    public void TrainStep_WithOneSampleAndBatchNormOverFeatures_ThrowsBeforeAnyStateChanges()
    {
        var net = new EveryLayerNet(1);
        float[] buffers = net.Buffers.ToArray();
        var before = StateSnapshot.Of(net);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            net.TrainStep(Inputs(1).AsSpan(0, EveryLayerNet.InputSize), new[] { 1 }, 1, new Sgd(0.1f)));

        Assert.Contains("at least 2 samples", e.Message);
        before.AssertUnchanged(net);
        Assert.Equal(StateSnapshot.Bits(buffers), StateSnapshot.Bits(net.Buffers));
    }

    [Fact]
    public void Inference_WithOneSample_Works()
    {
        var net = new EveryLayerNet(1);
        var output = new float[EveryLayerNet.OutputSize];
        net.Forward(Inputs(1).AsSpan(0, EveryLayerNet.InputSize), output, 1);
        Assert.All(output, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void SameSeed_GivesBitIdenticalLossesWithDropout_AnotherSeedDoesNot()
    {
        float[] Losses(long seed)
        {
            var net = new EveryLayerNet(seed);
            var sgd = new Sgd(0.05f, 0.9f);
            var losses = new float[10];
            for (int step = 0; step < losses.Length; step++)
            {
                losses[step] = net.TrainStep(Inputs(step), new[] { 0, 1, 2, step % 3 }, Batch, sgd);
            }
            return losses;
        }

        Assert.Equal(StateSnapshot.Bits(Losses(4)), StateSnapshot.Bits(Losses(4)));
        Assert.NotEqual(StateSnapshot.Bits(Losses(4)), StateSnapshot.Bits(Losses(5)));
    }

    [Fact]
    public void MnistCnn_TrainStepAndForward_AllocateNothing()
    {
        var net = new MnistCnn(1);
        var sgd = new Sgd(0.01f, 0.9f);
        float[] input = new float[64 * MnistCnn.InputSize];
        int[] labels = new int[64];
        var output = new float[64 * MnistCnn.OutputSize];
        net.TrainStep(input, labels, 64, sgd); // warm-up: the optimizer allocates its momentum here
        net.Forward(input, output, 64);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++)
        {
            net.TrainStep(input, labels, 64, sgd);
            net.Forward(input, output, 64);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
