using System;
using System.Linq;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// The vectorised 2 x 2, stride 2 max pooling against the float64 reference, on shapes that reach each of its vector
/// widths (1 to 3 outputs a row: scalar; 4 to 7: 128-bit; 8 to 15: 256-bit; 16 and more: 512-bit), exact and with an
/// overlapping last vector, odd sizes whose last row and column no window covers, one and many channels, batch 1 and 7;
/// and its tie, NaN and signed-zero behaviour against the row-major scan the general path documents.
/// </summary>
public class Pool2DFastPathTests
{
    private const double Tol = 1e-6;

    private static readonly PoolCase[] s_cases =
    {
        new("one-window", 1, 1, 2, 2, 2, 2, 2, 2, 0, 0),
        new("odd-7x5-b7", 7, 3, 7, 5, 2, 2, 2, 2, 0, 0),
        new("v128-exact", 7, 1, 5, 9, 2, 2, 2, 2, 0, 0),
        new("v128-overlap-b1", 1, 2, 9, 13, 2, 2, 2, 2, 0, 0),
        new("cnn-pool2-b7", 7, 16, 11, 11, 2, 2, 2, 2, 0, 0),
        new("cnn-pool1-b1", 1, 8, 26, 26, 2, 2, 2, 2, 0, 0),
        new("v256-many-channels", 7, 64, 4, 17, 2, 2, 2, 2, 0, 0),
        new("v512-exact-odd-height", 3, 5, 27, 33, 2, 2, 2, 2, 0, 0),
        new("v512-overlap", 2, 3, 17, 37, 2, 2, 2, 2, 0, 0),
    };

