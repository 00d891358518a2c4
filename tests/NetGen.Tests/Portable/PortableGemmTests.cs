using System;
using System.Numerics;
using NetGen.Kernels.Portable;
using NetGen.Tests.Kernels;
using Xunit;

namespace NetGen.Tests.Portable;

/// <summary>
/// The netstandard2.1 (Unity) build's products, <see cref="PortableGemm"/>, against the same float64 loops as
/// <see cref="GemmTests"/>. The class is compiled into both builds of the runtime; the tests run it on net8.0, in
/// <see cref="Vector{T}"/> lanes where this CPU accelerates them, and the odd sizes exercise the scalar tails.
/// </summary>
public class PortableGemmTests
{
    [Theory]
    [MemberData(nameof(GemmTests.Sizes), MemberType = typeof(GemmTests))]
    public void PortableGemm_Nn_MatchesFloat64Reference(int m, int n, int k)
    {
        float[] a = ReferenceChecks.Uniform(1, m * k), b = ReferenceChecks.Uniform(2, k * n), c = ReferenceChecks.Uniform(3, m * n);
        double[] expected = ReferenceGemm.MultiplyAdd(m, n, k, (i, p) => a[i * k + p], (p, j) => b[p * n + j], ReferenceChecks.D(c));

        PortableGemm.Nn(m, n, k, a, b, c, accumulate: true);

        ReferenceChecks.AllClose(expected, c, 1e-4, 1e-5, "C");
    }

    [Theory]
    [MemberData(nameof(GemmTests.Sizes), MemberType = typeof(GemmTests))]
    public void PortableGemm_Tn_MatchesFloat64Reference(int m, int n, int k)
    {
        float[] a = ReferenceChecks.Uniform(4, k * m), b = ReferenceChecks.Uniform(5, k * n), c = ReferenceChecks.Uniform(6, m * n);
        double[] expected = ReferenceGemm.MultiplyAdd(m, n, k, (i, p) => a[p * m + i], (p, j) => b[p * n + j], ReferenceChecks.D(c));

        PortableGemm.Tn(m, n, k, a, b, c, accumulate: true);

        ReferenceChecks.AllClose(expected, c, 1e-4, 1e-5, "C");
    }

    [Theory]
    [MemberData(nameof(GemmTests.Sizes), MemberType = typeof(GemmTests))]
    public void PortableGemm_Nt_MatchesFloat64Reference(int m, int n, int k)
    {
        float[] a = ReferenceChecks.Uniform(7, m * k), b = ReferenceChecks.Uniform(8, n * k), c = ReferenceChecks.Uniform(9, m * n);
        double[] expected = ReferenceGemm.MultiplyAdd(m, n, k, (i, p) => a[i * k + p], (p, j) => b[j * k + p], ReferenceChecks.D(c));

        PortableGemm.Nt(m, n, k, a, b, c, accumulate: true);

        ReferenceChecks.AllClose(expected, c, 1e-4, 1e-5, "C");
    }

    [Theory]
    [InlineData(5, 17, 9)]
    [InlineData(3, 4, 0)]
    public void PortableGemm_Overwrite_IgnoresWhatCHeld(int m, int n, int k)
    {
        float[] a = ReferenceChecks.Uniform(11, m * k), b = ReferenceChecks.Uniform(12, k * n);
        double[] expected = ReferenceGemm.MultiplyAdd(m, n, k, (i, p) => a[i * k + p], (p, j) => b[p * n + j], new double[m * n]);
        float[] nn = ReferenceChecks.Uniform(13, m * n), tn = (float[])nn.Clone(), nt = (float[])nn.Clone();
        float[] aT = Transpose(a, m, k), bT = Transpose(b, k, n);

        PortableGemm.Nn(m, n, k, a, b, nn, accumulate: false);
        PortableGemm.Tn(m, n, k, aT, b, tn, accumulate: false);
        PortableGemm.Nt(m, n, k, a, bT, nt, accumulate: false);

        ReferenceChecks.AllClose(expected, nn, 1e-4, 1e-5, "Nn");
        ReferenceChecks.AllClose(expected, tn, 1e-4, 1e-5, "Tn");
        ReferenceChecks.AllClose(expected, nt, 1e-4, 1e-5, "Nt");
    }

    [Fact]
    public void PortableGemm_AllForms_AllocateNothing()
    {
        float[] a = ReferenceChecks.Uniform(14, 9 * 33), b = ReferenceChecks.Uniform(15, 33 * 17), c = new float[9 * 17];
        PortableGemm.Nn(9, 17, 33, a, b, c, true);
        long bytes = ReferenceChecks.BytesAllocated(() =>
        {
            PortableGemm.Nn(9, 17, 33, a, b, c, true);
            PortableGemm.Tn(9, 17, 33, a, b, c, false);
            PortableGemm.Nt(9, 17, 33, a, b, c, true); // B read as stored (17, 33)
        });
        Assert.Equal(0, bytes);
    }

    private static float[] Transpose(float[] x, int rows, int columns)
    {
        var t = new float[x.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                t[c * rows + r] = x[r * columns + c];
            }
        }
        return t;
    }
}
