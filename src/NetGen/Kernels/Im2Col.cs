using System;
using System.Numerics.Tensors;

namespace NetGen.Kernels;

/// <summary>
/// The im2col transform (Chellapilla et al. 2006, as in Caffe): one sample's receptive fields unrolled into a
/// <c>(inC kH kW, outH outW)</c> matrix whose row <c>(c, i, j)</c> holds input pixel
/// <c>(c, oh sH - pH + i dH, ow sW - pW + j dW)</c> at column <c>(oh, ow)</c>, or 0 in the padding. A convolution
/// is then one GEMM with the <c>(outC, inC kH kW)</c> weight; <see cref="AddBack"/> is its adjoint.
/// </summary>
internal static class Im2Col
{
    /// <summary>Whether the matrix is the input itself (1 x 1 kernel, stride 1, no padding), so no copy is needed.</summary>
    public static bool IsIdentity(in Conv2DShape s) =>
        s.KernelHeight == 1 && s.KernelWidth == 1 && s.StrideHeight == 1 && s.StrideWidth == 1 && s.PadHeight == 0 && s.PadWidth == 0;

    /// <summary>Fills <paramref name="col"/>, <c>(inC kH kW, outH outW)</c>, from one input sample <c>(inC, H, W)</c>.</summary>
    public static void Fill(ReadOnlySpan<float> inp, Span<float> col, in Conv2DShape s)
    {
        int h = s.InHeight, w = s.InWidth, sh = s.StrideHeight, sw = s.StrideWidth;
        int outH = s.OutHeight, outW = s.OutWidth, n = outH * outW;
        int row = 0;
        for (int c = 0; c < s.InChannels; c++)
        {
            ReadOnlySpan<float> plane = inp.Slice(c * h * w, h * w);
            for (int ki = 0; ki < s.KernelHeight; ki++)
            {
                int ih0 = ki * s.DilationHeight - s.PadHeight;
                (int ohStart, int ohEnd) = ValidRange(ih0, h, sh, outH);
                for (int kj = 0; kj < s.KernelWidth; kj++, row++)
                {
                    Span<float> dst = col.Slice(row * n, n);
                    int iw0 = kj * s.DilationWidth - s.PadWidth;
                    (int owStart, int owEnd) = ValidRange(iw0, w, sw, outW);
                    if (ohStart >= ohEnd || owStart >= owEnd)
                    {
                        dst.Clear();
                        continue;
                    }
                    // Output rows whose input row is padding form contiguous runs at both ends.
                    dst.Slice(0, ohStart * outW).Clear();
                    dst.Slice(ohEnd * outW).Clear();
                    int count = owEnd - owStart;
                    for (int oh = ohStart; oh < ohEnd; oh++)
                    {
                        Span<float> d = dst.Slice(oh * outW, outW);
                        ReadOnlySpan<float> src = plane.Slice((ih0 + oh * sh) * w, w);
                        for (int ow = 0; ow < owStart; ow++)
                        {
                            d[ow] = 0f;
                        }
                        for (int ow = owEnd; ow < outW; ow++)
                        {
                            d[ow] = 0f;
                        }
                        if (sw == 1)
                        {
                            src.Slice(iw0 + owStart, count).CopyTo(d.Slice(owStart, count));
                        }
                        else
                        {
                            for (int ow = owStart; ow < owEnd; ow++)
                            {
                                d[ow] = src[iw0 + ow * sw];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="Fill"/>: adds each entry of <paramref name="col"/> to the input pixel it was read from.</summary>
    public static void AddBack(ReadOnlySpan<float> col, Span<float> dinp, in Conv2DShape s)
    {
        int h = s.InHeight, w = s.InWidth, sh = s.StrideHeight, sw = s.StrideWidth;
        int outH = s.OutHeight, outW = s.OutWidth, n = outH * outW;
        int row = 0;
        for (int c = 0; c < s.InChannels; c++)
        {
            Span<float> plane = dinp.Slice(c * h * w, h * w);
            for (int ki = 0; ki < s.KernelHeight; ki++)
            {
                int ih0 = ki * s.DilationHeight - s.PadHeight;
                (int ohStart, int ohEnd) = ValidRange(ih0, h, sh, outH);
                for (int kj = 0; kj < s.KernelWidth; kj++, row++)
                {
                    ReadOnlySpan<float> srcRow = col.Slice(row * n, n);
                    int iw0 = kj * s.DilationWidth - s.PadWidth;
                    (int owStart, int owEnd) = ValidRange(iw0, w, sw, outW);
                    int count = owEnd - owStart;
                    for (int oh = ohStart; oh < ohEnd && count > 0; oh++)
                    {
                        ReadOnlySpan<float> g = srcRow.Slice(oh * outW + owStart, count);
                        Span<float> dst = plane.Slice((ih0 + oh * sh) * w, w);
                        if (sw == 1)
                        {
                            Span<float> d = dst.Slice(iw0 + owStart, count);
                            TensorPrimitives.Add(d, g, d);
                        }
                        else
                        {
                            for (int i = 0; i < count; i++)
                            {
                                dst[iw0 + (owStart + i) * sw] += g[i];
                            }
                        }
                    }
                }
            }
        }
    }

    // The outputs [start, end) whose input position i0 + o * stride lies in [0, size), of `outputs` in all.
    private static (int Start, int End) ValidRange(int i0, int size, int stride, int outputs)
    {
        int start = i0 >= 0 ? 0 : (-i0 + stride - 1) / stride;
        int end = i0 >= size ? 0 : Math.Min(outputs, (size - 1 - i0) / stride + 1);
        return (Math.Min(start, outputs), Math.Max(end, 0));
    }
}
