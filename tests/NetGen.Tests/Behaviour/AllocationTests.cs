using System;
using NetGen.Optimizers;
using NetGen.Tests.Networks;
using NetGen.Tests.Numerics;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Behaviour;

/// <summary>
/// The hot paths allocate nothing once warm: measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/>
/// around 100 calls, after one warm-up call (which also lets SGD allocate its momentum buffer on its first step).
/// </summary>
public class AllocationTests
{
    private const int Calls = 100;

    [Fact]
    public void DigitsMlp_TrainStepWithFloatTargets_AllocatesNothingAfterWarmUp()
    {
        var net = new DigitsMlp(1);
        (float[] x, float[] targets, _) = DigitsBatch();
        var sgd = new Sgd(0.01f, 0.9f);

        Assert.Equal(0, BytesAllocated(() => net.TrainStep(x, targets, DigitsMlp.MaxBatch, sgd)));
    }

    [Fact]
    public void DigitsMlp_TrainStepWithIntLabels_AllocatesNothingAfterWarmUp()
    {
        var net = new DigitsMlp(1);
        (float[] x, _, int[] labels) = DigitsBatch();
        var sgd = new Sgd(0.01f, 0.9f);

        Assert.Equal(0, BytesAllocated(() => net.TrainStep(x, labels, DigitsMlp.MaxBatch, sgd)));
    }

    [Fact]
    public void DigitsMlp_ForwardBackwardAndComputeLoss_AllocateNothingAfterWarmUp()
    {
        var net = new DigitsMlp(1);
        (float[] x, float[] targets, _) = DigitsBatch();
        var output = new float[DigitsMlp.MaxBatch * DigitsMlp.OutputSize];

        Assert.Equal(0, BytesAllocated(() => net.Forward(x, output, DigitsMlp.MaxBatch)));
        Assert.Equal(0, BytesAllocated(() => net.Backward(targets, DigitsMlp.MaxBatch)));
        Assert.Equal(0, BytesAllocated(() => net.ComputeLoss(targets, DigitsMlp.MaxBatch)));
    }

    [Theory]
    [MemberData(nameof(NumericCases.Names), MemberType = typeof(NumericCases))]
    public void NumericNetwork_ForwardBackwardAndTrainStep_AllocateNothingAfterWarmUp(string name)
    {
        NumericCase c = NumericCases.Get(name);
        INetwork net = c.Create(1);
        const int batch = NumericCases.MaxBatch;
        var rng = new System.Random(2);
        float[] x = ReferenceData.Uniform(rng, batch * net.InputSize, 1.0);
        float[] targets = ReferenceData.Targets(rng, c.Loss, batch, net.OutputSize);
        var output = new float[batch * net.OutputSize];
        var sgd = new Sgd(0.01f, 0.9f);

        Assert.Equal(0, BytesAllocated(() => net.Forward(x, output, batch)));
        Assert.Equal(0, BytesAllocated(() => net.Backward(targets, batch)));
        Assert.Equal(0, BytesAllocated(() => net.TrainStep(x, targets, batch, sgd)));
    }

    [Fact]
    public void SoftmaxClassifier_TrainStepWithIntLabels_AllocatesNothingAfterWarmUp()
    {
        var net = new SoftmaxClassifier(1);
        float[] x = ReferenceData.Uniform(new System.Random(3), 8 * SoftmaxClassifier.InputSize, 1.0);
        int[] labels = { 0, 1, 2, 3, 3, 2, 1, 0 };
        var sgd = new Sgd(0.01f, 0.9f);

        Assert.Equal(0, BytesAllocated(() => net.TrainStep(x, labels, 8, sgd)));
    }

    // Runs `call` once to warm up, then returns the bytes this thread allocates over `Calls` more calls.
    private static long BytesAllocated(Action call)
    {
        call();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            call();
        }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static (float[] X, float[] Targets, int[] Labels) DigitsBatch()
    {
        const int batch = DigitsMlp.MaxBatch;
        var rng = new System.Random(4);
        float[] x = ReferenceData.Uniform(rng, batch * DigitsMlp.InputSize, 1.0);
        var labels = new int[batch];
        var targets = new float[batch];
        for (int i = 0; i < batch; i++)
        {
            labels[i] = rng.Next(DigitsMlp.OutputSize);
            targets[i] = labels[i];
        }
        return (x, targets, labels);
    }
}
