using System;
using System.Numerics.Tensors;
using NetGen.Random;

namespace NetGen.Kernels;

/// <summary>
/// Inverted dropout (Srivastava et al. 2014; <c>torch.nn.Dropout</c>): in training each element is kept with
/// probability <c>1 - p</c> and scaled by <c>1 / (1 - p)</c>, so inference is the identity.
/// </summary>
/// <remarks>
/// Element <c>i</c> (its position in the span) of training call <c>step</c> is kept when
/// <c>CounterRng.Uniform(seed, step, i) &gt;= p</c>: the mask is a pure function of <c>(seed, step, i)</c>, so a run is
/// reproducible and needs no generator state. The mask holds <c>0</c> or <c>1 / (1 - p)</c>; with <c>p = 1</c> every
/// element is dropped and the mask is all zeros.
/// </remarks>
public static class DropoutKernels
{
    /// <summary><c>mask[i] = keep ? 1 / (1 - p) : 0</c> and <c>output[i] = inp[i] * mask[i]</c>.</summary>
    /// <param name="inp">The input, any shape.</param>
    /// <param name="output">The output, same length as <paramref name="inp"/>.</param>
    /// <param name="mask">Receives the mask, same length; kept for <see cref="Backward"/>.</param>
    /// <param name="probability">The probability <c>p</c> of dropping an element, in [0, 1].</param>
    /// <param name="seed">The run's dropout seed.</param>
    /// <param name="step">The call number (for example the training step times the number of dropout layers plus the layer's index).</param>
    public static void TrainingForward(ReadOnlySpan<float> inp, Span<float> output, Span<float> mask, float probability, long seed, long step)
    {
        if (!(probability >= 0f && probability <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The dropout probability must be in [0, 1].");
        }
        if (output.Length < inp.Length || mask.Length < inp.Length)
        {
            throw new ArgumentException(
                $"Dropout output ({output.Length}) and mask ({mask.Length}) must hold the input's {inp.Length} floats.", nameof(output));
        }
        float scale = probability < 1f ? 1f / (1f - probability) : 0f;
        ulong key = CounterRng.Key(seed, step);
        for (int i = 0; i < inp.Length; i++)
        {
            mask[i] = CounterRng.KeyedUniform(key, i) >= probability ? scale : 0f;
        }
        TensorPrimitives.Multiply(inp, mask.Slice(0, inp.Length), output.Slice(0, inp.Length));
    }

    /// <summary><c>dinp[i] += dout[i] * mask[i]</c>.</summary>
    /// <param name="dout">The gradient of the output.</param>
    /// <param name="dinp">Accumulates the input gradient, same length.</param>
    /// <param name="mask">The mask saved by <see cref="TrainingForward"/>, same length.</param>
    public static void Backward(ReadOnlySpan<float> dout, Span<float> dinp, ReadOnlySpan<float> mask)
    {
        if (dinp.Length < dout.Length || mask.Length < dout.Length)
        {
            throw new ArgumentException(
                $"Dropout dinp ({dinp.Length}) and mask ({mask.Length}) must hold the gradient's {dout.Length} floats.", nameof(dinp));
        }
        Span<float> dx = dinp.Slice(0, dout.Length);
        TensorPrimitives.MultiplyAdd(dout, mask.Slice(0, dout.Length), dx, dx);
    }
}
