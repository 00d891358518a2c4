using System;
using System.Numerics.Tensors;
using NetGen.Ops;

namespace NetGen.Kernels;

/// <summary>
/// The joins of graph networks: element-wise sum (residual), product (gate) and concatenation along each sample's
/// first dimension, with their backward passes. Every backward call accumulates (<c>+=</c>) into gradients that the
/// network zeroes once per step, so that a layer read by several others receives the sum of their gradients.
/// Naive references beside them are in the tests (<c>MergeKernelTests</c>).
/// </summary>
public static class MergeKernels
{
    /// <summary><c>output = activation(a + b)</c>, element-wise.</summary>
    public static void Add<TAct>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, TAct activation)
        where TAct : struct, IActivation
    {
        TensorPrimitives.Add(a, b, output);
        activation.Forward(output);
    }

    /// <summary><c>output = activation(a * b)</c>, element-wise.</summary>
    public static void Multiply<TAct>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output, TAct activation)
        where TAct : struct, IActivation
    {
        TensorPrimitives.Multiply(a, b, output);
        activation.Forward(output);
    }

    /// <summary><c>into += values</c>: a third or later input of a sum, or the gradient a sum passes to each input.</summary>
    public static void Accumulate(ReadOnlySpan<float> values, Span<float> into) => TensorPrimitives.Add(into, values, into);

    /// <summary><c>values = activation(values)</c>, the activation after a sum of more than two inputs.</summary>
    public static void Activate<TAct>(Span<float> values, TAct activation)
        where TAct : struct, IActivation => activation.Forward(values);

    /// <summary>
    /// Turns the gradient of a join's output into that of its pre-activation, in place:
    /// <c>dout[i] *= activation'(output[i])</c>.
    /// </summary>
    public static void ActivationBackward<TAct>(ReadOnlySpan<float> output, Span<float> dout, TAct activation)
        where TAct : struct, IActivation => activation.MultiplyByDerivative(output, dout);

    /// <summary><c>dinp += dpre * other</c>: the gradient of one factor of a product is the other factor times the product's gradient.</summary>
    public static void MultiplyBackward(ReadOnlySpan<float> dpre, ReadOnlySpan<float> other, Span<float> dinp) =>
        TensorPrimitives.MultiplyAdd(dpre, other, dinp, dinp);

    /// <summary>
    /// Writes one input of a concatenation into its columns of the output: for each sample <c>b</c>,
    /// <c>output[b, offset .. offset + partSize) = part[b, 0 .. partSize)</c>, where a sample of the output has
    /// <paramref name="outSize"/> floats. For images (C, H, W) this is concatenation along channels.
    /// </summary>
    public static void ConcatForward(ReadOnlySpan<float> part, Span<float> output, int batch, int partSize, int outSize, int offset)
    {
        CheckColumns(part.Length, output.Length, batch, partSize, outSize, offset);
        for (int b = 0; b < batch; b++)
        {
            part.Slice(b * partSize, partSize).CopyTo(output.Slice(b * outSize + offset, partSize));
        }
    }

    /// <summary>The gradient of one input of a concatenation: <c>dpart[b, :] += dout[b, offset .. offset + partSize)</c>.</summary>
    public static void ConcatBackward(ReadOnlySpan<float> dout, Span<float> dpart, int batch, int partSize, int outSize, int offset)
    {
        CheckColumns(dpart.Length, dout.Length, batch, partSize, outSize, offset);
        for (int b = 0; b < batch; b++)
        {
            Span<float> into = dpart.Slice(b * partSize, partSize);
            TensorPrimitives.Add(into, dout.Slice(b * outSize + offset, partSize), into);
        }
    }

    /// <summary>
    /// The inverse of <see cref="ConcatForward"/> without accumulation: copies columns <c>[offset, offset + partSize)</c>
    /// of each row of <paramref name="rows"/> into <paramref name="part"/>. Networks with several inputs use it to
    /// split a row that holds every input side by side.
    /// </summary>
    public static void SliceColumns(ReadOnlySpan<float> rows, Span<float> part, int batch, int partSize, int rowSize, int offset)
    {
        CheckColumns(part.Length, rows.Length, batch, partSize, rowSize, offset);
        for (int b = 0; b < batch; b++)
        {
            rows.Slice(b * rowSize + offset, partSize).CopyTo(part.Slice(b * partSize, partSize));
        }
    }

    private static void CheckColumns(int partLength, int wholeLength, int batch, int partSize, int wholeSize, int offset)
    {
        if (batch < 0 || partSize < 0 || offset < 0 || offset + partSize > wholeSize
            || partLength < (long)batch * partSize || wholeLength < (long)batch * wholeSize)
        {
            throw new ArgumentException(
                $"Columns [{offset}, {offset + partSize}) of {batch} rows of {wholeSize} do not fit spans of {partLength} and {wholeLength} floats.");
        }
    }
}
