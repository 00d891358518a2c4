using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.Kernels;

/// <summary>
/// Max, average and global-average pooling over each channel of NCHW activations (<c>torch.nn.MaxPool2d</c>,
/// <c>AvgPool2d</c>, <c>AdaptiveAvgPool2d(1)</c>). Backward passes accumulate into <c>dinp</c> (<c>+=</c>).
/// </summary>
/// <remarks>
/// Max pooling pads with -infinity, so padding is never the maximum; it propagates NaN (a NaN in the window is the
/// maximum, the last one if several, as in PyTorch's CPU kernel) and breaks ties by the first element in row-major
/// window order. Average pooling counts
/// the zero padding in the divisor (<c>count_include_pad = True</c>, PyTorch's default), so every window divides by
/// <c>kH kW</c>.
/// <para>
/// Max pooling with 2 x 2 windows, stride 2 and no padding takes the vectorised path of <c>MaxPool2x2</c>
/// (same results, indices and gradients); max pooling splits the batch across <see cref="Threading.WorkerPool"/>
/// threads.
/// </para>
/// </remarks>
public static class Pool2DKernels
{
    /// <summary>
    /// <c>output[b, c, oh, ow] = max</c> over the window, and <c>argmax</c> = the index of that maximum within its
    /// sample's input, <c>c * inH * inW + ih * inW + iw</c> (the sample's offset <c>b * InSize</c> is not included).
    /// </summary>
    /// <param name="inp">The input, <c>(batch, C, inH, inW)</c>.</param>
    /// <param name="output">The output, <c>(batch, C, outH, outW)</c>.</param>
    /// <param name="argmax">Receives the per-sample input index of each output's maximum, <c>(batch, C, outH, outW)</c>.</param>
    /// <param name="shape">The layer's dimensions.</param>
    /// <param name="batch">The number of samples.</param>
    public static void MaxForward(ReadOnlySpan<float> inp, Span<float> output, Span<int> argmax, in Pool2DShape shape, int batch)
    {
        Check(inp.Length, output.Length, shape, batch);
        Require(argmax.Length, (long)batch * shape.OutSize, "argmax");
        Pool2DParallel.MaxForward(inp, output, argmax, shape, batch);
    }

    /// <summary>The forward pass of samples <c>[b0, b1)</c>: the 2 x 2 fast path, or the general scan.</summary>
    internal static void MaxForwardSamples(ReadOnlySpan<float> inp, Span<float> output, Span<int> argmax, in Pool2DShape shape, int b0, int b1)
    {
#if NET8_0_OR_GREATER
        if (MaxPool2x2.Applies(shape))
        {
            MaxPool2x2.Forward(inp, output, argmax, shape, b0, b1);
            return;
        }
#endif
        int h = shape.InHeight, w = shape.InWidth, plane = h * w, channels = shape.Channels;
        int outH = shape.OutHeight, outW = shape.OutWidth, kh = shape.KernelHeight, kw = shape.KernelWidth;
        int sh = shape.StrideHeight, sw = shape.StrideWidth, ph = shape.PadHeight, pw = shape.PadWidth;
        int o = b0 * shape.OutSize;
        for (int b = b0; b < b1; b++)
        {
            // One bounds check per sample; the windows below are clipped to the input by construction.
            ref float x = ref MemoryMarshal.GetReference(inp.Slice(b * shape.InSize, shape.InSize));
            for (int c = 0; c < channels; c++)
            {
                int cBase = c * plane;
                for (int oh = 0; oh < outH; oh++)
                {
                    (int hs, int he) = Window(oh, sh, ph, kh, h);
                    for (int ow = 0; ow < outW; ow++, o++)
                    {
                        (int ws, int we) = Window(ow, sw, pw, kw, w);
                        int best = cBase + hs * w + ws;
                        float max = Unsafe.Add(ref x, best);
                        for (int ih = hs; ih < he; ih++)
                        {
                            int rowBase = cBase + ih * w;
                            for (int iw = ws; iw < we; iw++)
                            {
                                // Take v when v > max or v is NaN (PyTorch's rule), selected with masks rather than a
                                // branch: on real activations that branch is a coin flip and mispredicts half the time.
                                float v = Unsafe.Add(ref x, rowBase + iw);
                                int take = -((v > max ? 1 : 0) | (float.IsNaN(v) ? 1 : 0));
                                max = BitConverter.Int32BitsToSingle((BitConverter.SingleToInt32Bits(v) & take) | (BitConverter.SingleToInt32Bits(max) & ~take));
                                best = ((rowBase + iw) & take) | (best & ~take);
                            }
                        }
                        output[o] = max;
                        argmax[o] = best;
                    }
                }
            }
        }
    }

