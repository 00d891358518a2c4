using System;
using NetGen.Optimizers;
using Xunit;

namespace NetGen.Tests.Optimizers;

public class OptimizerPrepareTests
{
    [Fact]
    public void Prepare_MakesTheFirstStepAllocationFree_AndChangesNoResult()
    {
        new Adam(0.01f).Step(new float[4], new float[4]); // compiles the update on a throwaway instance
        float[] gradients = { 0.5f, -1f, 2f, 0.25f };
        float[] prepared = { 1f, 2f, 3f, 4f };
        float[] plain = { 1f, 2f, 3f, 4f };
        var adam = new Adam(0.01f);
        var reference = new Adam(0.01f);

        adam.Prepare(prepared.Length);
        long before = GC.GetAllocatedBytesForCurrentThread();
        adam.Step(prepared, gradients);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        reference.Step(plain, gradients);

        Assert.Equal(0, allocated);
        Assert.Equal(plain, prepared);
        Assert.Equal(1, adam.StepCount);
        Assert.Equal(2, adam.StateTensors.Count);
    }

    [Fact]
    public void Prepare_ForAnotherArenaSize_Throws()
    {
        var adam = new Adam(0.01f);
        adam.Prepare(4);
        adam.Prepare(4); // again, the same size: nothing to do

        Assert.Contains("one optimizer per network", Assert.Throws<ArgumentException>(() => adam.Prepare(5)).Message);
    }
}
