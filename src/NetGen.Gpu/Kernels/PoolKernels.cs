using ILGPU;
using NetGen.Kernels;

namespace NetGen.Gpu.Kernels;

/// <summary>
/// Pooling, one thread per output (forward) or per input element (backward, which gathers from the windows that
/// cover the element instead of scattering, so no atomics are needed and the sums run in the CPU path's order).
/// Windows are clipped to the input; average pooling divides by the full window (PyTorch's
/// <c>count_include_pad=True</c>), like the CPU kernels.
/// </summary>
public static class PoolKernels
{
    /// <summary>Max pooling: the window's maximum (NaN wins, as in PyTorch) and its index within the sample.</summary>
    public static void MaxForward(Index1D i, ArrayView<float> inp, ArrayView<float> output, ArrayView<int> argmax, Pool2DShape shape)
    {
        int outPlane = shape.OutHeight * shape.OutWidth;
        int b = i / shape.OutSize;
        int rest = i - b * shape.OutSize;
        int c = rest / outPlane;
        int p = rest - c * outPlane;
        int oh = p / shape.OutWidth, ow = p - oh * shape.OutWidth;
        int h = shape.InHeight, w = shape.InWidth;
        int hs = Start(oh, shape.StrideHeight, shape.PadHeight), he = End(oh, shape.StrideHeight, shape.PadHeight, shape.KernelHeight, h);
        int ws = Start(ow, shape.StrideWidth, shape.PadWidth), we = End(ow, shape.StrideWidth, shape.PadWidth, shape.KernelWidth, w);
        int sample = b * shape.InSize;
        int best = c * h * w + hs * w + ws;
        float max = inp[sample + best];
        for (int ih = hs; ih < he; ih++)
        {
            for (int iw = ws; iw < we; iw++)
            {
                int index = c * h * w + ih * w + iw;
                float v = inp[sample + index];
                if (v > max || float.IsNaN(v))
                {
                    max = v;
                    best = index;
                }
            }
        }
        output[i] = max;
        argmax[i] = best;
    }

    /// <summary>Max pooling backward: <c>dinp[x] += dout[o]</c> for every window <c>o</c> whose maximum was <c>x</c>.</summary>
    public static void MaxBackward(Index1D i, ArrayView<float> dout, ArrayView<float> dinp, ArrayView<int> argmax, Pool2DShape shape)
    {
        int plane = shape.InHeight * shape.InWidth;
        int b = i / shape.InSize;
        int index = i - b * shape.InSize;
        int c = index / plane;
        int q = index - c * plane;
        int ih = q / shape.InWidth, iw = q - ih * shape.InWidth;
        int outBase = b * shape.OutSize + c * shape.OutHeight * shape.OutWidth;
        float sum = 0f;
        int ohEnd = Last(ih, shape.StrideHeight, shape.PadHeight, shape.OutHeight);
        int owEnd = Last(iw, shape.StrideWidth, shape.PadWidth, shape.OutWidth);
        for (int oh = First(ih, shape.StrideHeight, shape.PadHeight, shape.KernelHeight); oh <= ohEnd; oh++)
        {
            for (int ow = First(iw, shape.StrideWidth, shape.PadWidth, shape.KernelWidth); ow <= owEnd; ow++)
            {
                int o = outBase + oh * shape.OutWidth + ow;
                if (argmax[o] == index)
                {
                    sum += dout[o];
                }
            }
        }
        dinp[i] += sum;
    }

    /// <summary>Average pooling: the window's sum over the full window size.</summary>
    public static void AvgForward(Index1D i, ArrayView<float> inp, ArrayView<float> output, Pool2DShape shape)
    {
        int outPlane = shape.OutHeight * shape.OutWidth;
        int plane = i / outPlane;
        int p = i - plane * outPlane;
        int oh = p / shape.OutWidth, ow = p - oh * shape.OutWidth;
        int h = shape.InHeight, w = shape.InWidth;
        int hs = Start(oh, shape.StrideHeight, shape.PadHeight), he = End(oh, shape.StrideHeight, shape.PadHeight, shape.KernelHeight, h);
        int ws = Start(ow, shape.StrideWidth, shape.PadWidth), we = End(ow, shape.StrideWidth, shape.PadWidth, shape.KernelWidth, w);
        int x0 = plane * h * w;
        float sum = 0f;
        for (int ih = hs; ih < he; ih++)
        {
            for (int iw = ws; iw < we; iw++)
            {
                sum += inp[x0 + ih * w + iw];
            }
        }
        output[i] = sum * (1f / (shape.KernelHeight * shape.KernelWidth));
    }

    /// <summary>Average pooling backward: each element gathers <c>dout / window</c> from every window covering it.</summary>
    public static void AvgBackward(Index1D i, ArrayView<float> dout, ArrayView<float> dinp, Pool2DShape shape)
    {
        int inPlane = shape.InHeight * shape.InWidth;
        int plane = i / inPlane;
        int q = i - plane * inPlane;
        int ih = q / shape.InWidth, iw = q - ih * shape.InWidth;
        int outBase = plane * shape.OutHeight * shape.OutWidth;
        float scale = 1f / (shape.KernelHeight * shape.KernelWidth);
        float sum = dinp[i];
        int ohEnd = Last(ih, shape.StrideHeight, shape.PadHeight, shape.OutHeight);
        int owEnd = Last(iw, shape.StrideWidth, shape.PadWidth, shape.OutWidth);
        for (int oh = First(ih, shape.StrideHeight, shape.PadHeight, shape.KernelHeight); oh <= ohEnd; oh++)
        {
            for (int ow = First(iw, shape.StrideWidth, shape.PadWidth, shape.KernelWidth); ow <= owEnd; ow++)
            {
                sum += dout[outBase + oh * shape.OutWidth + ow] * scale;
            }
        }
        dinp[i] = sum;
    }

    /// <summary>Global average pooling: one output per (sample, channel) plane.</summary>
    public static void GlobalAvgForward(Index1D p, ArrayView<float> inp, ArrayView<float> output, int spatial)
    {
        float sum = 0f;
        for (int s = 0; s < spatial; s++)
        {
            sum += inp[p * spatial + s];
        }
        output[p] = sum * (1f / spatial);
    }

    /// <summary>Global average pooling backward: <c>dinp += dout / spatial</c> over the plane.</summary>
    public static void GlobalAvgBackward(Index1D i, ArrayView<float> dout, ArrayView<float> dinp, int spatial)
    {
        dinp[i] += dout[i / spatial] * (1f / spatial);
    }

    // The window of output o starts at o * stride - pad, clipped to the input.
    private static int Start(int o, int stride, int pad)
    {
        int start = o * stride - pad;
        return start > 0 ? start : 0;
    }

    private static int End(int o, int stride, int pad, int kernel, int size)
    {
        int end = o * stride - pad + kernel;
        return end < size ? end : size;
    }

    // The first output whose window reaches input x: o * stride - pad + kernel > x.
    private static int First(int x, int stride, int pad, int kernel)
    {
        int n = x + pad - kernel + 1;
        return n <= 0 ? 0 : (n + stride - 1) / stride;
    }

    // The last output whose window starts at or before input x: o * stride - pad <= x.
    private static int Last(int x, int stride, int pad, int outSize)
    {
        int o = (x + pad) / stride;
        return o < outSize - 1 ? o : outSize - 1;
    }
}
