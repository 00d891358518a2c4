using System;
using NetGen.Ops;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Numerics;

/// <summary>
/// The row-wise softmax of <c>NetGen.Ops</c> against its float64 definition (<c>torch.nn.Softmax(dim=1)</c>),
/// within <c>1e-6 |ref| + 1e-7</c>, and its stability when the logits are far beyond <c>exp</c>'s float range.
/// </summary>
public class SoftmaxOpTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 10)]
    [InlineData(2, 33)] // longer than any SIMD vector, with a remainder
    public void Softmax_Forward_MatchesFloat64DefinitionAndRowsSumToOne(int rows, int width)
    {
        float[] logits = ReferenceData.Uniform(new System.Random(rows * 100 + width), rows * width, 4.0);
        var p = new float[logits.Length];

        Softmax.Forward(logits, p, rows, width);

        for (int r = 0; r < rows; r++)
        {
            double[] expected = ReferenceMath.Softmax(ReferenceData.ToDouble(logits.AsSpan(r * width, width)));
            Approx.AllEqual(expected, p.AsSpan(r * width, width), 1e-6, 1e-7, $"row {r}");
            double sum = 0;
            foreach (float v in p.AsSpan(r * width, width))
            {
                Assert.True(v > 0f && v <= 1f, $"probability {v} outside (0, 1]");
                sum += v;
            }
            Approx.Equal(1.0, sum, 0, 1e-6, $"row {r} sum");
        }
    }

    [Theory]
    [InlineData(1000f)]
    [InlineData(-1000f)]
    [InlineData(88.8f)] // exp overflows float just above 88.7
    [InlineData(1e30f)]
    public void Softmax_OfLargeLogits_IsFiniteAndEqualsTheShiftedSoftmax(float offset)
    {
        float[] small = { 2, 1, 0, -1 };
        var shifted = new float[small.Length];
        for (int j = 0; j < small.Length; j++)
        {
            shifted[j] = offset + small[j];
        }
        var p = new float[small.Length];

        Softmax.ForwardRow(shifted, p);

        // softmax(z + c) = softmax(z); shifted holds offset + small rounded to float, so compare with those values.
        double[] expected = ReferenceMath.Softmax(ReferenceData.ToDouble(shifted));
        Approx.AllEqual(expected, p, 1e-6, 1e-7, $"softmax at offset {offset}");
        Approx.Equal(1.0, RowSum(p), 0, 1e-6, "row sum");
    }

    [Fact]
    public void Softmax_OfEqualLogits_IsUniform()
    {
        float[] z = { -1000, -1000, -1000, -1000, 7, 7, 7, 7 };
        var p = new float[z.Length];

        Softmax.Forward(z, p, 2, 4);

        Assert.All(p, v => Assert.Equal(0.25f, v));
    }

    private static double RowSum(float[] values)
    {
        double s = 0;
        foreach (float v in values)
        {
            s += v;
        }
        return s;
    }
}
