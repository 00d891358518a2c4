using System;

namespace NetGen.Tests.Kernels;

/// <summary>The dimensions of a reference pooling layer (<c>torch.nn.MaxPool2d</c>/<c>AvgPool2d</c>, ceil_mode False).</summary>
public sealed record PoolCase(string Name, int Batch, int C, int InH, int InW, int KH, int KW, int SH, int SW, int PH, int PW)
{
    /// <summary>floor((H + 2p - k) / s) + 1.</summary>
    public int OutH => (InH + 2 * PH - KH) / SH + 1;

    /// <summary>floor((W + 2p - k) / s) + 1.</summary>
    public int OutW => (InW + 2 * PW - KW) / SW + 1;

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>
/// Pooling in float64 from the definitions on PyTorch's doc pages: max over the window with -infinity padding, and
/// the window sum over <c>kH kW</c> (zero padding counted, <c>count_include_pad = True</c>); global average.
/// </summary>
public static class ReferencePool
{
    /// <summary>Max pooling; also returns the flat input index of each maximum (first on ties, row-major).</summary>
    public static (double[] Y, int[] Argmax) Max(PoolCase p, double[] x)
    {
        var y = new double[p.Batch * p.C * p.OutH * p.OutW];
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
                        double best = double.NegativeInfinity;
                        int at = -1;
                        for (int i = 0; i < p.KH; i++)
                        {
                            for (int j = 0; j < p.KW; j++)
                            {
                                int ih = oh * p.SH - p.PH + i, iw = ow * p.SW - p.PW + j;
                                double v = ih >= 0 && ih < p.InH && iw >= 0 && iw < p.InW ? x[Index(p, b, c, ih, iw)] : double.NegativeInfinity;
                                if (v > best || at < 0 && v == best && ih >= 0 && ih < p.InH && iw >= 0 && iw < p.InW)
                                {
                                    best = v;
                                    at = Index(p, b, c, ih, iw);
                                }
                            }
                        }
                        y[o] = best;
                        arg[o] = at;
                    }
                }
            }
        }
        return (y, arg);
    }

    /// <summary>Average pooling, dividing every window by <c>kH kW</c>.</summary>
    public static double[] Avg(PoolCase p, double[] x)
    {
        var y = new double[p.Batch * p.C * p.OutH * p.OutW];
        int o = 0;
        for (int b = 0; b < p.Batch; b++)
        {
            for (int c = 0; c < p.C; c++)
            {
                for (int oh = 0; oh < p.OutH; oh++)
                {
                    for (int ow = 0; ow < p.OutW; ow++, o++)
                    {
                        double sum = 0;
                        for (int i = 0; i < p.KH; i++)
                        {
                            for (int j = 0; j < p.KW; j++)
                            {
                                int ih = oh * p.SH - p.PH + i, iw = ow * p.SW - p.PW + j;
                                if (ih >= 0 && ih < p.InH && iw >= 0 && iw < p.InW)
                                {
                                    sum += x[Index(p, b, c, ih, iw)];
                                }
                            }
                        }
                        y[o] = sum / (p.KH * p.KW);
                    }
                }
            }
        }
        return y;
    }

    /// <summary>The gradient of <c>sum dout * Max(x)</c>: each output's gradient goes to its maximum.</summary>
    public static double[] MaxBackward(PoolCase p, double[] x, double[] dout)
    {
        int[] arg = Max(p, x).Argmax;
        var dx = new double[x.Length];
        for (int o = 0; o < dout.Length; o++)
        {
            dx[arg[o]] += dout[o];
        }
        return dx;
    }

    /// <summary>The gradient of <c>sum dout * Avg(x)</c>.</summary>
    public static double[] AvgBackward(PoolCase p, double[] dout)
    {
        var dx = new double[p.Batch * p.C * p.InH * p.InW];
        int o = 0;
        for (int b = 0; b < p.Batch; b++)
        {
            for (int c = 0; c < p.C; c++)
            {
                for (int oh = 0; oh < p.OutH; oh++)
                {
                    for (int ow = 0; ow < p.OutW; ow++, o++)
                    {
                        for (int i = 0; i < p.KH; i++)
                        {
                            for (int j = 0; j < p.KW; j++)
                            {
                                int ih = oh * p.SH - p.PH + i, iw = ow * p.SW - p.PW + j;
                                if (ih >= 0 && ih < p.InH && iw >= 0 && iw < p.InW)
                                {
                                    dx[Index(p, b, c, ih, iw)] += dout[o] / (p.KH * p.KW);
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }

    /// <summary>Mean over each <c>(b, c)</c> row of <paramref name="spatial"/> values.</summary>
    public static double[] GlobalAvg(double[] x, int planes, int spatial)
    {
        var y = new double[planes];
        for (int p = 0; p < planes; p++)
        {
            for (int s = 0; s < spatial; s++)
            {
                y[p] += x[p * spatial + s];
            }
            y[p] /= spatial;
        }
        return y;
    }

    /// <summary>The gradient of <c>sum dout * GlobalAvg(x)</c>.</summary>
    public static double[] GlobalAvgBackward(double[] dout, int planes, int spatial)
    {
        var dx = new double[planes * spatial];
        for (int p = 0; p < planes; p++)
        {
            for (int s = 0; s < spatial; s++)
            {
                dx[p * spatial + s] = dout[p] / spatial;
            }
        }
        return dx;
    }

    private static int Index(PoolCase p, int b, int c, int h, int w) => ((b * p.C + c) * p.InH + h) * p.InW + w;
}
