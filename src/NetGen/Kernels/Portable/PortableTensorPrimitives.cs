using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace NetGen.Kernels.Portable;

/// <summary>
/// The element-wise span operations of <c>System.Numerics.Tensors.TensorPrimitives</c> that the runtime uses, written
/// with <see cref="Vector{T}"/> (whose width the runtime picks, and which Mono and IL2CPP run as plain loops where
/// they have no SIMD) or as scalar loops. The netstandard2.1 build calls these through the shim in
/// <c>Polyfills/TensorPrimitives.cs</c>; the net8.0 build uses the package and compiles this class only so that the
/// tests can check it against naive references on the machine that runs them.
/// </summary>
/// <remarks>
/// Semantics follow <c>TensorPrimitives</c>: the destination may be exactly one of the inputs (in place), it must be
/// at least as long as the inputs, two span inputs must have the same length, and <c>MultiplyAdd</c> rounds twice
/// (<c>(x * y) + addend</c>, not fused). Reductions add in a different order from the package, so their last bits can
/// differ. Max, Min, IndexOfMax and Clamp are scalar, to keep the NaN and signed-zero rules exactly.
/// </remarks>
internal static class PortableTensorPrimitives
{
    /// <summary><c>destination[i] = x[i] + y[i]</c>.</summary>
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) =>
        Binary<AddOp>(x, y, destination);

    /// <summary><c>destination[i] = x[i] + y</c>.</summary>
    public static void Add(ReadOnlySpan<float> x, float y, Span<float> destination) => Scalar<AddOp>(x, y, destination);

    /// <summary><c>destination[i] = x[i] - y[i]</c>.</summary>
    public static void Subtract(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) =>
        Binary<SubtractOp>(x, y, destination);

    /// <summary><c>destination[i] = x[i] - y</c>.</summary>
    public static void Subtract(ReadOnlySpan<float> x, float y, Span<float> destination) => Scalar<SubtractOp>(x, y, destination);

    /// <summary><c>destination[i] = x[i] * y[i]</c>.</summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) =>
        Binary<MultiplyOp>(x, y, destination);

    /// <summary><c>destination[i] = x[i] * y</c>.</summary>
    public static void Multiply(ReadOnlySpan<float> x, float y, Span<float> destination) => Scalar<MultiplyOp>(x, y, destination);

    /// <summary><c>destination[i] = x[i] / y[i]</c>.</summary>
    public static void Divide(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) =>
        Binary<DivideOp>(x, y, destination);

    /// <summary><c>destination[i] = x[i] / y</c>.</summary>
    public static void Divide(ReadOnlySpan<float> x, float y, Span<float> destination) => Scalar<DivideOp>(x, y, destination);

    /// <summary><c>destination[i] = (x[i] * y[i]) + addend[i]</c>.</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> addend, Span<float> destination)
    {
        SameLength(x, y);
        SameLength(x, addend);
        Fits(x.Length, destination);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            ReadOnlySpan<Vector<float>> yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            ReadOnlySpan<Vector<float>> av = MemoryMarshal.Cast<float, Vector<float>>(addend);
            Span<Vector<float>> dv = MemoryMarshal.Cast<float, Vector<float>>(destination);
            for (int v = 0; v < xv.Length; v++)
            {
                dv[v] = (xv[v] * yv[v]) + av[v];
            }
            i = xv.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++)
        {
            destination[i] = (x[i] * y[i]) + addend[i];
        }
    }

    /// <summary><c>destination[i] = (x[i] * y) + addend[i]</c>.</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> x, float y, ReadOnlySpan<float> addend, Span<float> destination)
    {
        SameLength(x, addend);
        Fits(x.Length, destination);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            ReadOnlySpan<Vector<float>> av = MemoryMarshal.Cast<float, Vector<float>>(addend);
            Span<Vector<float>> dv = MemoryMarshal.Cast<float, Vector<float>>(destination);
            var yy = new Vector<float>(y);
            for (int v = 0; v < xv.Length; v++)
            {
                dv[v] = (xv[v] * yy) + av[v];
            }
            i = xv.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++)
        {
            destination[i] = (x[i] * y) + addend[i];
        }
    }

    /// <summary><c>destination[i] = sqrt(x[i])</c>.</summary>
    public static void Sqrt(ReadOnlySpan<float> x, Span<float> destination)
    {
        Fits(x.Length, destination);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            Span<Vector<float>> dv = MemoryMarshal.Cast<float, Vector<float>>(destination);
            for (int v = 0; v < xv.Length; v++)
            {
                dv[v] = Vector.SquareRoot(xv[v]);
            }
            i = xv.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++)
        {
            destination[i] = MathF.Sqrt(x[i]);
        }
    }

    /// <summary><c>destination[i] = exp(x[i])</c>, scalar (<see cref="MathF.Exp"/>).</summary>
    public static void Exp(ReadOnlySpan<float> x, Span<float> destination)
    {
        Fits(x.Length, destination);
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = MathF.Exp(x[i]);
        }
    }

    /// <summary><c>destination[i] = Math.Clamp(x[i], min, max)</c>.</summary>
    public static void Clamp(ReadOnlySpan<float> x, float min, float max, Span<float> destination)
    {
        if (min > max)
        {
            throw new ArgumentException($"Clamp needs min <= max, got min = {min} and max = {max}.", nameof(min));
        }
        Fits(x.Length, destination);
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = Math.Clamp(x[i], min, max);
        }
    }

    /// <summary><c>destination[i] = max(x[i], y[i])</c>, NaN if either is NaN, <c>+0</c> over <c>-0</c>.</summary>
    public static void Max(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
    {
        SameLength(x, y);
        Fits(x.Length, destination);
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = Maximum(x[i], y[i]);
        }
    }

    /// <summary>The largest element, NaN if any is NaN.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty.</exception>
    public static float Max(ReadOnlySpan<float> x)
    {
        NotEmpty(x);
        float result = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            result = Maximum(result, x[i]);
        }
        return result;
    }

    /// <summary>The smallest element, NaN if any is NaN.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty.</exception>
    public static float Min(ReadOnlySpan<float> x)
    {
        NotEmpty(x);
        float result = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            float v = x[i];
            result = float.IsNaN(result) ? result
                : float.IsNaN(v) ? v
                : v < result || (v == result && IsNegative(v)) ? v
                : result;
        }
        return result;
    }

    /// <summary>The index of the first largest element (the first NaN if there is one), or -1 for an empty span.</summary>
    public static int IndexOfMax(ReadOnlySpan<float> x)
    {
        if (x.IsEmpty)
        {
            return -1;
        }
        int best = 0;
        float max = x[0];
        if (float.IsNaN(max))
        {
            return 0;
        }
        for (int i = 1; i < x.Length; i++)
        {
            float v = x[i];
            if (float.IsNaN(v))
            {
                return i;
            }
            if (v > max || (v == max && IsNegative(max) && !IsNegative(v)))
            {
                max = v;
                best = i;
            }
        }
        return best;
    }

    /// <summary>The sum of the elements (0 for an empty span), added in <see cref="Vector{T}"/>-wide lanes.</summary>
    public static float Sum(ReadOnlySpan<float> x)
    {
        int i = 0;
        float sum = 0f;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            Vector<float> acc = Vector<float>.Zero;
            for (int v = 0; v < xv.Length; v++)
            {
                acc += xv[v];
            }
            sum = Vector.Dot(acc, Vector<float>.One);
            i = xv.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++)
        {
            sum += x[i];
        }
        return sum;
    }

    /// <summary>Whether every element is finite (neither infinite nor NaN); true for an empty span.</summary>
    public static bool IsFiniteAll(ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (!float.IsFinite(x[i]))
            {
                return false;
            }
        }
        return true;
    }

    // IEEE 754:2019 maximum, as Math.Max on .NET Core: NaN propagates and +0 beats -0.
    private static float Maximum(float a, float b) =>
        float.IsNaN(a) ? a
        : float.IsNaN(b) ? b
        : a > b || (a == b && IsNegative(b)) ? a
        : b;

    private static bool IsNegative(float x) => BitConverter.SingleToInt32Bits(x) < 0;

    private static void Binary<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOp : struct, IPortableBinaryOp
    {
        SameLength(x, y);
        Fits(x.Length, destination);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            ReadOnlySpan<Vector<float>> yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            Span<Vector<float>> dv = MemoryMarshal.Cast<float, Vector<float>>(destination);
            for (int v = 0; v < xv.Length; v++)
            {
                dv[v] = default(TOp).Apply(xv[v], yv[v]);
            }
            i = xv.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++)
        {
            destination[i] = default(TOp).Apply(x[i], y[i]);
        }
    }

    private static void Scalar<TOp>(ReadOnlySpan<float> x, float y, Span<float> destination)
        where TOp : struct, IPortableBinaryOp
    {
        Fits(x.Length, destination);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            Span<Vector<float>> dv = MemoryMarshal.Cast<float, Vector<float>>(destination);
            var yy = new Vector<float>(y);
            for (int v = 0; v < xv.Length; v++)
            {
                dv[v] = default(TOp).Apply(xv[v], yy);
            }
            i = xv.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++)
        {
            destination[i] = default(TOp).Apply(x[i], y);
        }
    }

    private static void SameLength(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Input spans must have the same length, got {x.Length} and {y.Length}.", nameof(y));
        }
    }

    private static void Fits(int length, Span<float> destination)
    {
        if (destination.Length < length)
        {
            throw new ArgumentException($"Destination has {destination.Length} floats but the input has {length}.", nameof(destination));
        }
    }

    private static void NotEmpty(ReadOnlySpan<float> x)
    {
        if (x.IsEmpty)
        {
            throw new ArgumentException("The span must not be empty.", nameof(x));
        }
    }
}

/// <summary>One arithmetic operator, on lanes and on scalars, so that one loop body serves four operators.</summary>
internal interface IPortableBinaryOp
{
    /// <summary>The operator on vectors.</summary>
    Vector<float> Apply(Vector<float> x, Vector<float> y);

    /// <summary>The operator on scalars.</summary>
    float Apply(float x, float y);
}

internal readonly struct AddOp : IPortableBinaryOp
{
    public Vector<float> Apply(Vector<float> x, Vector<float> y) => x + y;

    public float Apply(float x, float y) => x + y;
}

internal readonly struct SubtractOp : IPortableBinaryOp
{
    public Vector<float> Apply(Vector<float> x, Vector<float> y) => x - y;

    public float Apply(float x, float y) => x - y;
}

internal readonly struct MultiplyOp : IPortableBinaryOp
{
    public Vector<float> Apply(Vector<float> x, Vector<float> y) => x * y;

    public float Apply(float x, float y) => x * y;
}

internal readonly struct DivideOp : IPortableBinaryOp
{
    public Vector<float> Apply(Vector<float> x, Vector<float> y) => x / y;

    public float Apply(float x, float y) => x / y;
}
