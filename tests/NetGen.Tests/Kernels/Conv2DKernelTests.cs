using System;
using NetGen.Kernels;
using NetGen.Ops;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// <see cref="Conv2DKernels"/> against the float64 seven-loop reference of <see cref="ReferenceConv2D"/>, whose own
/// gradients are first checked against central differences.
/// </summary>
/// <remarks>
/// Float against float64: <c>|actual - expected| &lt;= 1e-4 |expected| + 1e-5 max(1, max |expected|)</c> per tensor.
/// ReLU cases use data whose pre-activations are all at least 1e-4 from the kink (the seed is the first that gives
/// that), far beyond the float error of ~1e-6 and the finite-difference step of 1e-6.
/// </remarks>
public class Conv2DKernelTests
{
    private const double Rel = 1e-4;
    private const double Abs = 1e-5;
    private const double KinkMargin = 1e-4;

    [Theory]
    [MemberData(nameof(ConvCases.Names), MemberType = typeof(ConvCases))]
    public void Reference_Conv2D_Gradients_MatchCentralFiniteDifferences(string name)
    {
        ConvCase c = ConvCases.Get(name);
        (float[] xf, float[] wf, float[]? bf, float[] doutf) = Data(c);
        double[] x = ReferenceChecks.D(xf), w = ReferenceChecks.D(wf), dout = ReferenceChecks.D(doutf);
        double[]? bias = bf is null ? null : ReferenceChecks.D(bf);
        (double[] dx, double[] dw, double[] db) = ReferenceConv2D.Backward(c, x, w, bias, dout);
        double Loss() => ReferenceChecks.Dot(dout, ReferenceConv2D.Forward(c, x, w, bias));

        ReferenceChecks.MatchesFiniteDifferences(x, dx, Loss, "dx");
        ReferenceChecks.MatchesFiniteDifferences(w, dw, Loss, "dw");
        if (bias is not null)
        {
            ReferenceChecks.MatchesFiniteDifferences(bias, db, Loss, "db");
        }
    }

    [Theory]
    [MemberData(nameof(ConvCases.Names), MemberType = typeof(ConvCases))]
    public void Conv2D_Forward_MatchesFloat64Reference(string name)
    {
        ConvCase c = ConvCases.Get(name);
        Conv2DShape shape = ConvCases.Shape(c);
        (float[] x, float[] w, float[]? bias, _) = Data(c);
        var y = new float[c.Batch * shape.OutSize];
        var scratch = new float[shape.ScratchSize];

        Forward(c, x, w, bias, y, scratch, shape);

        double[] expected = ReferenceConv2D.Forward(c, ReferenceChecks.D(x), ReferenceChecks.D(w), bias is null ? null : ReferenceChecks.D(bias));
        ReferenceChecks.AllClose(expected, y, Rel, Abs, "output");
    }

    [Theory]
    [MemberData(nameof(ConvCases.Names), MemberType = typeof(ConvCases))]
    public void Conv2D_Backward_MatchesFloat64ReferenceAndAccumulates(string name)
    {
        ConvCase c = ConvCases.Get(name);
        Conv2DShape shape = ConvCases.Shape(c);
        (float[] x, float[] w, float[]? bias, float[] dout) = Data(c);
        var y = new float[c.Batch * shape.OutSize];
        var scratch = new float[shape.ScratchSize];
        Forward(c, x, w, bias, y, scratch, shape);
        // The gradients start non-zero: backward must add to them.
        float[] dx = ReferenceChecks.Uniform(11, x.Length), dw = ReferenceChecks.Uniform(12, w.Length), db = ReferenceChecks.Uniform(13, c.OutC);
        double[] dx0 = ReferenceChecks.D(dx), dw0 = ReferenceChecks.D(dw), db0 = ReferenceChecks.D(db);

        Backward(c, x, w, y, (float[])dout.Clone(), dx, dw, bias is null ? Span<float>.Empty : db, scratch, shape);

        (double[] rdx, double[] rdw, double[] rdb) = ReferenceConv2D.Backward(
            c, ReferenceChecks.D(x), ReferenceChecks.D(w), bias is null ? null : ReferenceChecks.D(bias), ReferenceChecks.D(dout));
        ReferenceChecks.AllClose(ReferenceChecks.Add(dx0, rdx), dx, Rel, Abs, "dinp");
        ReferenceChecks.AllClose(ReferenceChecks.Add(dw0, rdw), dw, Rel, Abs, "dweight");
        ReferenceChecks.AllClose(bias is null ? db0 : ReferenceChecks.Add(db0, rdb), db, Rel, Abs, "dbias");
    }

