using System;
using NetGen.Kernels;
using NetGen.Tests.Kernels;
using NetGen.Threading;
using Xunit;

namespace NetGen.Tests.Threading;

/// <summary>
/// How a kernel call picks its thread count: a pure function of its work and the machine's measured costs, worked
/// out by hand here (with one flop per nanosecond, a call of W flops takes W ns on one thread and
/// W / (1 + (p - 1) e) + (p - 1) w on p). No test here times anything: the benchmark runner measures.
/// </summary>
[Collection(ParallelismCollection.Name)]
public class ParallelCostsTests
{
    private static readonly ParallelCosts Quiet = new(flopsPerNanosecond: 1, wakeNanoseconds: 100, helperEfficiency: 1, nanosecondsPerByte: 0);

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(300)] // 2 threads: 150 + 100 = 250 ns, only 1.2x faster than 300
    public void Degree_TinyWork_OneThread(double flops)
    {
        Assert.Equal(1, Quiet.Degree(flops, bytes: 0, maxParts: 64, maxDegree: 64));
    }

    [Fact]
    public void Degree_LargeWork_TheThreadCountOfLeastTime()
    {
        // 10,000 / p + 100 (p - 1): 1,911 ns at p = 9, 1,900 at 10, 1,909 at 11.
        Assert.Equal(10, Quiet.Degree(10_000, bytes: 0, maxParts: 64, maxDegree: 64));
    }

    [Fact]
    public void Degree_TwoThreadsMustBeatOneBy25Percent()
    {
        var costs = new ParallelCosts(flopsPerNanosecond: 1, wakeNanoseconds: 300, helperEfficiency: 1, nanosecondsPerByte: 0);

        Assert.Equal(2, costs.Degree(1_000, bytes: 0, maxParts: 2, maxDegree: 2)); // 500 + 300 = 800 = 1,000 / 1.25
        Assert.Equal(1, costs.Degree(999, bytes: 0, maxParts: 2, maxDegree: 2)); // 799.5 > 999 / 1.25 = 799.2
    }

    [Theory]
    [InlineData(4, 64, 4)]
    [InlineData(64, 3, 3)]
    [InlineData(1, 64, 1)]
    [InlineData(64, 1, 1)]
    public void Degree_MaxDegreeAndPartsCapIt(int maxDegree, int maxParts, int expected)
    {
        Assert.Equal(expected, Quiet.Degree(10_000, bytes: 0, maxParts, maxDegree));
    }

    [Fact]
    public void Degree_HelpersThatGainNothing_OneThreadHoweverLargeTheWork()
    {
        Assert.Equal(1, ParallelScope.UselessThreads.Degree(1e12, bytes: 0, maxParts: 64, maxDegree: 64));
    }

    [Fact]
    public void Degree_SlowHelpers_NeedMoreWorkThanFastOnes()
    {
        // e = 0.5: 2 threads take W / 1.5 + 100, at most W / 1.25 from W = 750; with e = 1 (W / 2 + 100) from W = 334.
        var slow = new ParallelCosts(flopsPerNanosecond: 1, wakeNanoseconds: 100, helperEfficiency: 0.5, nanosecondsPerByte: 0);

        Assert.Equal(1, slow.Degree(749, bytes: 0, maxParts: 2, maxDegree: 2));
        Assert.Equal(2, slow.Degree(750, bytes: 0, maxParts: 2, maxDegree: 2));
        Assert.Equal(1, Quiet.Degree(333, bytes: 0, maxParts: 2, maxDegree: 2));
        Assert.Equal(2, Quiet.Degree(334, bytes: 0, maxParts: 2, maxDegree: 2));
    }

    [Fact]
    public void Degree_DataToMove_CountsAgainstTheSplit()
    {
        // 10,000 flops over 2,000 bytes at 1 ns a byte: 2 threads take 5,000 + 100 + 1,000 = 6,100 ns, 3 take
        // 3,333 + 200 + 1,333 = 4,867, 4 take 2,500 + 300 + 1,500 = 4,300, 5 take 2,000 + 400 + 1,600 = 4,000, 6 take
        // 1,667 + 500 + 1,667 = 3,833, 7 take 1,429 + 600 + 1,714 = 3,743, 8 take 1,250 + 700 + 1,750 = 3,700,
        // 9 take 1,111 + 800 + 1,778 = 3,689, 10 take 1,000 + 900 + 1,800 = 3,700.
        var costs = new ParallelCosts(flopsPerNanosecond: 1, wakeNanoseconds: 100, helperEfficiency: 1, nanosecondsPerByte: 1);

        Assert.Equal(9, costs.Degree(10_000, bytes: 2_000, maxParts: 64, maxDegree: 64));
        // As many bytes as flops: 2 threads take 5,000 + 100 + 5,000, more than one thread.
        Assert.Equal(1, costs.Degree(10_000, bytes: 10_000, maxParts: 64, maxDegree: 64));
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(double.NaN, 0, 1)]
    [InlineData(double.PositiveInfinity, 0, 1)]
    [InlineData(1, -1, 1)]
    [InlineData(1, double.NaN, 1)]
    [InlineData(1, 0, 1.5)]
    [InlineData(1, 0, -0.1)]
    [InlineData(1, 0, 1, -0.5)]
    [InlineData(1, 0, 1, double.PositiveInfinity)]
    public void Constructor_ValueOutOfRange_Throws(double flopsPerNanosecond, double wakeNanoseconds, double helperEfficiency, double nanosecondsPerByte = 0)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParallelCosts(flopsPerNanosecond, wakeNanoseconds, helperEfficiency, nanosecondsPerByte));
    }

    [Fact]
    public void Costs_SetToNull_ThrowsAndKeepsThePreviousCosts()
    {
        ParallelScope.Run(2, Quiet, () =>
        {
            Assert.Throws<ArgumentNullException>(() => Parallelism.Costs = null!);
            Assert.Same(Quiet, Parallelism.Costs);
        });
    }

    [Fact]
    public void DegreeFor_MaxDegreeOne_IsInlineAndMeasuresNothing()
    {
        ParallelCosts? saved = Parallelism.CurrentCosts;
        Parallelism.CurrentCosts = null;
        try
        {
            ParallelScope.Run(1, costs: null, () =>
            {
                long runs = WorkerPool.ParallelRuns;
                Assert.Equal(1, Parallelism.DegreeFor(1e12, 0, 64));
                GemmCase big = GemmCase.Create(GemmForm.Nn, 256, 256, 256, seed: 3);
                Gemm.Nn(256, 256, 256, big.A, big.B, new float[256 * 256]);

                Assert.Null(Parallelism.CurrentCosts);
                Assert.Equal(runs, WorkerPool.ParallelRuns);
            });
        }
        finally
        {
            Parallelism.CurrentCosts = saved;
        }
    }

    [Fact]
    public void DegreeFor_UsesTheCostsAndMaxDegree()
    {
        ParallelScope.Run(4, Quiet, () =>
        {
            Assert.Equal(1, Parallelism.DegreeFor(300, 0, 64));
            Assert.Equal(4, Parallelism.DegreeFor(10_000, 0, 64));
            Assert.Equal(3, Parallelism.DegreeFor(10_000, 0, 3));
        });
    }

    [Fact]
    public void Gemm_SmallProductOrUselessThreads_NeverWakesThePool_LargeProductOnFreeThreadsDoes()
    {
        GemmCase small = GemmCase.Create(GemmForm.Nt, 32, 128, 64, seed: 5);
        GemmCase large = GemmCase.Create(GemmForm.Nt, 64, 128, 784, seed: 6);
        var costs = new ParallelCosts(flopsPerNanosecond: 150, wakeNanoseconds: 2_000, helperEfficiency: 1, nanosecondsPerByte: 0);
        ParallelScope.Run(2, costs, () =>
        {
            long runs = WorkerPool.ParallelRuns;
            Gemm.Nt(32, 128, 64, small.A, small.B, new float[32 * 128]); // 524 kflop: 3.5 us, or 1.7 + 2 on two threads
            Assert.Equal(runs, WorkerPool.ParallelRuns);

            Gemm.Nt(64, 128, 784, large.A, large.B, new float[64 * 128]); // 12.8 Mflop: 86 us, or 43 + 2 on two threads
            Assert.Equal(runs + 1, WorkerPool.ParallelRuns);
        });
        ParallelScope.Run(2, ParallelScope.UselessThreads, () =>
        {
            long runs = WorkerPool.ParallelRuns;
            Gemm.Nt(64, 128, 784, large.A, large.B, new float[64 * 128]);
            Assert.Equal(runs, WorkerPool.ParallelRuns);
        });
    }

    [Fact]
    public void Calibrate_MeasuresCostsInRangeAndKeepsThem()
    {
        ParallelScope.Run(2, costs: null, () =>
        {
            ParallelCosts measured = Parallelism.Calibrate();

            Assert.Same(measured, Parallelism.Costs);
            Assert.InRange(measured.HelperEfficiency, 0, 1);
            Assert.True(measured.FlopsPerNanosecond > 0 && measured.WakeNanoseconds >= 0, measured.ToString());
        });
    }
}
