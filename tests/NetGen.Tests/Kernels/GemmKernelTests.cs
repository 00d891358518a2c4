using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// Every GEMM form on every micro-kernel this CPU can run (512-, 256- and 128-bit), on one thread, against a float64
/// reference, over shapes that hit each edge of the tiling (1, 2, 3, 7, 13, ... rows or columns), of the depth
/// blocking (k up to 1031) and of the cache blocking (m &gt; 128, n &gt; 512), plus the MLP and CNN workloads.
/// </summary>
public class GemmKernelTests
{
    public static TheoryData<string, int, int, int> Shapes()
    {
        var data = new TheoryData<string, int, int, int>();
        foreach (string form in GemmCases.Forms)
        {
            foreach ((int m, int n, int k) in GemmCases.AwkwardShapes())
            {
                data.Add(form, m, n, k);
            }
        }
        return data;
    }

    public static TheoryData<string, int> RandomSeeds()
    {
        var data = new TheoryData<string, int>();
        foreach (string form in GemmCases.Forms)
        {
            for (int seed = 0; seed < 12; seed++)
            {
                data.Add(form, seed);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gemm_EveryKernel_AccumulatesTheFloat64Product(string form, int m, int n, int k)
    {
        GemmCase g = GemmCase.Create(GemmCases.Parse(form), m, n, k, seed: m * 31 + n * 7 + k);

        foreach (GemmIsa isa in GemmCases.SupportedIsas())
        {
            float[] c = g.Run(isa, accumulate: true, maxDegree: 1);
            g.AssertMatchesReference(c, $"{form} {isa} {m}x{n}x{k}");
        }
    }

    [Theory]
    [MemberData(nameof(RandomSeeds))]
    public void Gemm_EveryKernel_MatchesTheFloat64ProductOnRandomShapes(string form, int seed)
    {
        var rng = new System.Random(seed);
        int m = rng.Next(1, 200), n = rng.Next(1, 200), k = rng.Next(1, 600);
        GemmCase g = GemmCase.Create(GemmCases.Parse(form), m, n, k, seed);

        foreach (GemmIsa isa in GemmCases.SupportedIsas())
        {
            g.AssertMatchesReference(g.Run(isa, accumulate: true, maxDegree: 1), $"{form} {isa} {m}x{n}x{k}");
        }
    }

    [Theory]
    [InlineData("Nn", 37, 70, 300)]
    [InlineData("Tn", 37, 70, 300)]
    [InlineData("Nt", 37, 70, 300)]
    [InlineData("Nt", 64, 128, 784)]
    public void Gemm_Overwrite_IgnoresCAndEqualsAccumulatingOntoZero(string form, int m, int n, int k)
    {
        GemmCase g = GemmCase.Create(GemmCases.Parse(form), m, n, k, seed: 5);

        foreach (GemmIsa isa in GemmCases.SupportedIsas())
        {
            var c = new float[m * n];
            Array.Fill(c, float.NaN);
            Gemm.Multiply(isa, g.Form, m, n, k, g.A, g.B, c, accumulate: false, maxDegree: 1);
            var onZero = new float[m * n];
            Gemm.Multiply(isa, g.Form, m, n, k, g.A, g.B, onZero, accumulate: true, maxDegree: 1);

            Assert.Equal(onZero, c);
        }
    }

    [Fact]
    public void Gemm_ZeroDepthOverwrite_ClearsC()
    {
        float[] c = ReferenceChecks.Uniform(11, 12);

        Gemm.Nn(3, 4, 0, ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, c, accumulate: false);

        Assert.All(c, x => Assert.Equal(0f, x));
    }

    [Fact]
    public void Gemm_EmptyOutput_IsANoOp()
    {
        float[] a = ReferenceChecks.Uniform(1, 6);

        Gemm.Nn(0, 3, 2, a, a, Span<float>.Empty);
        Gemm.Tn(3, 0, 2, a, a, Span<float>.Empty);
        Gemm.Nt(0, 0, 2, a, a, Span<float>.Empty, accumulate: false);
    }

    [Fact]
    public void Gemm_NegativeDimension_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Nn(-1, 2, 2, new float[4], new float[4], new float[4]));
    }

    [Fact]
    public void Gemm_OperandsLongerThanNeeded_LeaveTheRestOfCUntouched()
    {
        const int m = 5, n = 7, k = 9;
        GemmCase g = GemmCase.Create(GemmCases.Parse("Nn"), m, n, k, seed: 3);
        var c = new float[m * n + 10];
        Array.Fill(c, 42f);

        Gemm.Nn(m, n, k, g.A, g.B, c, accumulate: false);

        Assert.All(c.AsSpan(m * n).ToArray(), x => Assert.Equal(42f, x));
    }
}

/// <summary>Shapes, operands and the float64 reference shared by the GEMM tests.</summary>
internal static class GemmCases
{
    public static readonly string[] Forms = { "Nn", "Tn", "Nt" };

