using System;
using System.Numerics.Tensors;
using NetGen.Ops;

namespace NetGen.Kernels;

/// <summary>
/// Forward and backward of a fully connected layer, <c>out = act(inp W^T + bias)</c>, with the weight in
/// PyTorch's <c>(out, in)</c> layout and activations row-major <c>(batch, features)</c>.
/// </summary>
/// <remarks>
/// The three products are <see cref="Gemm"/> calls (forward <c>inp W^T</c>, weight gradient <c>dpre^T inp</c>, input
/// gradient <c>dpre W</c>); the bias is the forward GEMM's starting value and the activation, a struct the JIT
/// specialises, runs over the output in place. Backward accumulates into the gradients (<c>+=</c>), which the caller
/// zeroes once a step.
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
        int n = batch * outFeatures;
        Span<float> y = output.Slice(0, n);
        // The bias is the GEMM's starting value, then out += inp W^T, then the activation in place.
        if (bias.IsEmpty)
        {
            y.Clear();
        }
        else
        {
            for (int b = 0; b < batch; b++)
            {
                bias.Slice(0, outFeatures).CopyTo(y.Slice(b * outFeatures, outFeatures));
            }
        }
#if NET8_0_OR_GREATER
        if (batch == 1)
        {
            Gemv.Add(weight, inp, y, outFeatures, inFeatures); // one sample: no packing
        }
        else
        {
            Gemm.Nt(batch, outFeatures, inFeatures, inp, weight, y);
        }
#else
        Gemm.Nt(batch, outFeatures, inFeatures, inp, weight, y); // the portable product does not pack: no Gemv needed
#endif
        activation.Forward(y);
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
        // dweight (out, in) += dpre^T (out, batch) . inp (batch, in)
        Gemm.Tn(outFeatures, inFeatures, batch, dout, inp, dweight);
        if (!dinp.IsEmpty)
        {
            // dinp (batch, in) += dpre (batch, out) . weight (out, in)
            Gemm.Nn(batch, inFeatures, outFeatures, dout, weight, dinp);
        }
    }
}
