using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace NetGen.Optimizers;

/// <summary>
/// Gradient clipping over a whole gradient arena, as <c>torch.nn.utils.clip_grad_norm_</c> and
/// <c>torch.nn.utils.clip_grad_value_</c>; both work in place and allocate nothing.
/// </summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales <paramref name="gradients"/> so that their L2 norm is at most about <paramref name="maxNorm"/>, as
    /// <c>clip_grad_norm_</c>: <c>coef = maxNorm / (norm + 1e-6)</c>, and the gradients are multiplied by <c>coef</c>
    /// when it is below 1 (PyTorch's <c>clamp(coef, max=1)</c>, so a norm within 1e-6 under the limit is scaled by a
    /// hair too). A non-finite norm is handled as PyTorch's default (<c>error_if_nonfinite=False</c>): infinity scales
    /// by 0, NaN by NaN.
    /// </summary>
    /// <remarks>The sum of squares is accumulated in float64 (vectorised), then its square root rounded to float32.</remarks>
    /// <param name="gradients">The gradient arena, scaled in place.</param>
    /// <param name="maxNorm">The largest norm allowed (&gt;= 0; infinity never clips).</param>
    /// <returns>The norm before clipping.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is negative or NaN.</exception>
    public static float ClipByGlobalNorm(Span<float> gradients, float maxNorm)
    {
        if (!(maxNorm >= 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The maximum norm must be >= 0.");
        }
        float norm = (float)Math.Sqrt(SumOfSquares(gradients));
        float coefficient = maxNorm / (norm + 1e-6f);
        if (!(coefficient >= 1f))
        {
            TensorPrimitives.Multiply(gradients, coefficient, gradients);
        }
        return norm;
    }

    /// <summary>
    /// Clamps every gradient into <c>[-limit, limit]</c>, as <c>clip_grad_value_</c>; NaN stays NaN.
    /// </summary>
    /// <param name="gradients">The gradient arena, clamped in place.</param>
    /// <param name="limit">The largest magnitude allowed (&gt;= 0).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative or NaN.</exception>
    public static void ClipByValue(Span<float> gradients, float limit)
    {
        if (!(limit >= 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The clipping limit must be >= 0.");
        }
        TensorPrimitives.Clamp(gradients, -limit, limit, gradients);
    }

    // Sum of squares in float64: each float widened exactly, so only the additions round.
    private static double SumOfSquares(ReadOnlySpan<float> values)
    {
        var low = Vector<double>.Zero;
        var high = Vector<double>.Zero;
        ReadOnlySpan<Vector<float>> vectors = Vector.IsHardwareAccelerated
            ? MemoryMarshal.Cast<float, Vector<float>>(values)
            : ReadOnlySpan<Vector<float>>.Empty;
        foreach (Vector<float> v in vectors)
        {
            Vector.Widen(v, out Vector<double> lo, out Vector<double> hi);
            low += lo * lo;
            high += hi * hi;
        }
        double sum = Vector.Sum(low + high);
        for (int i = vectors.Length * Vector<float>.Count; i < values.Length; i++)
        {
            sum += (double)values[i] * values[i];
        }
        return sum;
    }
}
