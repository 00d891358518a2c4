using System;
using NetGen.Metrics;
using Xunit;

namespace NetGen.Tests.Metrics;

public class MetricsAllocationTests
{
    // Only this thread's allocations are counted, so test classes running in parallel do not interfere.
    private static long AllocatedBy(Action action)
    {
        action(); // warm up: JIT compilation and static constructors may allocate once
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            action();
        }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Add_AfterConstruction_AllocatesNothing()
    {
        const int batch = 32, classes = 10;
        var logits = new float[batch * classes];
        var labels = new float[batch];
        var binaryLogits = new float[batch];
        var binaryTargets = new float[batch];
        var rng = new System.Random(3);
        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] = (float)rng.NextDouble();
        }
        for (int i = 0; i < batch; i++)
        {
            labels[i] = rng.Next(classes);
            binaryLogits[i] = (float)rng.NextDouble() - 0.5f;
            binaryTargets[i] = rng.Next(2);
        }
        var matrix = new ConfusionMatrix(classes);
        var binary = new ConfusionMatrix(2);
        var topK = new TopKAccuracy(3, classes);
        var regression = new RegressionMetrics(classes);

        Assert.Equal(0, AllocatedBy(() => matrix.Add(logits, labels, batch, Loss.SoftmaxCrossEntropy)));
        Assert.Equal(0, AllocatedBy(() => binary.Add(binaryLogits, binaryTargets, batch, Loss.BinaryCrossEntropy)));
        Assert.Equal(0, AllocatedBy(() => binary.AddProbabilities(binaryLogits, binaryTargets, batch, 0f)));
        Assert.Equal(0, AllocatedBy(() => matrix.Add(3, 4)));
        Assert.Equal(0, AllocatedBy(() => topK.Add(logits, labels, batch)));
        Assert.Equal(0, AllocatedBy(() => regression.Add(logits, logits, batch)));
    }

    [Fact]
    public void Scores_AllocateNothing()
    {
        var matrix = new ConfusionMatrix(4);
        matrix.Add(1, 2);
        var regression = new RegressionMetrics(3);
        regression.Add(new float[6], new float[6], 2);
        double sink = 0;

        long bytes = AllocatedBy(() =>
        {
            sink += matrix.Accuracy + matrix.MacroF1 + matrix.WeightedF1 + matrix.MacroPrecision + matrix.WeightedRecall;
            sink += regression.Mse + regression.Rmse + regression.Mae + regression.R2;
        });

        Assert.Equal(0, bytes);
        Assert.False(double.IsNaN(sink));
    }
}