    /// <summary><c>dinp[b, argmax[b, c, oh, ow]] += dout[b, c, oh, ow]</c>: each output's gradient goes to its maximum.</summary>
    /// <param name="dout">The gradient of the output, <c>(batch, C, outH, outW)</c>.</param>
    /// <param name="dinp">Accumulates the input gradient, <c>(batch, C, inH, inW)</c>.</param>
    /// <param name="argmax">The indices saved by <see cref="MaxForward"/>.</param>
    /// <param name="shape">The layer's dimensions.</param>
    /// <param name="batch">The number of samples.</param>
    public static void MaxBackward(ReadOnlySpan<float> dout, Span<float> dinp, ReadOnlySpan<int> argmax, in Pool2DShape shape, int batch)
    {
        Check(dinp.Length, dout.Length, shape, batch);
        Require(argmax.Length, (long)batch * shape.OutSize, "argmax");
        Pool2DParallel.MaxBackward(dout, dinp, argmax, shape, batch);
    }

    /// <summary>The backward pass of samples <c>[b0, b1)</c>: the 2 x 2 fast path, or the general scatter.</summary>
    internal static void MaxBackwardSamples(ReadOnlySpan<float> dout, Span<float> dinp, ReadOnlySpan<int> argmax, in Pool2DShape shape, int b0, int b1)
    {
#if NET8_0_OR_GREATER
        if (MaxPool2x2.Applies(shape))
        {
            MaxPool2x2.Backward(dout, dinp, argmax, shape, b0, b1);
            return;
        }
#endif
        for (int b = b0; b < b1; b++)
        {
            Span<float> dx = dinp.Slice(b * shape.InSize, shape.InSize);
            int o0 = b * shape.OutSize;
            for (int o = o0; o < o0 + shape.OutSize; o++)
            {
                dx[argmax[o]] += dout[o];
            }
        }
    }

    /// <summary><c>output[b, c, oh, ow] = (sum of the window, padding counted as 0) / (kH kW)</c>.</summary>
    /// <param name="inp">The input, <c>(batch, C, inH, inW)</c>.</param>
    /// <param name="output">The output, <c>(batch, C, outH, outW)</c>.</param>
    /// <param name="shape">The layer's dimensions.</param>
    /// <param name="batch">The number of samples.</param>
    public static void AvgForward(ReadOnlySpan<float> inp, Span<float> output, in Pool2DShape shape, int batch)
    {
        Check(inp.Length, output.Length, shape, batch);
        int h = shape.InHeight, w = shape.InWidth, planes = batch * shape.Channels;
        float scale = 1f / (shape.KernelHeight * shape.KernelWidth);
        int o = 0;
        for (int p = 0; p < planes; p++)
        {
            ReadOnlySpan<float> x = inp.Slice(p * h * w, h * w);
            for (int oh = 0; oh < shape.OutHeight; oh++)
            {
                (int hs, int he) = Window(oh, shape.StrideHeight, shape.PadHeight, shape.KernelHeight, h);
                for (int ow = 0; ow < shape.OutWidth; ow++, o++)
                {
                    (int ws, int we) = Window(ow, shape.StrideWidth, shape.PadWidth, shape.KernelWidth, w);
                    float sum = 0f;
                    for (int ih = hs; ih < he; ih++)
                    {
                        // Windows are a few elements wide: a plain loop beats a vectorised call here.
                        ReadOnlySpan<float> row = x.Slice(ih * w + ws, we - ws);
                        for (int i = 0; i < row.Length; i++)
                        {
                            sum += row[i];
                        }
                    }
                    output[o] = sum * scale;
                }
            }
        }
    }

