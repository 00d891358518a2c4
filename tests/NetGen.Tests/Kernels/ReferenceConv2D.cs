using System;

namespace NetGen.Tests.Kernels;

/// <summary>The activations the kernel references cover, in float64 (kept away from ReLU's kink by the tests).</summary>
public enum RefActivation
{
    /// <summary><c>y = x</c>.</summary>
    Identity,

    /// <summary><c>y = max(x, 0)</c>.</summary>
    Relu,
}

/// <summary>The dimensions of a reference convolution, in the order of <c>torch.nn.Conv2d</c>'s arguments.</summary>
public sealed record ConvCase(
    string Name, int Batch, int InC, int InH, int InW, int OutC, int KH, int KW,
    int SH, int SW, int PH, int PW, int DH, int DW, bool Bias, RefActivation Act)
{
    /// <summary>PyTorch's output height, floor((H + 2p - d (k - 1) - 1) / s) + 1.</summary>
    public int OutH => (InH + 2 * PH - DH * (KH - 1) - 1) / SH + 1;

    /// <summary>PyTorch's output width.</summary>
    public int OutW => (InW + 2 * PW - DW * (KW - 1) - 1) / SW + 1;

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>
/// A 2-D convolution in float64 straight from its definition (the <c>torch.nn.Conv2d</c> doc page: cross-correlation
/// with zero padding, stride and dilation), seven nested loops, and its backward by the chain rule through the same
/// loops. Shares no code with <c>NetGen.Kernels</c>.
/// </summary>
public static class ReferenceConv2D
{
    /// <summary>The pre-activation <c>z[b, o, oh, ow] = bias[o] + sum w[o, c, i, j] x[b, c, oh sH - pH + i dH, ow sW - pW + j dW]</c>.</summary>
    public static double[] PreActivation(ConvCase k, double[] x, double[] w, double[]? bias)
    {
        var z = new double[k.Batch * k.OutC * k.OutH * k.OutW];
        for (int b = 0; b < k.Batch; b++)
        {
            for (int o = 0; o < k.OutC; o++)
            {
                for (int oh = 0; oh < k.OutH; oh++)
                {
                    for (int ow = 0; ow < k.OutW; ow++)
                    {
                        double sum = bias?[o] ?? 0.0;
                        for (int c = 0; c < k.InC; c++)
                        {
                            for (int i = 0; i < k.KH; i++)
                            {
                                for (int j = 0; j < k.KW; j++)
                                {
                                    int ih = oh * k.SH - k.PH + i * k.DH, iw = ow * k.SW - k.PW + j * k.DW;
                                    if (ih >= 0 && ih < k.InH && iw >= 0 && iw < k.InW)
                                    {
                                        sum += w[WeightIndex(k, o, c, i, j)] * x[InputIndex(k, b, c, ih, iw)];
                                    }
                                }
                            }
                        }
                        z[OutputIndex(k, b, o, oh, ow)] = sum;
                    }
                }
            }
        }
        return z;
    }

    /// <summary>The activated output.</summary>
    public static double[] Forward(ConvCase k, double[] x, double[] w, double[]? bias) =>
        Activate(k.Act, PreActivation(k, x, w, bias));

    /// <summary>The gradients of <c>L = sum dout * y</c> with respect to the input, weight and bias.</summary>
    public static (double[] Dx, double[] Dw, double[] Db) Backward(ConvCase k, double[] x, double[] w, double[]? bias, double[] dout)
    {
        double[] z = PreActivation(k, x, w, bias);
        var dz = new double[z.Length];
        for (int i = 0; i < z.Length; i++)
        {
            dz[i] = dout[i] * Derivative(k.Act, z[i]);
        }
        var dx = new double[x.Length];
        var dw = new double[w.Length];
        var db = new double[k.OutC];
        for (int b = 0; b < k.Batch; b++)
        {
            for (int o = 0; o < k.OutC; o++)
            {
                for (int oh = 0; oh < k.OutH; oh++)
                {
                    for (int ow = 0; ow < k.OutW; ow++)
                    {
                        double g = dz[OutputIndex(k, b, o, oh, ow)];
                        db[o] += g;
                        for (int c = 0; c < k.InC; c++)
                        {
                            for (int i = 0; i < k.KH; i++)
                            {
                                for (int j = 0; j < k.KW; j++)
                                {
                                    int ih = oh * k.SH - k.PH + i * k.DH, iw = ow * k.SW - k.PW + j * k.DW;
                                    if (ih >= 0 && ih < k.InH && iw >= 0 && iw < k.InW)
                                    {
                                        dw[WeightIndex(k, o, c, i, j)] += g * x[InputIndex(k, b, c, ih, iw)];
                                        dx[InputIndex(k, b, c, ih, iw)] += g * w[WeightIndex(k, o, c, i, j)];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dx, dw, db);
    }

    /// <summary>The activation applied element-wise.</summary>
    public static double[] Activate(RefActivation act, double[] z)
    {
        var y = new double[z.Length];
        for (int i = 0; i < z.Length; i++)
        {
            y[i] = act == RefActivation.Relu ? Math.Max(z[i], 0.0) : z[i];
        }
        return y;
    }

    /// <summary>dy/dz at the pre-activation <paramref name="z"/>.</summary>
    public static double Derivative(RefActivation act, double z) => act == RefActivation.Relu ? (z > 0 ? 1.0 : 0.0) : 1.0;

    private static int InputIndex(ConvCase k, int b, int c, int h, int w) => ((b * k.InC + c) * k.InH + h) * k.InW + w;

    private static int OutputIndex(ConvCase k, int b, int o, int h, int w) => ((b * k.OutC + o) * k.OutH + h) * k.OutW + w;

    private static int WeightIndex(ConvCase k, int o, int c, int i, int j) => ((o * k.InC + c) * k.KH + i) * k.KW + j;
}
