using System;
using System.Numerics.Tensors;
using NetGen.Ops;

namespace NetGen.Kernels;

/// <summary>
/// Forward and backward of a fully connected layer, <c>out = act(inp W^T + bias)</c>, with the weight in
/// PyTorch's <c>(out, in)</c> layout and activations row-major <c>(batch, features)</c>.
/// </summary>
/// <remarks>
/// The generic activation parameter lets the JIT specialise and fuse the epilogue per call site. The inner
/// loops are <see cref="TensorPrimitives"/> dot products and fused multiply-adds, vectorised with the widest
/// SIMD the CPU has. Backward accumulates into the gradients (<c>+=</c>), which the caller zeroes once a step.
/// </remarks>
public static class DenseKernels
{
    /// <summary>
    /// <c>output[b, o] = act(sum_i inp[b, i] weight[o, i] + bias[o])</c>.
    /// </summary>
    /// <param name="inp">The input, <c>(batch, inFeatures)</c>.</param>
    /// <param name="weight">The weight, <c>(outFeatures, inFeatures)</c>.</param>
    /// <param name="bias">The bias, <c>(outFeatures)</c>, or empty for a layer without bias.</param>
    /// <param name="output">The output, <c>(batch, outFeatures)</c>.</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="inFeatures">Input features per sample.</param>
    /// <param name="outFeatures">Output features per sample.</param>
    /// <param name="activation">The activation fused into the epilogue.</param>
    public static void Forward<TAct>(
        ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output,
        int batch, int inFeatures, int outFeatures, TAct activation)
        where TAct : struct, IActivation
    {
        bool hasBias = !bias.IsEmpty;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> x = inp.Slice(b * inFeatures, inFeatures);
            Span<float> y = output.Slice(b * outFeatures, outFeatures);
            for (int o = 0; o < outFeatures; o++)
            {
                y[o] = TensorPrimitives.Dot(x, weight.Slice(o * inFeatures, inFeatures));
            }
            if (hasBias)
            {
                TensorPrimitives.Add(y, bias, y);
            }
            activation.Forward(y);
        }
    }

    /// <summary>
    /// Back-propagates through the layer. <paramref name="dout"/> is turned in place into the gradient of the
    /// pre-activation; then <c>dweight += dpre^T inp</c>, <c>dbias += sum_b dpre</c> and <c>dinp += dpre weight</c>.
    /// </summary>
    /// <param name="inp">The forward input, <c>(batch, inFeatures)</c>.</param>
    /// <param name="weight">The weight, <c>(outFeatures, inFeatures)</c>.</param>
    /// <param name="output">The forward output (after activation), <c>(batch, outFeatures)</c>.</param>
    /// <param name="dout">The gradient of the loss with respect to <paramref name="output"/>; overwritten.</param>
    /// <param name="dinp">Accumulates the input gradient, <c>(batch, inFeatures)</c>; empty to skip (first layer).</param>
    /// <param name="dweight">Accumulates the weight gradient, <c>(outFeatures, inFeatures)</c>.</param>
    /// <param name="dbias">Accumulates the bias gradient, <c>(outFeatures)</c>; empty for a layer without bias.</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="inFeatures">Input features per sample.</param>
    /// <param name="outFeatures">Output features per sample.</param>
    /// <param name="activation">The activation used in the forward pass.</param>
    public static void Backward<TAct>(
        ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> output, Span<float> dout,
        Span<float> dinp, Span<float> dweight, Span<float> dbias,
        int batch, int inFeatures, int outFeatures, TAct activation)
        where TAct : struct, IActivation
    {
        int n = batch * outFeatures;
        activation.MultiplyByDerivative(output.Slice(0, n), dout.Slice(0, n));

        if (!dbias.IsEmpty)
        {
            for (int b = 0; b < batch; b++)
            {
                TensorPrimitives.Add(dbias, dout.Slice(b * outFeatures, outFeatures), dbias);
            }
        }

        for (int o = 0; o < outFeatures; o++)
        {
            Span<float> dw = dweight.Slice(o * inFeatures, inFeatures);
            for (int b = 0; b < batch; b++)
            {
                float g = dout[b * outFeatures + o];
                if (g != 0f)
                {
                    TensorPrimitives.MultiplyAdd(inp.Slice(b * inFeatures, inFeatures), g, dw, dw);
                }
            }
        }

        if (!dinp.IsEmpty)
        {
            for (int b = 0; b < batch; b++)
            {
                Span<float> dx = dinp.Slice(b * inFeatures, inFeatures);
                for (int o = 0; o < outFeatures; o++)
                {
                    float g = dout[b * outFeatures + o];
                    if (g != 0f)
                    {
                        TensorPrimitives.MultiplyAdd(weight.Slice(o * inFeatures, inFeatures), g, dx, dx);
                    }
                }
            }
        }
    }
}