    [Theory]
    [MemberData(nameof(ConvCases.Names), MemberType = typeof(ConvCases))]
    public void Conv2D_BackwardWithEmptyDinp_GivesTheSameParameterGradients(string name)
    {
        ConvCase c = ConvCases.Get(name);
        Conv2DShape shape = ConvCases.Shape(c);
        (float[] x, float[] w, float[]? bias, float[] dout) = Data(c);
        var y = new float[c.Batch * shape.OutSize];
        var scratch = new float[shape.ScratchSize];
        Forward(c, x, w, bias, y, scratch, shape);
        float[] dwWith = new float[w.Length], dbWith = new float[c.OutC], dwWithout = new float[w.Length], dbWithout = new float[c.OutC];

        Backward(c, x, w, y, (float[])dout.Clone(), new float[x.Length], dwWith, dbWith, scratch, shape);
        Backward(c, x, w, y, (float[])dout.Clone(), Span<float>.Empty, dwWithout, dbWithout, scratch, shape);

        Assert.Equal(dwWith, dwWithout);
        Assert.Equal(dbWith, dbWithout);
    }

    [Fact]
    public void Conv2D_ReluEpilogue_MatchesReluActivationBitForBit()
    {
        // A 1 x 1 identity convolution makes the pre-activation exactly the input, so the vectorised ReLU epilogue
        // can be compared with ReluActivation's scalar formulas on special values, over a vector body and a tail.
        float[] special = { float.NaN, -0f, 0f, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon, 1e-30f, -1e-30f, 3f, -3f };
        int n = 37;
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = special[i % special.Length];
        }
        var shape = new Conv2DShape(1, 1, n, 1, 1, 1, 1, 1, 0, 0, 1, 1);
        var scratch = new float[shape.ScratchSize];
        float[] w = { 1f };
        var y = new float[n];
        var relu = default(ReluActivation);

        Conv2DKernels.Forward(x, w, ReadOnlySpan<float>.Empty, y, scratch, shape, 1, relu);
        float[] dout = ReferenceChecks.Uniform(5, n);
        dout[0] = float.PositiveInfinity;
        var dx = new float[n];
        Conv2DKernels.Backward(x, w, y, (float[])dout.Clone(), dx, new float[1], Span<float>.Empty, scratch, shape, 1, relu);

