using System;
using System.Globalization;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>Seeded data, central differences and float-against-float64 comparisons shared by the kernel tests.</summary>
public static class ReferenceChecks
{
    /// <summary>Step of the central differences on the float64 references.</summary>
    public const double H = 1e-6;

    /// <summary>Uniform floats in [-scale, scale).</summary>
    public static float[] Uniform(int seed, int count, double scale = 1.0)
    {
        var rng = new System.Random(seed);
        var v = new float[count];
        for (int i = 0; i < count; i++)
        {
            v[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
        }
        return v;
    }

    /// <summary>The float64 copy.</summary>
    public static double[] D(float[] v) => Array.ConvertAll(v, x => (double)x);

    /// <summary>
    /// Central difference of <paramref name="loss"/> with respect to <c>p[i]</c>, for up to <paramref name="samples"/>
    /// indices of <paramref name="p"/> (all of them when it is small), against <paramref name="analytic"/>.
    /// Tolerance <c>1e-6 |numeric| + 1e-7</c>: the truncation error is O(h^2) and the rounding error about
    /// <c>1e-16 |L| / h</c>, both far below it.
    /// </summary>
    public static void MatchesFiniteDifferences(double[] p, double[] analytic, Func<double> loss, string what, int samples = 40)
    {
        var rng = new System.Random(p.Length);
        int count = Math.Min(samples, p.Length);
        for (int s = 0; s < count; s++)
        {
            int i = p.Length <= samples ? s : rng.Next(p.Length);
            double keep = p[i];
            p[i] = keep + H;
            double plus = loss();
            p[i] = keep - H;
            double minus = loss();
            p[i] = keep;
            double numeric = (plus - minus) / (2 * H);
            AssertClose(numeric, analytic[i], 1e-6, 1e-7, $"{what}[{i}]");
        }
    }

    /// <summary>
    /// Float results against float64 expectations: <c>|actual - expected| &lt;= rel |expected| + abs max(1, max |expected|)</c>,
    /// i.e. relative per element plus an absolute floor scaled by the tensor's magnitude (float sums of many terms lose
    /// precision relative to the largest values, not to each small result).
    /// </summary>
    public static void AllClose(double[] expected, ReadOnlySpan<float> actual, double rel, double abs, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values but got {actual.Length}");
        double scale = 1.0;
        foreach (double e in expected)
        {
            scale = Math.Max(scale, Math.Abs(e));
        }
        for (int i = 0; i < expected.Length; i++)
        {
            AssertClose(expected[i], actual[i], rel, abs * scale, $"{what}[{i}]");
        }
    }

    /// <summary>One value within <c>rel |expected| + abs</c>.</summary>
    public static void AssertClose(double expected, double actual, double rel, double abs, string what)
    {
        double diff = Math.Abs(actual - expected);
        if (!(diff <= abs + rel * Math.Abs(expected)))
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{what}: expected {expected:R} but got {actual:R} (difference {diff:E3}, allowed {abs + rel * Math.Abs(expected):E3})"));
        }
    }

    /// <summary>The smallest |value|: how far pre-activations are from ReLU's kink.</summary>
    public static double MinAbs(double[] values)
    {
        double m = double.PositiveInfinity;
        foreach (double v in values)
        {
            m = Math.Min(m, Math.Abs(v));
        }
        return m;
    }

    /// <summary>sum a[i] b[i].</summary>
    public static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }
        return s;
    }

    /// <summary><c>a + b</c> element-wise, as a new array.</summary>
    public static double[] Add(double[] a, double[] b)
    {
        var r = new double[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            r[i] = a[i] + b[i];
        }
        return r;
    }

    /// <summary>Bytes this thread allocates over 20 calls of <paramref name="call"/>, after 3 warm-up calls.</summary>
    public static long BytesAllocated(Action call)
    {
        for (int i = 0; i < 3; i++)
        {
            call();
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            call();
        }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
