using System;
using System.Numerics.Tensors;

namespace NetGen.Kernels;

/// <summary>Whole-arena operations that generated networks call: scaling a gradient and testing for non-finite values.</summary>
public static class ArenaOps
{
    /// <summary><c>values[i] *= factor</c>.</summary>
    public static void Scale(Span<float> values, float factor) => TensorPrimitives.Multiply(values, factor, values);

    /// <summary>Whether every value is finite (neither NaN nor infinite).</summary>
    public static bool AllFinite(ReadOnlySpan<float> values) => TensorPrimitives.IsFiniteAll(values);
}
