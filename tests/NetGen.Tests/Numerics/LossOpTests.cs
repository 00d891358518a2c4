using System;
using NetGen.Ops;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Numerics;

/// <summary>
/// Each loss struct of <c>NetGen.Ops</c> (the mean losses of <c>torch.nn.MSELoss</c>, <c>CrossEntropyLoss</c> and
/// <c>BCEWithLogitsLoss</c>) against its float64 definition, and its gradient against central differences.
/// </summary>
/// <remarks>
/// Tolerances: losses within <c>1e-6 |ref| + 1e-7</c>. Gradients against central differences of the float64
/// definition (<c>h = 1e-6</c>, error ~1e-10) within <c>1e-5 |ref| + 1e-7</c>, the float rounding of a softmax or
/// sigmoid. Gradients against central differences of the struct's own float <c>Forward</c> (<c>h = 1e-2</c>:
/// rounding <c>ulp(L) / 2h &lt; 1e-5</c>, truncation <c>h^2 |L'''| / 6 &lt; 1e-5</c>) within <c>5e-5</c> absolute.
/// </remarks>
public class LossOpTests
{
    public static TheoryData<Loss, int, int> Shapes() => new()
    {
        { Loss.MeanSquaredError, 1, 1 },
        { Loss.MeanSquaredError, 3, 4 },
        { Loss.SoftmaxCrossEntropy, 1, 2 },
        { Loss.SoftmaxCrossEntropy, 3, 4 },
        { Loss.BinaryCrossEntropy, 3, 1 },
        { Loss.BinaryCrossEntropy, 2, 3 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Loss_Forward_MatchesFloat64Definition(Loss loss, int batch, int width)
    {
        (float[] output, float[] target) = Problem(loss, batch, width, seed: 11);

        float actual = Op(loss).Forward(output, target, batch, width);

        Approx.Equal(Definition(loss, ReferenceData.ToDouble(output), target, width), actual, 1e-6, 1e-7, $"{loss} Forward");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Loss_ForwardBackward_ReturnsTheForwardLossAndTheFloat64Gradient(Loss loss, int batch, int width)
    {
        const double h = 1e-6;
        (float[] output, float[] target) = Problem(loss, batch, width, seed: 12);
        var doutput = new float[output.Length];

        float value = Op(loss).ForwardBackward(output, target, doutput, batch, width);

        Approx.Equal(Op(loss).Forward(output, target, batch, width), value, 1e-7, 0, $"{loss} ForwardBackward's loss");
        double[] z = ReferenceData.ToDouble(output);
        for (int i = 0; i < z.Length; i++)
        {
            double saved = z[i];
            z[i] = saved + h;
            double plus = Definition(loss, z, target, width);
            z[i] = saved - h;
            double minus = Definition(loss, z, target, width);
            z[i] = saved;
            Approx.Equal((plus - minus) / (2 * h), doutput[i], 1e-5, 1e-7, $"{loss} doutput[{i}]");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Loss_ForwardBackward_MatchesFiniteDifferencesOfItsOwnForward(Loss loss, int batch, int width)
    {
        const double h = 1e-2;
        (float[] output, float[] target) = Problem(loss, batch, width, seed: 13);
        var doutput = new float[output.Length];
        Op(loss).ForwardBackward(output, target, doutput, batch, width);

        for (int i = 0; i < output.Length; i++)
        {
            float saved = output[i];
            float zp = (float)(saved + h), zm = (float)(saved - h);
            output[i] = zp;
            double plus = Op(loss).Forward(output, target, batch, width);
            output[i] = zm;
            double minus = Op(loss).Forward(output, target, batch, width);
            output[i] = saved;
            Approx.Equal((plus - minus) / ((double)zp - zm), doutput[i], 0, 5e-5, $"{loss} doutput[{i}]");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Loss_ForwardBackward_OverwritesDoutputRatherThanAccumulating(Loss loss, int batch, int width)
    {
        (float[] output, float[] target) = Problem(loss, batch, width, seed: 14);
        var clean = new float[output.Length];
        var dirty = new float[output.Length];
        Array.Fill(dirty, float.NaN);

        Op(loss).ForwardBackward(output, target, clean, batch, width);
        Op(loss).ForwardBackward(output, target, dirty, batch, width);

        Assert.Equal(clean, dirty);
    }

    [Fact]
    public void MeanSquaredError_IsTheMeanOverEveryElement()
    {
        float[] y = { 1, 2, 3, 4 };
        float[] t = { 0, 0, 0, 0 };
        var dy = new float[4];

        float loss = default(MeanSquaredErrorLoss).ForwardBackward(y, t, dy, 2, 2);

        Assert.Equal(7.5f, loss); // (1 + 4 + 9 + 16) / 4
        Assert.Equal(new[] { 0.5f, 1f, 1.5f, 2f }, dy); // 2 (y - t) / 4
    }

    [Fact]
    public void SoftmaxCrossEntropy_OfEqualLogits_IsLogOfClassCount()
    {
        float[] z = { 0, 0, 0, 5, 5, 5 };
        float[] labels = { 1, 2 };
        var dz = new float[z.Length];

        float loss = default(SoftmaxCrossEntropyLoss).ForwardBackward(z, labels, dz, 2, 3);

        Approx.Equal((Math.Log(3) + Math.Log(3)) / 2, loss, 1e-6, 0, "loss");
        double third = 1.0 / 3 / 2;
        Approx.AllEqual(new[] { third, third - 0.5, third, third, third, third - 0.5 }, dz, 1e-6, 1e-7, "dz");
    }

    [Fact]
    public void SoftmaxCrossEntropy_LogitsOfMagnitude1000_StayFiniteAndExact()
    {
        float[] z = { 1000, 0, -1000, 1000, 0, -1000 };
        float[] labels = { 0, 2 };
        var dz = new float[z.Length];

        float loss = default(SoftmaxCrossEntropyLoss).ForwardBackward(z, labels, dz, 2, 3);

        Approx.Equal((0 + 2000) / 2.0, loss, 1e-6, 0, "loss"); // -log p = 0 for the winning class, 2000 for the last
        Approx.AllEqual(new[] { 0.0, 0, 0, 0.5, 0, -0.5 }, dz, 0, 1e-7, "dz");
        Approx.Equal(1000, default(SoftmaxCrossEntropyLoss).Forward(z, labels, 2, 3), 1e-6, 0, "Forward");
    }

    [Fact]
    public void BinaryCrossEntropy_AtZeroLogit_IsLogTwo()
    {
        float[] z = { 0, 0, 0 };
        float[] t = { 0, 0.25f, 1 };
        var dz = new float[3];

        float loss = default(BinaryCrossEntropyLoss).ForwardBackward(z, t, dz, 3, 1);

        Approx.Equal(Math.Log(2), loss, 1e-6, 0, "loss");
        Approx.AllEqual(new[] { 0.5 / 3, 0.25 / 3, -0.5 / 3 }, dz, 1e-6, 1e-8, "dz"); // (sigmoid(0) - t) / n
    }

    [Fact]
    public void BinaryCrossEntropy_LogitsOfMagnitude100_StayFiniteAndExact()
    {
        float[] z = { 100, -100, 100, -100 };
        float[] t = { 1, 0, 0, 1 };
        var dz = new float[4];

        float loss = default(BinaryCrossEntropyLoss).ForwardBackward(z, t, dz, 4, 1);

        Approx.Equal((0 + 0 + 100 + 100) / 4.0, loss, 1e-6, 0, "loss"); // confident and right: 0; confident and wrong: |z|
        Approx.AllEqual(new[] { 0.0, 0, 0.25, -0.25 }, dz, 0, 1e-7, "dz");
    }

    private static ILoss Op(Loss loss) => loss switch
    {
        Loss.MeanSquaredError => default(MeanSquaredErrorLoss),
        Loss.SoftmaxCrossEntropy => default(SoftmaxCrossEntropyLoss),
        Loss.BinaryCrossEntropy => default(BinaryCrossEntropyLoss),
        _ => throw new ArgumentOutOfRangeException(nameof(loss)),
    };

    private static double Definition(Loss loss, double[] output, float[] target, int width)
    {
        double[] t = ReferenceData.ToDouble(target);
        return loss switch
        {
            Loss.MeanSquaredError => ReferenceMath.MeanSquaredError(output, t),
            Loss.SoftmaxCrossEntropy => ReferenceMath.SoftmaxCrossEntropy(output, t, width),
            _ => ReferenceMath.BinaryCrossEntropyWithLogits(output, t),
        };
    }

    private static (float[] Output, float[] Target) Problem(Loss loss, int batch, int width, int seed)
    {
        var rng = new System.Random(seed);
        return (ReferenceData.Uniform(rng, batch * width, 2.0), ReferenceData.Targets(rng, loss, batch, width));
    }
}