    private static readonly int[] Awkward = { 1, 2, 3, 7, 13, 17, 31, 33, 63, 65, 127, 129, 257, 784 };

    public static GemmForm Parse(string form) => Enum.Parse<GemmForm>(form);

    /// <summary>The kernels this CPU runs: always the 128-bit one, and the wider ones where accelerated.</summary>
    public static IEnumerable<GemmIsa> SupportedIsas()
    {
        yield return GemmIsa.Vector128;
        if (Vector256.IsHardwareAccelerated)
        {
            yield return GemmIsa.Vector256;
        }
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            yield return GemmIsa.Vector512;
        }
    }

    /// <summary>Each awkward size in each position, edge cases, and the MLP and CNN workloads.</summary>
    public static IEnumerable<(int M, int N, int K)> AwkwardShapes()
    {
        foreach (int v in Awkward)
        {
            yield return (v, 17, 33);
            yield return (31, v, 13);
            yield return (7, 65, v);
        }
        yield return (1, 1, 1);
        yield return (1, 1, 257);
        yield return (1, 129, 1);
        yield return (129, 1, 7);
        yield return (17, 31, 63);
        yield return (65, 63, 127);
        yield return (127, 129, 257);
        yield return (257, 127, 65);
        yield return (33, 600, 24);
        yield return (13, 31, 1031);
        yield return (64, 128, 784);
        yield return (128, 784, 64);
        yield return (64, 784, 128);
        yield return (64, 128, 10);
        yield return (16, 784, 25);
        yield return (32, 196, 400);
        yield return (16, 25, 784);
        yield return (32, 400, 196);
        yield return (400, 196, 32);
    }
}

/// <summary>Operands of one product, a starting <c>C</c>, and the float64 product with its error bound.</summary>
internal sealed class GemmCase
{
    private GemmCase(GemmForm form, int m, int n, int k, float[] a, float[] b, float[] c0)
    {
        Form = form;
        M = m;
        N = n;
        K = k;
        A = a;
        B = b;
        C0 = c0;
    }

    public GemmForm Form { get; }

    public int M { get; }

    public int N { get; }

    public int K { get; }

    public float[] A { get; }

    public float[] B { get; }

    public float[] C0 { get; }

    public static GemmCase Create(GemmForm form, int m, int n, int k, int seed) =>
        new(form, m, n, k, ReferenceChecks.Uniform(seed, m * k), ReferenceChecks.Uniform(seed + 1, k * n), ReferenceChecks.Uniform(seed + 2, m * n));

    /// <summary><c>C0</c> plus the product, computed by <see cref="Gemm.Multiply"/>.</summary>
    public float[] Run(GemmIsa isa, bool accumulate, int maxDegree)
    {
        float[] c = (float[])C0.Clone();
        Gemm.Multiply(isa, Form, M, N, K, A, B, c, accumulate, maxDegree);
        return c;
    }

    /// <summary>
    /// Within the worst-case rounding bound of a float sum of <c>k + 1</c> terms, doubled:
    /// <c>|error| &lt;= 2 (k + 1) 2^-24 (|c0| + sum_p |a_ip b_pj|)</c> (Higham, <em>Accuracy and Stability of
    /// Numerical Algorithms</em>, section 3.1). An indexing mistake is far outside it.
    /// </summary>
    public void AssertMatchesReference(float[] actual, string what)
    {
        double u = Math.Pow(2, -24);
        for (int i = 0; i < M; i++)
        {
            for (int j = 0; j < N; j++)
            {
                double sum = C0[i * N + j], bound = Math.Abs(sum);
                for (int p = 0; p < K; p++)
                {
                    double t = (double)ElementA(i, p) * ElementB(p, j);
                    sum += t;
                    bound += Math.Abs(t);
                }
                double allowed = 2 * (K + 1) * u * bound;
                double diff = Math.Abs(actual[i * N + j] - sum);
                Assert.True(diff <= allowed, $"{what}: C[{i}, {j}] = {actual[i * N + j]:R}, expected {sum:R} (difference {diff:E3}, allowed {allowed:E3})");
            }
        }
    }

    private float ElementA(int i, int p) => Form == GemmForm.Tn ? A[p * M + i] : A[i * K + p];

    private float ElementB(int p, int j) => Form == GemmForm.Nt ? B[j * K + p] : B[p * N + j];
}
