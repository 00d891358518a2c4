using System;
using System.Numerics.Tensors;
using NetGen.Ops;

namespace NetGen.Kernels;

/// <summary>
/// Forward and backward of a 2-D convolution, <c>out = act(conv(inp, weight) + bias)</c> (<c>torch.nn.Conv2d</c>,
/// cross-correlation, <c>groups = 1</c>), with NCHW activations and the weight in PyTorch's <c>(outC, inC, kH, kW)</c>
/// layout.
/// </summary>
/// <remarks>
/// Per sample, the input is unrolled by im2col into <c>col (inC kH kW, outH outW)</c> in the scratch buffer; then
/// <c>out = W col</c> is one GEMM (<see cref="Gemm.Nn"/>), <c>dW += dpre col^T</c> another (<see cref="Gemm.Nt"/>) and
/// <c>dcol = W^T dpre</c> a third (<see cref="Gemm.Tn"/>), folded back onto the input gradient by col2im. Backward
/// accumulates into the gradients (<c>+=</c>), which the caller zeroes once a step.
/// <para>
/// With stride 1 on a CPU with AVX-512, both passes take the direct path of <c>Conv2DDirect</c> and
/// <c>Conv2DDirectBackward</c> instead: no im2col matrix, register tiles over shifted views of the image with the
/// bias and ReLU fused, and the batch split across <see cref="Threading.WorkerPool"/> threads with results that do not
/// depend on the number of threads. It uses no more scratch than <see cref="Conv2DShape.ScratchSize"/>.
/// </para>
/// </remarks>
public static class Conv2DKernels
{
    /// <summary><c>output[b, o] = act(bias[o] + sum_{c,i,j} weight[o, c, i, j] inp[b, c, oh sH - pH + i dH, ow sW - pW + j dW])</c>.</summary>
    /// <param name="inp">The input, <c>(batch, inC, inH, inW)</c>.</param>
    /// <param name="weight">The weight, <c>(outC, inC, kH, kW)</c>.</param>
    /// <param name="bias">The bias, <c>(outC)</c>, or empty for a layer without bias.</param>
    /// <param name="output">The output, <c>(batch, outC, outH, outW)</c>.</param>
    /// <param name="scratch">At least <see cref="Conv2DShape.ScratchSize"/> floats; contents on return are unspecified.</param>
    /// <param name="shape">The layer's dimensions.</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="activation">The activation fused into the epilogue.</param>
    public static void Forward<TAct>(
        ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output,
        Span<float> scratch, in Conv2DShape shape, int batch, TAct activation)
        where TAct : struct, IActivation
    {
        CheckCommon(inp.Length, weight.Length, output.Length, scratch.Length, shape, batch);
        Optional(bias.Length, shape.OutChannels, "bias");
#if NET8_0_OR_GREATER
        if (Conv2DDirect.CanForward(shape))
        {
            Conv2DDirect.Forward(inp, weight, bias, output, scratch, shape, batch, activation);
            return;
        }
#endif
        int outC = shape.OutChannels, n = shape.OutHeight * shape.OutWidth, k = shape.PatchSize;
        bool direct = Im2Col.IsIdentity(shape);
        Span<float> col = scratch.Slice(0, k * n);
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> x = inp.Slice(b * shape.InSize, shape.InSize);
            Span<float> y = output.Slice(b * shape.OutSize, shape.OutSize);
            if (!direct)
            {
                Im2Col.Fill(x, col, shape);
            }
            if (bias.IsEmpty)
            {
                y.Clear();
            }
            else
            {
                for (int o = 0; o < outC; o++)
                {
                    y.Slice(o * n, n).Fill(bias[o]);
                }
            }
            Gemm.Nn(outC, n, k, weight, direct ? x : col, y);
            activation.Forward(y);
        }
    }

    /// <summary>
    /// Back-propagates through the layer. <paramref name="dout"/> is turned in place into the gradient of the
    /// pre-activation <c>dpre</c>; then <c>dweight += dpre col^T</c>, <c>dbias += sum over (b, oh, ow) of dpre</c>
    /// and <c>dinp += col2im(weight^T dpre)</c>.
    /// </summary>
    /// <param name="inp">The forward input, <c>(batch, inC, inH, inW)</c>.</param>
    /// <param name="weight">The weight, <c>(outC, inC, kH, kW)</c>.</param>
    /// <param name="output">The forward output (after activation), <c>(batch, outC, outH, outW)</c>.</param>
    /// <param name="dout">The gradient of the loss with respect to <paramref name="output"/>; overwritten.</param>
    /// <param name="dinp">Accumulates the input gradient, <c>(batch, inC, inH, inW)</c>; empty to skip (first layer).</param>
    /// <param name="dweight">Accumulates the weight gradient, <c>(outC, inC, kH, kW)</c>.</param>
    /// <param name="dbias">Accumulates the bias gradient, <c>(outC)</c>; empty for a layer without bias.</param>
    /// <param name="scratch">At least <see cref="Conv2DShape.ScratchSize"/> floats; contents on return are unspecified.</param>
    /// <param name="shape">The layer's dimensions.</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="activation">The activation used in the forward pass.</param>
    public static void Backward<TAct>(
        ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> output, Span<float> dout,
        Span<float> dinp, Span<float> dweight, Span<float> dbias, Span<float> scratch, in Conv2DShape shape, int batch,
        TAct activation)
        where TAct : struct, IActivation
    {
        CheckCommon(inp.Length, weight.Length, output.Length, scratch.Length, shape, batch);
        Optional(dbias.Length, shape.OutChannels, "dbias");
        CheckBackward(dout.Length, dinp.Length, dweight.Length, shape, batch);
        int outC = shape.OutChannels, n = shape.OutHeight * shape.OutWidth, k = shape.PatchSize;
        int total = batch * shape.OutSize;
#if NET8_0_OR_GREATER
        if (Conv2DDirectBackward.CanBackward(shape))
        {
            Conv2DDirectBackward.Backward(inp, weight, output, dout, dinp, dweight, dbias, scratch, shape, batch, activation);
            return;
        }
#endif
        activation.MultiplyByDerivative(output.Slice(0, total), dout.Slice(0, total));

        bool direct = Im2Col.IsIdentity(shape);
        Span<float> col = scratch.Slice(0, k * n);
        Span<float> dcol = scratch.Slice(k * n, k * n);
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> x = inp.Slice(b * shape.InSize, shape.InSize);
            ReadOnlySpan<float> dy = dout.Slice(b * shape.OutSize, shape.OutSize);
            if (!dbias.IsEmpty)
            {
                for (int o = 0; o < outC; o++)
                {
                    dbias[o] += TensorPrimitives.Sum(dy.Slice(o * n, n));
                }
            }
            if (!direct)
            {
                Im2Col.Fill(x, col, shape);
            }
            Gemm.Nt(outC, k, n, dy, direct ? x : col, dweight);
            if (dinp.IsEmpty)
            {
                continue;
            }
            Span<float> dx = dinp.Slice(b * shape.InSize, shape.InSize);
            if (direct)
            {
                Gemm.Tn(k, n, outC, weight, dy, dx);
            }
            else
            {
                dcol.Clear();
                Gemm.Tn(k, n, outC, weight, dy, dcol);
                Im2Col.AddBack(dcol, dx, shape);
            }
        }
    }

    private static void CheckCommon(int inp, int weight, int output, int scratch, in Conv2DShape s, int batch)
    {
        if (batch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch size must not be negative.");
        }
        if (scratch < s.ScratchSize)
        {
            throw new ArgumentException(
                $"Conv2D scratch has {scratch} floats but needs Conv2DShape.ScratchSize = 2 * inC * kH * kW * outH * outW = {s.ScratchSize}.",
                nameof(scratch));
        }
        Require(inp, (long)batch * s.InSize, "inp");
        Require(weight, s.WeightSize, "weight");
        Require(output, (long)batch * s.OutSize, "output");
    }

    private static void CheckBackward(int dout, int dinp, int dweight, in Conv2DShape s, int batch)
    {
        Require(dout, (long)batch * s.OutSize, "dout");
        Require(dweight, s.WeightSize, "dweight");
        Optional(dinp, (long)batch * s.InSize, "dinp");
    }

    // An empty span means "none" (no bias, no input gradient); a non-empty one must be long enough.
    private static void Optional(int length, long needed, string name)
    {
        if (length != 0)
        {
            Require(length, needed, name);
        }
    }

    private static void Require(int length, long needed, string name)
    {
        if (length < needed)
        {
            throw new ArgumentException($"Conv2D {name} has {length} floats but needs {needed}.", name);
        }
    }
}
