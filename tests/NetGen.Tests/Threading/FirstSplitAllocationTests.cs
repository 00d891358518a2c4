using System;
using NetGen.Optimizers;
using NetGen.Tests.Networks;
using NetGen.Threading;
using Xunit;

namespace NetGen.Tests.Threading;

/// <summary>A small CNN whose convolution (sigmoid) no other test network has, so that its parallel job type is new here.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 8)]
[Input(2, 8, 8)]
[Conv2D(3, Kernel = 3, Padding = 1, Activation = Activation.Sigmoid)]
[MaxPool2D(2)]
[Flatten]
[Dense(4)]
public partial class SigmoidConvNet { }

/// <summary>
/// Whether a kernel call splits can change from one call to the next (the pool busy with another thread's job, or the
/// costs measured by another thread meanwhile). A call that ran inline in the first step and splits in a later one
/// must allocate nothing there: a training step allocates nothing after the first, whatever the threads decide.
/// </summary>
[Collection(ParallelismCollection.Name)]
public class FirstSplitAllocationTests
{
    [Fact]
    public void TrainStep_InlineInTheFirstStep_SplitInALaterOne_AllocatesNothing()
    {
        float[] input = new float[8 * SigmoidConvNet.InputSize];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (i % 11 - 5) * 0.1f;
        }
        int[] labels = { 0, 1, 2, 3, 0, 1, 2, 3 };
        var net = new SigmoidConvNet(3);
        var sgd = new Sgd(0.05f);

        // The pool's workers exist (another network split before), so that only this network's first split is new.
        ParallelScope.Run(2, ParallelScope.FreeThreads, () => new DigitsMlp(1).TrainStep(new float[4 * DigitsMlp.InputSize], new int[4], 4, new Sgd(0.1f)));
        ParallelScope.Run(2, ParallelScope.UselessThreads, () => net.TrainStep(input, labels, 8, sgd));

        long allocated = 0, runs = 0;
        ParallelScope.Run(2, ParallelScope.FreeThreads, () =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread(), runsBefore = WorkerPool.ParallelRuns;
            net.TrainStep(input, labels, 8, sgd);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            runs = WorkerPool.ParallelRuns - runsBefore;
        });

        Assert.True(runs > 0, "the later step split no call, so it tests nothing");
        Assert.Equal(0, allocated);
    }
}
