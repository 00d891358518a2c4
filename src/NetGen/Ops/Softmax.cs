using System;
using System.Numerics.Tensors;

namespace NetGen.Ops;

/// <summary>Row-wise softmax, numerically stable (the row maximum is subtracted before exponentiation).</summary>
public static class Softmax
{
    /// <summary>Writes <c>softmax(logits)</c> of each of <paramref name="rows"/> rows of <paramref name="width"/> values.</summary>
    public static void Forward(ReadOnlySpan<float> logits, Span<float> probabilities, int rows, int width)
    {
        for (int r = 0; r < rows; r++)
        {
            ForwardRow(logits.Slice(r * width, width), probabilities.Slice(r * width, width));
        }
    }

    /// <summary>Writes the softmax of one row.</summary>
    public static void ForwardRow(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        float max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);
        float sum = TensorPrimitives.Sum<float>(probabilities);
        TensorPrimitives.Divide(probabilities, sum, probabilities);
    }
}
