using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace NetGen.Kernels.Portable;

/// <summary>
/// The branch-free ReLU loops of <see cref="NetGen.Ops.ReluActivation"/> in <see cref="Vector{T}"/> lanes, for the
/// netstandard2.1 build; each returns how many leading elements it did (whole vectors only, 0 where the runtime does
/// not accelerate <see cref="Vector{T}"/>), and the caller's scalar loop does the rest.
/// </summary>
internal static class PortableActivations
{
    /// <summary><c>x = x &lt;= 0 ? 0 : x</c> on whole vectors; NaN stays NaN and -0 becomes +0, as the scalar form.</summary>
    public static int ReluForward(Span<float> values)
    {
        if (!Vector.IsHardwareAccelerated)
        {
            return 0;
        }
        Span<Vector<float>> v = MemoryMarshal.Cast<float, Vector<float>>(values);
        for (int i = 0; i < v.Length; i++)
        {
            Vector<float> x = v[i];
            v[i] = Vector.ConditionalSelect(Vector.LessThanOrEqual(x, Vector<float>.Zero), Vector<float>.Zero, x);
        }
        return v.Length * Vector<float>.Count;
    }

    /// <summary><c>dout *= y &lt;= 0 ? 0 : 1</c> on whole vectors.</summary>
    public static int ReluMultiplyByDerivative(ReadOnlySpan<float> output, Span<float> dout)
    {
        if (!Vector.IsHardwareAccelerated)
        {
            return 0;
        }
        Span<Vector<float>> g = MemoryMarshal.Cast<float, Vector<float>>(dout);
        ReadOnlySpan<Vector<float>> y = MemoryMarshal.Cast<float, Vector<float>>(output.Slice(0, dout.Length));
        for (int i = 0; i < g.Length; i++)
        {
            g[i] *= Vector.ConditionalSelect(Vector.LessThanOrEqual(y[i], Vector<float>.Zero), Vector<float>.Zero, Vector<float>.One);
        }
        return g.Length * Vector<float>.Count;
    }
}
