using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Intrinsics.X86;
using NetGen.Kernels;
using NetGen.Ops;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// The direct (stride 1, AVX-512) convolution against the float64 reference of <see cref="ReferenceConv2D"/>, on the
/// shapes that reach each of its branches: the CNN's two layers; output channels not a multiple of 8 (a padded block of
/// the tile); patch sizes not a multiple of 8 or 3 (one-row input-gradient tiles, padded weight tiles); padding and
/// dilation; one and many channels; outputs narrower than 8 (ReLU's derivative not fused into the spread); few weight
/// tiles (the batch split in chunks) and many (groups of samples); batch 1 and 7. The tolerance is that of
/// <see cref="Conv2DKernelTests"/>.
/// </summary>
public class Conv2DDirectTests
{
    private const double Rel = 1e-4;
    private const double Abs = 1e-5;
    private const double KinkMargin = 1e-4;

    private static readonly ConvCase[] s_cases =
    {
        new("cnn-conv1-b7", 7, 1, 28, 28, 8, 3, 3, 1, 1, 0, 0, 1, 1, true, RefActivation.Relu),
        new("cnn-conv2-b7", 7, 8, 13, 13, 16, 3, 3, 1, 1, 0, 0, 1, 1, true, RefActivation.Relu),
        new("outc13-k27-padded-b1", 1, 3, 9, 11, 13, 3, 3, 1, 1, 1, 1, 1, 1, true, RefActivation.Identity),
        new("many-channels-padded", 2, 24, 6, 7, 10, 3, 3, 1, 1, 1, 1, 1, 1, false, RefActivation.Identity),
        new("one-channel-5x5-dilated", 3, 1, 17, 19, 5, 5, 5, 1, 1, 0, 0, 2, 2, true, RefActivation.Identity),
        new("few-tiles-chunked-b7", 7, 1, 12, 20, 3, 2, 2, 1, 1, 0, 0, 1, 1, true, RefActivation.Relu),
        new("pointwise-b7", 7, 5, 4, 9, 6, 1, 1, 1, 1, 0, 0, 1, 1, false, RefActivation.Identity),
        new("narrow-relu", 2, 4, 10, 6, 9, 3, 3, 1, 1, 0, 0, 1, 1, true, RefActivation.Relu),
        new("padded-relu-b7", 7, 2, 8, 10, 2, 3, 1, 1, 1, 2, 1, 1, 1, true, RefActivation.Relu),
        new("padded-chunked-b7", 7, 2, 10, 12, 3, 3, 3, 1, 1, 1, 1, 1, 1, true, RefActivation.Relu),
    };

    public static TheoryData<string> Names() => new(s_cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void DirectPath_TakesEveryCaseOnAvx512(string name)
    {
        Conv2DShape shape = ConvCases.Shape(Case(name));

        Assert.Equal(Avx512F.IsSupported, Conv2DDirect.CanForward(shape));
        Assert.Equal(Avx512F.IsSupported, Conv2DDirectBackward.CanBackward(shape));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Conv2D_ForwardAndBackward_MatchFloat64Reference(string name)
    {
        ConvCase c = Case(name);
        Conv2DShape shape = ConvCases.Shape(c);
        (float[] x, float[] w, float[]? bias, float[] dout) = Data(c);
        var y = new float[c.Batch * shape.OutSize];
        var scratch = new float[shape.ScratchSize];
        float[] dx = ReferenceChecks.Uniform(11, x.Length), dw = ReferenceChecks.Uniform(12, w.Length), db = ReferenceChecks.Uniform(13, c.OutC);
        double[] dx0 = ReferenceChecks.D(dx), dw0 = ReferenceChecks.D(dw), db0 = ReferenceChecks.D(db);

        Forward(c, x, w, bias, y, scratch, shape);
        Backward(c, x, w, y, dout, dx, dw, db, scratch, shape);

        double[]? rb = bias is null ? null : ReferenceChecks.D(bias);
        ReferenceChecks.AllClose(ReferenceConv2D.Forward(c, ReferenceChecks.D(x), ReferenceChecks.D(w), rb), y, Rel, Abs, "output");
        (double[] rdx, double[] rdw, double[] rdb) = ReferenceConv2D.Backward(c, ReferenceChecks.D(x), ReferenceChecks.D(w), rb, ReferenceChecks.D(dout));
        ReferenceChecks.AllClose(ReferenceChecks.Add(dx0, rdx), dx, Rel, Abs, "dinp");
        ReferenceChecks.AllClose(ReferenceChecks.Add(dw0, rdw), dw, Rel, Abs, "dweight");
        ReferenceChecks.AllClose(bias is null ? db0 : ReferenceChecks.Add(db0, rdb), db, Rel, Abs, "dbias");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Conv2D_Backward_TurnsDoutIntoThePreActivationGradient(string name)
    {
        // dout is overwritten with dpre = dout * act'(output), bit for bit the activation's own span method.
        ConvCase c = Case(name);
        Conv2DShape shape = ConvCases.Shape(c);
        (float[] x, float[] w, float[]? bias, float[] dout) = Data(c);
        var y = new float[c.Batch * shape.OutSize];
        var scratch = new float[shape.ScratchSize];
        Forward(c, x, w, bias, y, scratch, shape);
        float[] expected = (float[])dout.Clone();
        if (c.Act == RefActivation.Relu)
        {
            default(ReluActivation).MultiplyByDerivative(y, expected);
        }

        Backward(c, x, w, y, dout, new float[x.Length], new float[w.Length], new float[c.OutC], scratch, shape);

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), dout.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Conv2D_BackwardWithEmptyDinp_GivesTheSameParameterGradients(string name)
    {
        ConvCase c = Case(name);
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
    public void Conv2D_DirectPath_AllocatesNothingAfterWarmUp()
    {
        foreach (ConvCase c in s_cases)
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

    private static ConvCase Case(string name) => s_cases.Single(c => c.Name == name);

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
            Assert.True(seed < 2000, $"no seed keeps {c.Name}'s pre-activations away from the ReLU kink");
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
