using System;
using System.Linq;
using NetGen.Kernels;
using NetGen.Ops;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// <see cref="BatchNormKernels"/> against <see cref="ReferenceBatchNorm"/> (the paper's algorithm in float64, its
/// gradients checked by central differences), for spatial 1 (after a dense layer) and &gt; 1 (after a convolution),
/// with and without the affine parameters, Identity and ReLU. Tolerance
/// <c>1e-4 |expected| + 1e-5 max(1, max |expected|)</c>; ReLU data keep pre-activations 1e-4 from the kink.
/// </summary>
public class BatchNormKernelTests
{
    private const double Rel = 1e-4;
    private const double Abs = 1e-5;
    private const float Eps = 1e-5f;
    private const float Momentum = 0.1f;

    // name, channels, spatial, batch, affine, relu
    private static readonly (string Name, int C, int S, int B, bool Affine, bool Relu)[] s_cases =
    {
        ("dense-b7", 3, 1, 7, true, false),
        ("dense-relu-b2", 5, 1, 2, true, true),
        ("conv-b3-relu", 2, 12, 3, true, true),
        ("conv-b1", 4, 5, 1, true, false),
        ("conv-no-affine-b7", 3, 6, 7, false, false),
    };

    public static TheoryData<string> Names() => new(s_cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Reference_BatchNorm_Gradients_MatchCentralFiniteDifferences(string name)
    {
        var k = Case(name);
        (float[] xf, float[]? gf, float[]? bf, float[] df) = Data(k);
        double[] x = ReferenceChecks.D(xf), dout = ReferenceChecks.D(df);
        double[]? gamma = gf is null ? null : ReferenceChecks.D(gf), beta = bf is null ? null : ReferenceChecks.D(bf);
        RefActivation act = k.Relu ? RefActivation.Relu : RefActivation.Identity;
        (double[] dx, double[] dgamma, double[] dbeta) = ReferenceBatchNorm.Backward(x, gamma, beta, dout, act, k.C, k.S, k.B, Eps);
        double Loss() => ReferenceChecks.Dot(dout, ReferenceConv2D.Activate(act, ReferenceBatchNorm.TrainingPreActivation(x, gamma, beta, k.C, k.S, k.B, Eps)));

        ReferenceChecks.MatchesFiniteDifferences(x, dx, Loss, "dx");
        if (gamma is not null && beta is not null)
        {
            ReferenceChecks.MatchesFiniteDifferences(gamma, dgamma, Loss, "dgamma");
            ReferenceChecks.MatchesFiniteDifferences(beta, dbeta, Loss, "dbeta");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void BatchNorm_TrainingForward_MatchesFloat64ReferenceAndSavesStatistics(string name)
    {
        var k = Case(name);
        (float[] x, float[]? gamma, float[]? beta, _) = Data(k);
        var y = new float[x.Length];
        float[] runMean = ReferenceChecks.Uniform(20, k.C), runVar = Array.ConvertAll(ReferenceChecks.Uniform(21, k.C), v => 1f + v * v);
        double[] refMean = ReferenceChecks.D(runMean), refVar = ReferenceChecks.D(runVar);
        float[] saveMean = new float[k.C], saveInvStd = new float[k.C];

        TrainingForward(k, x, y, gamma, beta, runMean, runVar, saveMean, saveInvStd);

        double[] xd = ReferenceChecks.D(x);
        RefActivation act = k.Relu ? RefActivation.Relu : RefActivation.Identity;
        double[] expected = ReferenceConv2D.Activate(act, ReferenceBatchNorm.TrainingPreActivation(
            xd, gamma is null ? null : ReferenceChecks.D(gamma), beta is null ? null : ReferenceChecks.D(beta), k.C, k.S, k.B, Eps));
        ReferenceChecks.AllClose(expected, y, Rel, Abs, "output");
        (double[] mean, double[] variance) = ReferenceBatchNorm.Statistics(xd, k.C, k.S, k.B);
        ReferenceChecks.AllClose(mean, saveMean, Rel, Abs, "saveMean");
        ReferenceChecks.AllClose(variance.Select(v => 1 / Math.Sqrt(v + Eps)).ToArray(), saveInvStd, Rel, Abs, "saveInvStd");
        ReferenceBatchNorm.UpdateRunning(refMean, refVar, xd, k.C, k.S, k.B, Momentum);
        ReferenceChecks.AllClose(refMean, runMean, Rel, Abs, "runningMean");
        ReferenceChecks.AllClose(refVar, runVar, Rel, Abs, "runningVar");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void BatchNorm_Backward_MatchesFloat64ReferenceAndAccumulates(string name)
    {
        var k = Case(name);
        (float[] x, float[]? gamma, float[]? beta, float[] dout) = Data(k);
        var y = new float[x.Length];
        float[] saveMean = new float[k.C], saveInvStd = new float[k.C];
        TrainingForward(k, x, y, gamma, beta, new float[k.C], new float[k.C], saveMean, saveInvStd);
        float[] dx = ReferenceChecks.Uniform(30, x.Length), dgamma = ReferenceChecks.Uniform(31, k.C), dbeta = ReferenceChecks.Uniform(32, k.C);
        double[] dx0 = ReferenceChecks.D(dx), dgamma0 = ReferenceChecks.D(dgamma), dbeta0 = ReferenceChecks.D(dbeta);
        Span<float> dg = k.Affine ? dgamma : Span<float>.Empty, db = k.Affine ? dbeta : Span<float>.Empty;

        if (k.Relu)
        {
            BatchNormKernels.Backward(x, y, dout.ToArray(), dx, gamma, dg, db, saveMean, saveInvStd, k.C, k.S, k.B, default(ReluActivation));
        }
        else
        {
            BatchNormKernels.Backward(x, y, dout.ToArray(), dx, gamma, dg, db, saveMean, saveInvStd, k.C, k.S, k.B, default(IdentityActivation));
        }

        (double[] rdx, double[] rdgamma, double[] rdbeta) = ReferenceBatchNorm.Backward(
            ReferenceChecks.D(x), gamma is null ? null : ReferenceChecks.D(gamma), beta is null ? null : ReferenceChecks.D(beta),
            ReferenceChecks.D(dout), k.Relu ? RefActivation.Relu : RefActivation.Identity, k.C, k.S, k.B, Eps);
        ReferenceChecks.AllClose(ReferenceChecks.Add(dx0, rdx), dx, Rel, Abs, "dinp");
        ReferenceChecks.AllClose(k.Affine ? ReferenceChecks.Add(dgamma0, rdgamma) : dgamma0, dgamma, Rel, Abs, "dgamma");
        ReferenceChecks.AllClose(k.Affine ? ReferenceChecks.Add(dbeta0, rdbeta) : dbeta0, dbeta, Rel, Abs, "dbeta");
    }

    [Fact]
    public void BatchNorm_RunningStatistics_AfterFiveStepsMatchPyTorchUpdateWithUnbiasedVariance()
    {
        const int c = 3, s = 4, b = 5;
        float[] runMean = new float[c], runVar = Enumerable.Repeat(1f, c).ToArray(); // PyTorch's initial 0 and 1
        double[] refMean = new double[c], refVar = Enumerable.Repeat(1.0, c).ToArray();
        float[] gamma = { 1f, 2f, 0.5f }, beta = { 0f, -1f, 1f };
        float[] saveMean = new float[c], saveInvStd = new float[c], y = new float[b * c * s];
        for (int step = 0; step < 5; step++)
        {
            // Each batch has its own offset and scale, so the running estimates move every step.
            float[] x = ReferenceChecks.Uniform(100 + step, b * c * s, 1 + step).Select(v => v + step).ToArray();

            BatchNormKernels.TrainingForward(x, y, gamma, beta, runMean, runVar, saveMean, saveInvStd, c, s, b, Momentum, Eps, default(IdentityActivation));

            ReferenceBatchNorm.UpdateRunning(refMean, refVar, ReferenceChecks.D(x), c, s, b, Momentum);
        }

        ReferenceChecks.AllClose(refMean, runMean, Rel, Abs, "runningMean");
        ReferenceChecks.AllClose(refVar, runVar, Rel, Abs, "runningVar");
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(6, true)]
    public void BatchNorm_InferenceForward_NormalisesWithRunningStatistics(int spatial, bool relu)
    {
        const int c = 3, b = 4;
        float[] x = ReferenceChecks.Uniform(40, b * c * spatial, 3);
        float[] gamma = { 1.5f, -0.5f, 1f }, beta = { 0.25f, 0f, -0.75f };
        float[] runMean = { 0.5f, -1f, 2f }, runVar = { 0.25f, 4f, 1f };
        var y = new float[x.Length];

        if (relu)
        {
            BatchNormKernels.InferenceForward(x, y, gamma, beta, runMean, runVar, c, spatial, b, Eps, default(ReluActivation));
        }
        else
        {
            BatchNormKernels.InferenceForward(x, y, gamma, beta, runMean, runVar, c, spatial, b, Eps, default(IdentityActivation));
        }

        double[] z = ReferenceBatchNorm.Normalise(ReferenceChecks.D(x), ReferenceChecks.D(gamma), ReferenceChecks.D(beta),
            ReferenceChecks.D(runMean), ReferenceChecks.D(runVar), c, spatial, b, Eps);
        ReferenceChecks.AllClose(ReferenceConv2D.Activate(relu ? RefActivation.Relu : RefActivation.Identity, z), y, Rel, Abs, "output");
    }

    [Fact]
    public void BatchNorm_TrainingWithOneValuePerChannel_ThrowsAsPyTorch()
    {
        float[] x = { 1f, 2f }, y = new float[2], stats = new float[2];

        var e = Assert.Throws<ArgumentException>(() => BatchNormKernels.TrainingForward(
            x, y, ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, stats, new float[2], new float[2], new float[2], 2, 1, 1, Momentum, Eps, default(IdentityActivation)));
        Assert.Contains("more than one value per channel", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BatchNorm_AllKernels_AllocateNothingAfterWarmUp()
    {
        var k = Case("conv-b3-relu");
        (float[] x, float[]? gamma, float[]? beta, float[] dout) = Data(k);
        float[] y = new float[x.Length], dx = new float[x.Length], rm = new float[k.C], rv = new float[k.C], sm = new float[k.C], si = new float[k.C];
        float[] dg = new float[k.C], db = new float[k.C];
        var relu = default(ReluActivation);

        Assert.Equal(0, ReferenceChecks.BytesAllocated(() =>
            BatchNormKernels.TrainingForward(x, y, gamma, beta, rm, rv, sm, si, k.C, k.S, k.B, Momentum, Eps, relu)));
        Assert.Equal(0, ReferenceChecks.BytesAllocated(() =>
            BatchNormKernels.Backward(x, y, dout, dx, gamma, dg, db, sm, si, k.C, k.S, k.B, relu)));
        Assert.Equal(0, ReferenceChecks.BytesAllocated(() =>
            BatchNormKernels.InferenceForward(x, y, gamma, beta, rm, rv, k.C, k.S, k.B, Eps, relu)));
    }

    private static (string Name, int C, int S, int B, bool Affine, bool Relu) Case(string name) => s_cases.Single(c => c.Name == name);

    // Seeded data (inputs with a per-channel offset); for ReLU the first seed whose pre-activations keep 1e-4 from 0.
    private static (float[] X, float[]? Gamma, float[]? Beta, float[] Dout) Data((string Name, int C, int S, int B, bool Affine, bool Relu) k)
    {
        for (int seed = 1; seed < 500; seed += 10)
        {
            float[] x = ReferenceChecks.Uniform(seed, k.B * k.C * k.S, 2).Select((v, i) => v + i / k.S % k.C).ToArray();
            float[]? gamma = k.Affine ? ReferenceChecks.Uniform(seed + 1, k.C).Select(v => v + 1.5f).ToArray() : null;
            float[]? beta = k.Affine ? ReferenceChecks.Uniform(seed + 2, k.C) : null;
            float[] dout = ReferenceChecks.Uniform(seed + 3, x.Length);
            double[] z = ReferenceBatchNorm.TrainingPreActivation(ReferenceChecks.D(x), gamma is null ? null : ReferenceChecks.D(gamma),
                beta is null ? null : ReferenceChecks.D(beta), k.C, k.S, k.B, Eps);
            if (!k.Relu || ReferenceChecks.MinAbs(z) >= 1e-4)
            {
                return (x, gamma, beta, dout);
            }
        }
        throw new InvalidOperationException($"no seed keeps {k.Name}'s pre-activations away from the ReLU kink");
    }

    private static void TrainingForward((string Name, int C, int S, int B, bool Affine, bool Relu) k, float[] x, float[] y,
        float[]? gamma, float[]? beta, float[] rm, float[] rv, float[] sm, float[] si)
    {
        if (k.Relu)
        {
            BatchNormKernels.TrainingForward(x, y, gamma, beta, rm, rv, sm, si, k.C, k.S, k.B, Momentum, Eps, default(ReluActivation));
        }
        else
        {
            BatchNormKernels.TrainingForward(x, y, gamma, beta, rm, rv, sm, si, k.C, k.S, k.B, Momentum, Eps, default(IdentityActivation));
        }
    }
}