    public static TheoryData<string> Names() => new(s_cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void MaxPool2x2_ForwardAndBackward_MatchFloat64Reference(string name)
    {
        PoolCase p = Case(name);
        Pool2DShape shape = Shape(p);
        float[] x = ReferenceChecks.Uniform(1, p.Batch * shape.InSize), dout = ReferenceChecks.Uniform(2, p.Batch * shape.OutSize);
        var y = new float[dout.Length];
        var argmax = new int[dout.Length];
        float[] dx = ReferenceChecks.Uniform(3, x.Length);
        double[] dx0 = ReferenceChecks.D(dx);

        Pool2DKernels.MaxForward(x, y, argmax, shape, p.Batch);
        Pool2DKernels.MaxBackward(dout, dx, argmax, shape, p.Batch);

        (double[] ry, int[] rarg) = ReferencePool.Max(p, ReferenceChecks.D(x));
        ReferenceChecks.AllClose(ry, y, Tol, Tol, "output");
        for (int o = 0; o < argmax.Length; o++)
        {
            Assert.Equal(rarg[o], o / shape.OutSize * shape.InSize + argmax[o]);
        }
        ReferenceChecks.AllClose(ReferenceChecks.Add(dx0, ReferencePool.MaxBackward(p, ReferenceChecks.D(x), ReferenceChecks.D(dout))), dx, Tol, Tol, "dinp");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void MaxPool2x2_TiesNaNAndSignedZeros_MatchTheRowMajorScan(string name)
    {
        // Values from a small set make ties and several NaNs per window common; the scan takes v when v > max or v is
        // NaN, so a window's result is its last NaN, else its first maximum (-0 and +0 tie: the first is kept).
        PoolCase p = Case(name);
        Pool2DShape shape = Shape(p);
        float[] pool = { -1f, -0f, 0f, 1f, 1f, float.NaN, 2f, -0f };
        var rng = new System.Random(7);
        float[] x = Enumerable.Range(0, p.Batch * shape.InSize).Select(_ => pool[rng.Next(pool.Length)]).ToArray();
        var y = new float[p.Batch * shape.OutSize];
        var argmax = new int[y.Length];

        Pool2DKernels.MaxForward(x, y, argmax, shape, p.Batch);

        (float[] sy, int[] sarg) = Scan(p, x);
        for (int o = 0; o < y.Length; o++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(sy[o]), BitConverter.SingleToInt32Bits(y[o]));
            Assert.Equal(sarg[o], argmax[o]);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void MaxPool2x2_Backward_WithIndicesOutsideTheirWindows_ScattersEachOne(string name)
    {
        // Indices not written by MaxForward (here any element of the sample) still receive their gradient.
        PoolCase p = Case(name);
        Pool2DShape shape = Shape(p);
        var rng = new System.Random(11);
        int[] argmax = Enumerable.Range(0, p.Batch * shape.OutSize).Select(_ => rng.Next(shape.InSize)).ToArray();
        float[] dout = ReferenceChecks.Uniform(4, argmax.Length);
        var dx = new float[p.Batch * shape.InSize];
        var expected = new float[dx.Length];
        for (int o = 0; o < argmax.Length; o++)
        {
            expected[o / shape.OutSize * shape.InSize + argmax[o]] += dout[o];
        }

        Pool2DKernels.MaxBackward(dout, dx, argmax, shape, p.Batch);

        Assert.Equal(expected, dx);
    }

    [Fact]
    public void MaxPool2x2_Backward_LeavesNegativeZerosItDoesNotRouteTo()
    {
        // 8 windows in a row (the 256-bit path): the gradient goes to each window's maximum; the other three inputs
        // keep their -0 bit for bit.
        var shape = new Pool2DShape(1, 2, 16, 2, 2, 2, 2, 0, 0);
        float[] x = ReferenceChecks.Uniform(5, 32);
        var y = new float[8];
        var argmax = new int[8];
        Pool2DKernels.MaxForward(x, y, argmax, shape, 1);
        float[] dx = Enumerable.Repeat(-0f, 32).ToArray();

        Pool2DKernels.MaxBackward(Enumerable.Repeat(1f, 8).ToArray(), dx, argmax, shape, 1);

        for (int i = 0; i < 32; i++)
        {
            float expected = argmax.Contains(i) ? 1f : -0f;
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(dx[i]));
        }
    }

    [Fact]
    public void MaxPool2x2_AllocatesNothingAfterWarmUp()
    {
        PoolCase p = Case("cnn-pool2-b7");
        Pool2DShape shape = Shape(p);
        float[] x = ReferenceChecks.Uniform(1, p.Batch * shape.InSize), dout = ReferenceChecks.Uniform(2, p.Batch * shape.OutSize);
        var y = new float[dout.Length];
        var argmax = new int[dout.Length];
        var dx = new float[x.Length];

        Assert.Equal(0, ReferenceChecks.BytesAllocated(() => Pool2DKernels.MaxForward(x, y, argmax, shape, p.Batch)));
        Assert.Equal(0, ReferenceChecks.BytesAllocated(() => Pool2DKernels.MaxBackward(dout, dx, argmax, shape, p.Batch)));
    }

    // The general path's rule, element by element in row-major window order: per-sample indices.
    private static (float[] Y, int[] Argmax) Scan(PoolCase p, float[] x)
    {
        var y = new float[p.Batch * p.C * p.OutH * p.OutW];
        var arg = new int[y.Length];
        int o = 0;
        for (int b = 0; b < p.Batch; b++)
        {
            for (int c = 0; c < p.C; c++)
            {
                for (int oh = 0; oh < p.OutH; oh++)
                {
                    for (int ow = 0; ow < p.OutW; ow++, o++)
                    {
                        int best = (c * p.InH + 2 * oh) * p.InW + 2 * ow;
                        float max = x[b * p.C * p.InH * p.InW + best];
                        for (int i = 0; i < 2; i++)
                        {
                            for (int j = 0; j < 2; j++)
                            {
                                int at = (c * p.InH + 2 * oh + i) * p.InW + 2 * ow + j;
                                float v = x[b * p.C * p.InH * p.InW + at];
                                if (v > max || float.IsNaN(v))
                                {
                                    (max, best) = (v, at);
                                }
                            }
                        }
                        (y[o], arg[o]) = (max, best);
                    }
                }
            }
        }
        return (y, arg);
    }

    private static PoolCase Case(string name) => s_cases.Single(c => c.Name == name);

    private static Pool2DShape Shape(PoolCase p) => new(p.C, p.InH, p.InW, p.KH, p.KW, p.SH, p.SW, p.PH, p.PW);
}
