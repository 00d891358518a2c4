using System;
using System.Linq;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// <see cref="Pool2DKernels"/> against the float64 definitions of <see cref="ReferencePool"/> (whose gradients are
/// checked by central differences), plus PyTorch's conventions: ties go to the first element, max-pool padding is
/// -infinity, average pooling counts the zero padding. Pooling only selects and averages floats, so the tolerance
/// is tight: <c>1e-6 |expected| + 1e-6 max(1, max |expected|)</c>.
/// </summary>
public class Pool2DKernelTests
{
    private const double Tol = 1e-6;

    private static readonly PoolCase[] s_cases =
    {
        new("mnist-2x2", 2, 3, 8, 8, 2, 2, 2, 2, 0, 0),
        new("3x3-stride2-pad1-b7", 7, 2, 7, 9, 3, 3, 2, 2, 1, 1),
        new("2x3-overlapping-pad", 1, 2, 5, 7, 2, 3, 1, 2, 1, 1),
        new("odd-floor", 3, 1, 7, 5, 2, 2, 2, 2, 0, 0),
        new("4x4-stride3-pad2", 2, 2, 10, 11, 4, 4, 3, 3, 2, 2),
    };

    public static TheoryData<string> Names() => new(s_cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Reference_PoolGradients_MatchCentralFiniteDifferences(string name)
    {
        PoolCase p = Case(name);
        double[] x = ReferenceChecks.D(ReferenceChecks.Uniform(1, p.Batch * p.C * p.InH * p.InW));
        double[] dout = ReferenceChecks.D(ReferenceChecks.Uniform(2, p.Batch * p.C * p.OutH * p.OutW));

        ReferenceChecks.MatchesFiniteDifferences(x, ReferencePool.MaxBackward(p, x, dout), () => ReferenceChecks.Dot(dout, ReferencePool.Max(p, x).Y), "max dx");
        ReferenceChecks.MatchesFiniteDifferences(x, ReferencePool.AvgBackward(p, dout), () => ReferenceChecks.Dot(dout, ReferencePool.Avg(p, x)), "avg dx");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void MaxPool_ForwardAndBackward_MatchFloat64Reference(string name)
    {
        PoolCase p = Case(name);
        Pool2DShape shape = Shape(p);
        float[] x = ReferenceChecks.Uniform(1, p.Batch * shape.InSize), dout = ReferenceChecks.Uniform(2, p.Batch * shape.OutSize);
        var y = new float[dout.Length];
        var argmax = new int[dout.Length];
        float[] dx = ReferenceChecks.Uniform(3, x.Length);
        double[] dx0 = ReferenceChecks.D(dx);

        Pool2DKernels.MaxForward(x, y, argmax, shape, p.Batch);
        Pool2DKernels.MaxBackward(dout, dx, argmax, shape, p.Batch);

        (double[] ry, int[] rarg) = ReferencePool.Max(p, ReferenceChecks.D(x));
        ReferenceChecks.AllClose(ry, y, Tol, Tol, "output");
        for (int o = 0; o < argmax.Length; o++)
        {
            Assert.Equal(rarg[o], o / shape.OutSize * shape.InSize + argmax[o]);
        }
        ReferenceChecks.AllClose(ReferenceChecks.Add(dx0, ReferencePool.MaxBackward(p, ReferenceChecks.D(x), ReferenceChecks.D(dout))), dx, Tol, Tol, "dinp");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void AvgPool_ForwardAndBackward_MatchFloat64Reference(string name)
    {
        PoolCase p = Case(name);
        Pool2DShape shape = Shape(p);
        float[] x = ReferenceChecks.Uniform(1, p.Batch * shape.InSize), dout = ReferenceChecks.Uniform(2, p.Batch * shape.OutSize);
        var y = new float[dout.Length];
        float[] dx = ReferenceChecks.Uniform(3, x.Length);
        double[] dx0 = ReferenceChecks.D(dx);

        Pool2DKernels.AvgForward(x, y, shape, p.Batch);
        Pool2DKernels.AvgBackward(dout, dx, shape, p.Batch);

        ReferenceChecks.AllClose(ReferencePool.Avg(p, ReferenceChecks.D(x)), y, Tol, Tol, "output");
        ReferenceChecks.AllClose(ReferenceChecks.Add(dx0, ReferencePool.AvgBackward(p, ReferenceChecks.D(dout))), dx, Tol, Tol, "dinp");
    }

    [Fact]
    public void MaxPool_Ties_SelectTheFirstElementInRowMajorOrder()
    {
        // One 4 x 4 channel of equal values, 2 x 2 windows with stride 2: each maximum is its window's top-left.
        var shape = new Pool2DShape(1, 4, 4, 2, 2, 2, 2, 0, 0);
        float[] x = Enumerable.Repeat(0.5f, 16).ToArray();
        var y = new float[4];
        var argmax = new int[4];
        var dx = new float[16];

        Pool2DKernels.MaxForward(x, y, argmax, shape, 1);
        Pool2DKernels.MaxBackward(new[] { 1f, 2f, 3f, 4f }, dx, argmax, shape, 1);

        Assert.Equal(new[] { 0, 2, 8, 10 }, argmax);
        Assert.Equal(new float[] { 1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0 }, dx);
    }

    [Fact]
    public void MaxPool_Padding_IsMinusInfinityNotZero()
    {
        // All inputs negative, 3 x 3 windows with padding 1: a zero pad would win; -infinity padding never does.
        var shape = new Pool2DShape(1, 3, 3, 3, 3, 1, 1, 1, 1);
        float[] x = { -9, -8, -7, -6, -5, -4, -3, -2, -1 };
        var y = new float[9];
        var argmax = new int[9];

        Pool2DKernels.MaxForward(x, y, argmax, shape, 1);

        Assert.Equal(new float[] { -5, -4, -4, -2, -1, -1, -2, -1, -1 }, y);
        Assert.All(argmax, a => Assert.InRange(a, 0, 8));
    }

    [Fact]
    public void MaxPool_NaN_PropagatesAsPyTorch()
    {
        // A NaN is the maximum of any window holding one (the last NaN, as PyTorch's CPU kernel); larger values
        // after it do not replace it.
        var shape = new Pool2DShape(1, 2, 3, 2, 3, 2, 3, 0, 0);
        float[] x = { 1f, float.NaN, 3f, 2f, float.NaN, 5f };
        var y = new float[1];
        var argmax = new int[1];

        Pool2DKernels.MaxForward(x, y, argmax, shape, 1);

        Assert.True(float.IsNaN(y[0]));
        Assert.Equal(4, argmax[0]);
    }

    [Fact]
    public void AvgPool_Padding_CountsInTheDivisor()
    {
        // count_include_pad = True: a corner 3 x 3 window over ones with padding 1 covers 4 ones and 5 zeros -> 4/9.
        var shape = new Pool2DShape(1, 3, 3, 3, 3, 1, 1, 1, 1);
        float[] x = Enumerable.Repeat(1f, 9).ToArray();
        var y = new float[9];
        var dx = new float[9];

        Pool2DKernels.AvgForward(x, y, shape, 1);
        Pool2DKernels.AvgBackward(Enumerable.Repeat(9f, 9).ToArray(), dx, shape, 1);

        Assert.Equal(new[] { 4f / 9, 6f / 9, 4f / 9, 6f / 9, 1f, 6f / 9, 4f / 9, 6f / 9, 4f / 9 }, y, (a, b) => Math.Abs(a - b) < 1e-6);
        // Each input receives 9 / 9 from every window that covers it: corners 4, edges 6, centre 9.
        Assert.Equal(new float[] { 4, 6, 4, 6, 9, 6, 4, 6, 4 }, dx);
    }

    [Fact]
    public void GlobalAvgPool_ForwardAndBackward_MatchFloat64Reference()
    {
        const int batch = 3, channels = 4, spatial = 13;
        float[] x = ReferenceChecks.Uniform(1, batch * channels * spatial), dout = ReferenceChecks.Uniform(2, batch * channels);
        var y = new float[batch * channels];
        float[] dx = ReferenceChecks.Uniform(3, x.Length);
        double[] dx0 = ReferenceChecks.D(dx);

        Pool2DKernels.GlobalAvgForward(x, y, channels, spatial, batch);
        Pool2DKernels.GlobalAvgBackward(dout, dx, channels, spatial, batch);

        ReferenceChecks.AllClose(ReferencePool.GlobalAvg(ReferenceChecks.D(x), batch * channels, spatial), y, Tol, Tol, "output");
        ReferenceChecks.AllClose(ReferenceChecks.Add(dx0, ReferencePool.GlobalAvgBackward(ReferenceChecks.D(dout), batch * channels, spatial)), dx, Tol, Tol, "dinp");
        double[] xd = ReferenceChecks.D(x), doutd = ReferenceChecks.D(dout);
        ReferenceChecks.MatchesFiniteDifferences(xd, ReferencePool.GlobalAvgBackward(doutd, batch * channels, spatial),
            () => ReferenceChecks.Dot(doutd, ReferencePool.GlobalAvg(xd, batch * channels, spatial)), "reference dx");
    }

    [Fact]
    public void Pooling_AllKernels_AllocateNothingAfterWarmUp()
    {
        PoolCase p = Case("3x3-stride2-pad1-b7");
        Pool2DShape shape = Shape(p);
        float[] x = ReferenceChecks.Uniform(1, p.Batch * shape.InSize), dout = ReferenceChecks.Uniform(2, p.Batch * shape.OutSize);
        var y = new float[dout.Length];
        var argmax = new int[dout.Length];
        var dx = new float[x.Length];

        Assert.Equal(0, ReferenceChecks.BytesAllocated(() => Pool2DKernels.MaxForward(x, y, argmax, shape, p.Batch)));
        Assert.Equal(0, ReferenceChecks.BytesAllocated(() => Pool2DKernels.MaxBackward(dout, dx, argmax, shape, p.Batch)));
        Assert.Equal(0, ReferenceChecks.BytesAllocated(() => Pool2DKernels.AvgForward(x, y, shape, p.Batch)));
        Assert.Equal(0, ReferenceChecks.BytesAllocated(() => Pool2DKernels.AvgBackward(dout, dx, shape, p.Batch)));
        Assert.Equal(0, ReferenceChecks.BytesAllocated(() => Pool2DKernels.GlobalAvgForward(x, y, 2, 63, 7)));
        Assert.Equal(0, ReferenceChecks.BytesAllocated(() => Pool2DKernels.GlobalAvgBackward(dout, dx, 2, 63, 7)));
    }

    private static PoolCase Case(string name) => s_cases.Single(c => c.Name == name);

    private static Pool2DShape Shape(PoolCase p) => new(p.C, p.InH, p.InW, p.KH, p.KW, p.SH, p.SW, p.PH, p.PW);
}
