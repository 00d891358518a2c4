using System;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>The one-sample product against a float64 naive reference, on sizes that exercise every tail.</summary>
public class GemvTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(4, 16)]
    [InlineData(5, 17)]
    [InlineData(7, 33)]
    [InlineData(10, 128)]
    [InlineData(128, 784)]
    [InlineData(13, 131)]
    public void Gemv_Add_MatchesFloat64ReferenceAndAccumulates(int rows, int columns)
    {
        var random = new System.Random(rows * 1000 + columns);
        float[] w = new float[rows * columns], x = new float[columns], y = new float[rows];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = (float)(random.NextDouble() * 2 - 1);
        }
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(random.NextDouble() * 2 - 1);
        }
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = (float)random.NextDouble();
        }
        double[] expected = new double[rows];
        for (int o = 0; o < rows; o++)
        {
            expected[o] = y[o];
            for (int i = 0; i < columns; i++)
            {
                expected[o] += (double)w[o * columns + i] * x[i];
            }
        }

        Gemv.Add(w, x, y, rows, columns);

        for (int o = 0; o < rows; o++)
        {
            Assert.True(Math.Abs(expected[o] - y[o]) <= 1e-5 * columns + 1e-6, $"row {o}: {expected[o]} vs {y[o]}");
        }
    }

    [Fact]
    public void Gemv_ShortSpans_ThrowNamingTheShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemv.Add(new float[5], new float[3], new float[2], 2, 3));
        Assert.Contains("2 x 3", e.Message);
    }

    [Fact]
    public void Gemv_AllocatesNothing()
    {
        float[] w = new float[128 * 784], x = new float[784], y = new float[128];
        Gemv.Add(w, x, y, 128, 784);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Gemv.Add(w, x, y, 128, 784);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
