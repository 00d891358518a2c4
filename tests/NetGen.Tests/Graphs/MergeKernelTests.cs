using System;
using NetGen.Kernels;
using NetGen.Ops;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Graphs;

/// <summary>The join kernels against naive loops, on sizes that are not multiples of a vector (1, primes, odd widths).</summary>
public class MergeKernelTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 7, 5)]
    [InlineData(5, 17, 13)]
    public void Concat_ForwardBackwardAndSlice_MatchNaiveLoops(int batch, int first, int second)
    {
        var random = new System.Random(batch + first);
        int width = first + second;
        float[] a = ReferenceData.Uniform(random, batch * first, 1.0);
        float[] b = ReferenceData.Uniform(random, batch * second, 1.0);
        var joined = new float[batch * width];
        MergeKernels.ConcatForward(a, joined, batch, first, width, 0);
        MergeKernels.ConcatForward(b, joined, batch, second, width, first);
        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < width; i++)
            {
                Assert.Equal(i < first ? a[n * first + i] : b[n * second + i - first], joined[n * width + i]);
            }
        }

        float[] dout = ReferenceData.Uniform(random, batch * width, 1.0);
        float[] db = ReferenceData.Uniform(random, batch * second, 1.0);
        float[] expected = (float[])db.Clone();
        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < second; i++)
            {
                expected[n * second + i] += dout[n * width + first + i];
            }
        }
        MergeKernels.ConcatBackward(dout, db, batch, second, width, first);
        Assert.Equal(expected, db);

        var sliced = new float[batch * second];
        MergeKernels.SliceColumns(joined, sliced, batch, second, width, first);
        Assert.Equal(b, sliced);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(100)]
    public void AddMultiplyAndBackward_MatchNaiveLoops(int n)
    {
        var random = new System.Random(n);
        float[] a = ReferenceData.Uniform(random, n, 1.0), b = ReferenceData.Uniform(random, n, 1.0);
        var sum = new float[n];
        var product = new float[n];
        MergeKernels.Add(a, b, sum, default(TanhActivation));
        MergeKernels.Multiply(a, b, product, default(IdentityActivation));
        float[] dout = ReferenceData.Uniform(random, n, 1.0);
        float[] da = ReferenceData.Uniform(random, n, 1.0);
        float[] daBefore = (float[])da.Clone();
        float[] dpre = (float[])dout.Clone();
        MergeKernels.ActivationBackward(sum, dpre, default(TanhActivation));
        MergeKernels.MultiplyBackward(dout, b, da);
        for (int i = 0; i < n; i++)
        {
            Approx.Equal(Math.Tanh((double)a[i] + b[i]), sum[i], 1e-6, 1e-6, $"sum[{i}]");
            Approx.Equal((double)a[i] * b[i], product[i], 1e-6, 1e-7, $"product[{i}]");
            Approx.Equal(dout[i] * (1 - (double)sum[i] * sum[i]), dpre[i], 1e-5, 1e-6, $"dpre[{i}]");
            Approx.Equal(daBefore[i] + (double)dout[i] * b[i], da[i], 1e-5, 1e-6, $"da[{i}]");
        }
    }

    [Fact]
    public void Concat_ColumnsOutsideTheRow_ThrowsArgumentException()
    {
        var e = Assert.Throws<ArgumentException>(() => MergeKernels.ConcatForward(new float[4], new float[6], 2, 2, 3, 2));
        Assert.Contains("do not fit", e.Message, StringComparison.Ordinal);
    }
}