        for (int i = 0; i < n; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(relu.Forward(x[i])), BitConverter.SingleToInt32Bits(y[i]));
            Assert.Equal(BitConverter.SingleToInt32Bits(0f + dout[i] * relu.Derivative(y[i])), BitConverter.SingleToInt32Bits(dx[i]));
        }
    }

    [Fact]
    public void Conv2D_ScratchTooSmall_ThrowsNamingTheFormula()
    {
        ConvCase c = ConvCases.Get("nonsquare-3x5-relu-b7");
        Conv2DShape shape = ConvCases.Shape(c);
        (float[] x, float[] w, float[]? bias, float[] dout) = Data(c);
        var y = new float[c.Batch * shape.OutSize];
        var small = new float[shape.ScratchSize - 1];

        var forward = Assert.Throws<ArgumentException>(() =>
            Conv2DKernels.Forward(x, w, bias, y, small, shape, c.Batch, default(IdentityActivation)));
        var backward = Assert.Throws<ArgumentException>(() =>
            Conv2DKernels.Backward(x, w, y, dout, new float[x.Length], new float[w.Length], new float[c.OutC], small, shape, c.Batch, default(IdentityActivation)));

        Assert.Equal("scratch", forward.ParamName);
        Assert.Contains("2 * inC * kH * kW * outH * outW", forward.Message, StringComparison.Ordinal);
        Assert.Contains(shape.ScratchSize.ToString(System.Globalization.CultureInfo.InvariantCulture), backward.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conv2D_ShortBuffer_ThrowsNamingIt()
    {
        ConvCase c = ConvCases.Get("stride2-pad1-nobias");
        Conv2DShape shape = ConvCases.Shape(c);
        (float[] x, float[] w, _, float[] dout) = Data(c);
        var y = new float[c.Batch * shape.OutSize];
        var scratch = new float[shape.ScratchSize];
        var relu = default(ReluActivation);

        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => Conv2DKernels.Forward(x, w, new float[c.OutC - 1], y, scratch, shape, c.Batch, relu)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => Conv2DKernels.Forward(x, w, ReadOnlySpan<float>.Empty, new float[y.Length - 1], scratch, shape, c.Batch, relu)).ParamName);
        Assert.Equal("dbias", Assert.Throws<ArgumentException>(() =>
            Conv2DKernels.Backward(x, w, y, dout, Span<float>.Empty, new float[w.Length], new float[1], scratch, shape, c.Batch, relu)).ParamName);
        Assert.Equal("dinp", Assert.Throws<ArgumentException>(() =>
            Conv2DKernels.Backward(x, w, y, dout, new float[x.Length - 1], new float[w.Length], Span<float>.Empty, scratch, shape, c.Batch, relu)).ParamName);
    }

    [Fact]
    public void Conv2D_ForwardAndBackward_AllocateNothingAfterWarmUp()
    {
        foreach (ConvCase c in ConvCases.All)
        {
            Conv2DShape shape = ConvCases.Shape(c);
            (float[] x, float[] w, float[]? bias, float[] dout) = Data(c);
            var y = new float[c.Batch * shape.OutSize];
            var scratch = new float[shape.ScratchSize];
            float[] dx = new float[x.Length], dw = new float[w.Length], db = new float[c.OutC];

            Assert.Equal(0, ReferenceChecks.BytesAllocated(() => Forward(c, x, w, bias, y, scratch, shape)));
            Assert.Equal(0, ReferenceChecks.BytesAllocated(() => Backward(c, x, w, y, dout, dx, dw, db, scratch, shape)));
        }
    }

    // The seeded data of a case; for ReLU, the first seed whose pre-activations keep KinkMargin from 0.
    private static (float[] X, float[] W, float[]? Bias, float[] Dout) Data(ConvCase c)
    {
        for (int seed = 1; ; seed += 10)
        {
            var data = ConvCases.Data(c, seed);
            if (c.Act == RefActivation.Identity)
            {
                return data;
            }
            double[] z = ReferenceConv2D.PreActivation(
                c, ReferenceChecks.D(data.X), ReferenceChecks.D(data.W), data.Bias is null ? null : ReferenceChecks.D(data.Bias));
            if (ReferenceChecks.MinAbs(z) >= KinkMargin)
            {
                return data;
            }
            Assert.True(seed < 500, $"no seed keeps {c.Name}'s pre-activations away from the ReLU kink");
        }
    }

    private static void Forward(ConvCase c, float[] x, float[] w, float[]? bias, float[] y, float[] scratch, in Conv2DShape shape)
    {
        ReadOnlySpan<float> b = bias is null ? ReadOnlySpan<float>.Empty : bias;
        if (c.Act == RefActivation.Relu)
        {
            Conv2DKernels.Forward(x, w, b, y, scratch, shape, c.Batch, default(ReluActivation));
        }
        else
        {
            Conv2DKernels.Forward(x, w, b, y, scratch, shape, c.Batch, default(IdentityActivation));
        }
    }

    private static void Backward(ConvCase c, float[] x, float[] w, float[] y, float[] dout, Span<float> dx, Span<float> dw, Span<float> db,
        float[] scratch, in Conv2DShape shape)
    {
        if (!c.Bias)
        {
            db = Span<float>.Empty;
        }
        if (c.Act == RefActivation.Relu)
        {
            Conv2DKernels.Backward(x, w, y, dout, dx, dw, db, scratch, shape, c.Batch, default(ReluActivation));
        }
        else
        {
            Conv2DKernels.Backward(x, w, y, dout, dx, dw, db, scratch, shape, c.Batch, default(IdentityActivation));
        }
    }
}
