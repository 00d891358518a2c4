using System;
using NetGen.Optimizers;
using NetGen.Tests.Kernels;
using NetGen.Tests.Networks;
using NetGen.Threading;
using Xunit;

namespace NetGen.Tests.Threading;

/// <summary>
/// Whatever each kernel call decides (one thread, every thread the costs allow, or none but the caller), a training
/// step computes the same parameters bit for bit: every output element is computed by one thread in a fixed order.
/// </summary>
[Collection(ParallelismCollection.Name)]
public class ThreadDecisionTests
{
    public static TheoryData<string> Networks() => new() { "DigitsMlp", "MnistCnn" };

    [Theory]
    [MemberData(nameof(Networks))]
    public void TrainStep_AnyThreadDecision_BitIdenticalParameters(string name)
    {
        int[] one = Train(name, 1, ParallelScope.UselessThreads, out _);

        foreach ((int degree, ParallelCosts costs, bool splits) in new[]
        {
            (2, ParallelScope.FreeThreads, true), (3, ParallelScope.FreeThreads, true), (4, ParallelScope.UselessThreads, false),
        })
        {
            int[] other = Train(name, degree, costs, out long parallelRuns);

            Assert.True(one.AsSpan().SequenceEqual(other), $"{name}: {degree} threads with {costs} differ from one thread");
            Assert.True(splits ? parallelRuns > 0 : parallelRuns == 0, $"{name}: {parallelRuns} parallel runs with {costs}");
        }
    }

    // Three SGD steps from seed 5 on a fixed batch; the parameters' bits, and how many calls woke the pool.
    private static int[] Train(string name, int degree, ParallelCosts costs, out long parallelRuns)
    {
        INetwork net = name == "DigitsMlp" ? new DigitsMlp(5) : new MnistCnn(5);
        const int batch = 8;
        float[] x = ReferenceChecks.Uniform(11, batch * net.InputSize);
        float[] labels = new float[batch];
        for (int i = 0; i < batch; i++)
        {
            labels[i] = i % 10;
        }
        var sgd = new Sgd(0.05f, 0.9f);
        long runs = 0;
        ParallelScope.Run(degree, costs, () =>
        {
            long before = WorkerPool.ParallelRuns;
            for (int step = 0; step < 3; step++)
            {
                net.TrainStep(x, labels, batch, sgd);
            }
            runs = WorkerPool.ParallelRuns - before;
        });
        parallelRuns = runs;
        return Array.ConvertAll(net.Parameters.ToArray(), BitConverter.SingleToInt32Bits);
    }
}
