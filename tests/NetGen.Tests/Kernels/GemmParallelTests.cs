using System;
using NetGen.Kernels;
using NetGen.Tests.Threading;
using NetGen.Threading;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// The GEMM on several threads: bit-identical to one thread (each element is computed by one thread, with the same
/// operations in the same order), and allocation-free after warm-up on every thread.
/// </summary>
[Collection(ParallelismCollection.Name)]
public class GemmParallelTests
{
    public static TheoryData<string, int, int, int> SplitShapes() => new()
    {
        { "Nt", 64, 128, 784 }, { "Tn", 128, 784, 64 }, { "Nn", 64, 784, 128 },
        { "Nn", 16, 784, 25 }, { "Nn", 32, 196, 400 }, { "Nt", 16, 25, 784 }, { "Nt", 32, 400, 196 }, { "Tn", 400, 196, 32 },
        { "Nn", 129, 257, 65 }, { "Tn", 65, 257, 129 }, { "Nt", 257, 129, 65 }, { "Nt", 7, 1000, 300 }, { "Nn", 1000, 7, 300 },
    };

    [Theory]
    [MemberData(nameof(SplitShapes))]
    public void Gemm_SeveralThreads_BitIdenticalToOne(string form, int m, int n, int k)
    {
        int saved = Parallelism.MaxDegree;
        Parallelism.MaxDegree = 4;
        try
        {
            GemmCase g = GemmCase.Create(GemmCases.Parse(form), m, n, k, seed: 17);
            foreach (GemmIsa isa in GemmCases.SupportedIsas())
            {
                Assert.True(GemmParallel.Plan(isa, g.Form, m, n, k, 2, out _, out _) == 2, $"{form} {m}x{n}x{k} on {isa} should split in two");
                float[] one = g.Run(isa, accumulate: true, maxDegree: 1);
                for (int degree = 2; degree <= 4; degree++)
                {
                    float[] several = g.Run(isa, accumulate: true, maxDegree: degree);
                    Assert.True(one.AsSpan().SequenceEqual(several), $"{form} {isa} {m}x{n}x{k}: {degree} threads differ from one");
                }
            }
        }
        finally
        {
            Parallelism.MaxDegree = saved;
        }
    }

    [Fact]
    public void Gemm_SeveralThreads_MatchTheFloat64ProductOnThePool()
    {
        GemmCase g = GemmCase.Create(GemmForm.Nt, 64, 128, 784, seed: 23);

        g.AssertMatchesReference(g.Run(Gemm.Isa, accumulate: true, maxDegree: 2), "Nt 64x128x784 on 2 threads");

        Assert.True(WorkerPool.WorkerCount >= 1, "a product split in two starts the pool's worker");
    }

    [Fact]
    public void Gemm_PlanForOneThreadOrOneBand_IsOnePart()
    {
        Assert.Equal(1, GemmParallel.Plan(Gemm.Isa, GemmForm.Nt, 784, 784, 784, degree: 1, out _, out _));
        Assert.Equal(1, GemmParallel.Plan(Gemm.Isa, GemmForm.Nn, 4, 8, 1000, degree: 2, out _, out _));
    }

    public static TheoryData<int, bool> AllocationCases() => new() { { 1, false }, { 2, false }, { 2, true } };

    /// <summary>
    /// With free threads every product splits; with the costs not measured yet, the first call measures them (in the
    /// warm-up), and the calls after it allocate nothing either.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllocationCases))]
    public void Gemm_EveryForm_AllocatesNothingOnAnyThreadAfterWarmUp(int degree, bool measureCosts)
    {
        ParallelCosts? saved = Parallelism.CurrentCosts;
        if (measureCosts)
        {
            Parallelism.CurrentCosts = null;
        }
        try
        {
            ParallelScope.Run(degree, measureCosts ? null : ParallelScope.FreeThreads, () =>
            {
                float[] a = ReferenceChecks.Uniform(1, 784 * 128), b = ReferenceChecks.Uniform(2, 784 * 128), c = new float[784 * 128];
                void Calls()
                {
                    Gemm.Nt(64, 128, 784, a, b, c);
                    Gemm.Tn(128, 784, 64, a, b, c);
                    Gemm.Nn(64, 128, 10, a, b, c);
                    Gemm.Nn(32, 196, 400, a, b, c, accumulate: false);
                    Gemm.Nt(5, 19, 300, a, b, c);
                }

                Assert.Equal(0, Allocations.OnThisThread(Calls));
                Assert.Equal(0, Allocations.OnAllThreads(Calls));
                Assert.True(!measureCosts || Parallelism.CurrentCosts is not null, "the first call with two threads allowed measures the costs");
            });
        }
        finally
        {
            Parallelism.CurrentCosts = saved;
        }
    }
}
