using System;
using System.Globalization;
using Xunit;

namespace NetGen.Tests.Reference;

/// <summary>
/// Closeness in the sense of numpy's <c>allclose</c>: <c>|actual - expected| &lt;= abs + rel |expected|</c>, with
/// the first offending element named in the failure.
/// </summary>
public static class Approx
{
    /// <summary>Asserts one value is close to the expected one.</summary>
    public static void Equal(double expected, double actual, double rel, double abs, string what)
    {
        if (!IsClose(expected, actual, rel, abs))
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{what}: expected {expected:R} but got {actual:R} (difference {Math.Abs(actual - expected):E3}, allowed {abs + rel * Math.Abs(expected):E3})"));
        }
    }

    /// <summary>Asserts float values are element-wise close to float64 expectations.</summary>
    public static void AllEqual(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double rel, double abs, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values but got {actual.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            Equal(expected[i], actual[i], rel, abs, $"{what}[{i}]");
        }
    }

    /// <summary>Asserts float64 values are element-wise close to float64 expectations.</summary>
    public static void AllEqual(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double rel, double abs, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values but got {actual.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            Equal(expected[i], actual[i], rel, abs, $"{what}[{i}]");
        }
    }

    /// <summary>Whether <paramref name="actual"/> is within <c>abs + rel |expected|</c> of <paramref name="expected"/>; NaN never is.</summary>
    public static bool IsClose(double expected, double actual, double rel, double abs) =>
        Math.Abs(actual - expected) <= abs + rel * Math.Abs(expected);
}