    /// <summary>Adds <c>dout / (kH kW)</c> to every input element of each output's window (padding receives nothing).</summary>
    /// <param name="dout">The gradient of the output, <c>(batch, C, outH, outW)</c>.</param>
    /// <param name="dinp">Accumulates the input gradient, <c>(batch, C, inH, inW)</c>.</param>
    /// <param name="shape">The layer's dimensions.</param>
    /// <param name="batch">The number of samples.</param>
    public static void AvgBackward(ReadOnlySpan<float> dout, Span<float> dinp, in Pool2DShape shape, int batch)
    {
        Check(dinp.Length, dout.Length, shape, batch);
        int h = shape.InHeight, w = shape.InWidth, planes = batch * shape.Channels;
        float scale = 1f / (shape.KernelHeight * shape.KernelWidth);
        int o = 0;
        for (int p = 0; p < planes; p++)
        {
            Span<float> dx = dinp.Slice(p * h * w, h * w);
            for (int oh = 0; oh < shape.OutHeight; oh++)
            {
                (int hs, int he) = Window(oh, shape.StrideHeight, shape.PadHeight, shape.KernelHeight, h);
                for (int ow = 0; ow < shape.OutWidth; ow++, o++)
                {
                    (int ws, int we) = Window(ow, shape.StrideWidth, shape.PadWidth, shape.KernelWidth, w);
                    float g = dout[o] * scale;
                    for (int ih = hs; ih < he; ih++)
                    {
                        Span<float> row = dx.Slice(ih * w + ws, we - ws);
                        for (int i = 0; i < row.Length; i++)
                        {
                            row[i] += g;
                        }
                    }
                }
            }
        }
    }

    /// <summary><c>output[b, c] = mean over s of inp[b, c, s]</c>: global average pooling, <c>(batch, C, spatial) -&gt; (batch, C)</c>.</summary>
    /// <param name="inp">The input, <c>(batch, channels, spatial)</c>.</param>
    /// <param name="output">The output, <c>(batch, channels)</c>.</param>
    /// <param name="channels">Channels.</param>
    /// <param name="spatial">Elements per channel, <c>H * W</c>.</param>
    /// <param name="batch">The number of samples.</param>
    public static void GlobalAvgForward(ReadOnlySpan<float> inp, Span<float> output, int channels, int spatial, int batch)
    {
        CheckGlobal(inp.Length, output.Length, channels, spatial, batch);
        int planes = batch * channels;
        float scale = 1f / spatial;
        for (int p = 0; p < planes; p++)
        {
            output[p] = TensorPrimitives.Sum(inp.Slice(p * spatial, spatial)) * scale;
        }
    }

    /// <summary><c>dinp[b, c, s] += dout[b, c] / spatial</c>.</summary>
    /// <param name="dout">The gradient of the output, <c>(batch, channels)</c>.</param>
    /// <param name="dinp">Accumulates the input gradient, <c>(batch, channels, spatial)</c>.</param>
    /// <param name="channels">Channels.</param>
    /// <param name="spatial">Elements per channel, <c>H * W</c>.</param>
    /// <param name="batch">The number of samples.</param>
    public static void GlobalAvgBackward(ReadOnlySpan<float> dout, Span<float> dinp, int channels, int spatial, int batch)
    {
        CheckGlobal(dinp.Length, dout.Length, channels, spatial, batch);
        int planes = batch * channels;
        float scale = 1f / spatial;
        for (int p = 0; p < planes; p++)
        {
            Span<float> dx = dinp.Slice(p * spatial, spatial);
            TensorPrimitives.Add(dx, dout[p] * scale, dx);
        }
    }

    // The input rows [start, end) under window `o`: the padded window clipped to the input.
    private static (int Start, int End) Window(int o, int stride, int pad, int kernel, int size)
    {
        int start = o * stride - pad;
        return (Math.Max(start, 0), Math.Min(start + kernel, size));
    }

    private static void Check(int inp, int output, in Pool2DShape s, int batch)
    {
        if (batch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch size must not be negative.");
        }
        Require(inp, (long)batch * s.InSize, "input");
        Require(output, (long)batch * s.OutSize, "output");
    }

    private static void CheckGlobal(int inp, int output, int channels, int spatial, int batch)
    {
        if (channels < 1 || spatial < 1 || batch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(spatial),
                $"Global pooling needs channels >= 1, spatial >= 1 and batch >= 0 (got {channels}, {spatial}, {batch}).");
        }
        Require(inp, (long)batch * channels * spatial, "input");
        Require(output, (long)batch * channels, "output");
    }

    private static void Require(int length, long needed, string name)
    {
        if (length < needed)
        {
            throw new ArgumentException($"Pooling {name} has {length} elements but needs {needed}.", name);
        }
    }
}
