using System;
using NetGen.Optimizers;
using Xunit;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// Every optimizer's step allocates nothing after the first (which allocates the state), measured with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> over 50 steps; nor does gradient clipping.
/// </summary>
public class OptimizerAllocationTests
{
    private const int Calls = 50;

    [Theory]
    [MemberData(nameof(OptimizerCases.Names), MemberType = typeof(OptimizerCases))]
    public void Step_AfterTheFirst_AllocatesNothing(string name)
    {
        Optimizer optimizer = OptimizerCases.Get(name).Create();
        (float[] p, float[][] gradients) = OptimizerTrajectory.Data(37, 1, 5);
        float[] g = gradients[0];

        Assert.Equal(0, BytesAllocated(() => optimizer.Step(p, g)));
    }

    [Theory]
    [MemberData(nameof(OptimizerCases.DecayingNames), MemberType = typeof(OptimizerCases))]
    public void Step_SeveralBlocksAndExclusions_AllocatesNothingAfterTheFirst(string name)
    {
        Optimizer optimizer = OptimizerCases.Get(name).Create();
        optimizer.ExcludeFromWeightDecay(new TensorInfo[] { new("b", 2040, TensorRole.Bias, 20), new("bn.weight", 4500, TensorRole.NormalizationScale, 100) });
        (float[] p, float[][] gradients) = OptimizerTrajectory.Data(5003, 1, 5);
        float[] g = gradients[0];

        Assert.Equal(0, BytesAllocated(() => optimizer.Step(p, g)));
        Assert.Equal(0, BytesAllocated(() => _ = optimizer.StateTensors.Count));
    }

    [Fact]
    public void GradientClipping_AllocatesNothing()
    {
        (float[] g, _) = OptimizerTrajectory.Data(1001, 0, 5);

        Assert.Equal(0, BytesAllocated(() => GradientClipping.ClipByGlobalNorm(g, 0.5f)));
        Assert.Equal(0, BytesAllocated(() => GradientClipping.ClipByValue(g, 0.01f)));
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
}
