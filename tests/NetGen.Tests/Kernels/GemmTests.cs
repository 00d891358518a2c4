using System;
using NetGen.Kernels;
using NetGen.Tests.Threading;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// The three GEMM forms against three float64 loops, over sizes that hit every edge of the 4 x 16 tiling and of the
/// 256-deep blocking; <c>C</c> starts non-zero because the products accumulate. Tolerance as the convolution's:
/// <c>1e-4 |expected| + 1e-5 max(1, max |expected|)</c>.
/// </summary>
public class GemmTests
{
    public static TheoryData<int, int, int> Sizes() => new()
    {
        { 1, 1, 1 }, { 3, 5, 2 }, { 4, 16, 7 }, { 5, 17, 9 }, { 7, 3, 13 }, { 8, 40, 257 }, { 9, 33, 300 },
        { 16, 25, 784 }, { 32, 196, 400 }, { 2, 8, 8 }, { 6, 23, 1 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Gemm_Nn_MatchesFloat64Reference(int m, int n, int k)
    {
        float[] a = ReferenceChecks.Uniform(1, m * k), b = ReferenceChecks.Uniform(2, k * n), c = ReferenceChecks.Uniform(3, m * n);
        double[] expected = ReferenceGemm.MultiplyAdd(m, n, k, (i, p) => a[i * k + p], (p, j) => b[p * n + j], ReferenceChecks.D(c));

        Gemm.Nn(m, n, k, a, b, c);

        ReferenceChecks.AllClose(expected, c, 1e-4, 1e-5, "C");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Gemm_Tn_MatchesFloat64Reference(int m, int n, int k)
    {
        float[] a = ReferenceChecks.Uniform(4, k * m), b = ReferenceChecks.Uniform(5, k * n), c = ReferenceChecks.Uniform(6, m * n);
        double[] expected = ReferenceGemm.MultiplyAdd(m, n, k, (i, p) => a[p * m + i], (p, j) => b[p * n + j], ReferenceChecks.D(c));

        Gemm.Tn(m, n, k, a, b, c);

        ReferenceChecks.AllClose(expected, c, 1e-4, 1e-5, "C");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Gemm_Nt_MatchesFloat64Reference(int m, int n, int k)
    {
        float[] a = ReferenceChecks.Uniform(7, m * k), b = ReferenceChecks.Uniform(8, n * k), c = ReferenceChecks.Uniform(9, m * n);
        double[] expected = ReferenceGemm.MultiplyAdd(m, n, k, (i, p) => a[i * k + p], (p, j) => b[j * k + p], ReferenceChecks.D(c));

        Gemm.Nt(m, n, k, a, b, c);

        ReferenceChecks.AllClose(expected, c, 1e-4, 1e-5, "C");
    }

    [Fact]
    public void Gemm_ZeroDepth_LeavesCUnchanged()
    {
        float[] c = ReferenceChecks.Uniform(10, 12);
        float[] before = (float[])c.Clone();

        Gemm.Nn(3, 4, 0, ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, c);
        Gemm.Tn(3, 4, 0, ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, c);
        Gemm.Nt(3, 4, 0, ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, c);

        Assert.Equal(before, c);
    }

    [Fact]
    public void Gemm_OperandTooShort_Throws()
    {
        Assert.Throws<ArgumentException>(() => Gemm.Nn(2, 2, 2, new float[3], new float[4], new float[4]));
        Assert.Throws<ArgumentException>(() => Gemm.Tn(2, 2, 2, new float[4], new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => Gemm.Nt(2, 2, 2, new float[4], new float[4], new float[3]));
    }

    [Fact]
    public void Gemm_AllFormsWithEdgeTiles_AllocateNothingAfterWarmUp()
    {
        const int m = 5, n = 19, k = 300;
        float[] a = ReferenceChecks.Uniform(1, m * k), b = ReferenceChecks.Uniform(2, k * n), c = new float[m * n];
        float[] bt = ReferenceChecks.Uniform(3, n * k), at = ReferenceChecks.Uniform(4, k * m);

        Assert.Equal(0, Allocations.OnThisThread(() => Gemm.Nn(m, n, k, a, b, c)));
        Assert.Equal(0, Allocations.OnThisThread(() => Gemm.Tn(m, n, k, at, b, c)));
        Assert.Equal(0, Allocations.OnThisThread(() => Gemm.Nt(m, n, k, a, bt, c)));
    }
}
