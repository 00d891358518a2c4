using System;
using NetGen.Kernels.Portable;

namespace System.Numerics.Tensors;

/// <summary>
/// netstandard2.1 only: the subset of the System.Numerics.Tensors package's <c>TensorPrimitives</c> that the runtime
/// calls, forwarding to <see cref="PortableTensorPrimitives"/>, so that the runtime's sources compile unchanged for
/// both targets and the netstandard2.1 build (the one Unity loads) depends on no numerics package.
/// </summary>
/// <remarks>
/// The generic overloads exist only so that call sites written against the package's generic API
/// (<c>Sum&lt;float&gt;(x)</c>) compile; the type argument must be <see cref="float"/>.
/// </remarks>
internal static class TensorPrimitives
{
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) => PortableTensorPrimitives.Add(x, y, destination);

    public static void Add(ReadOnlySpan<float> x, float y, Span<float> destination) => PortableTensorPrimitives.Add(x, y, destination);

    public static void Subtract(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) => PortableTensorPrimitives.Subtract(x, y, destination);

    public static void Subtract(ReadOnlySpan<float> x, float y, Span<float> destination) => PortableTensorPrimitives.Subtract(x, y, destination);

    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) => PortableTensorPrimitives.Multiply(x, y, destination);

    public static void Multiply(ReadOnlySpan<float> x, float y, Span<float> destination) => PortableTensorPrimitives.Multiply(x, y, destination);

    public static void Divide(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) => PortableTensorPrimitives.Divide(x, y, destination);

    public static void Divide(ReadOnlySpan<float> x, float y, Span<float> destination) => PortableTensorPrimitives.Divide(x, y, destination);

    public static void MultiplyAdd(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> addend, Span<float> destination) =>
        PortableTensorPrimitives.MultiplyAdd(x, y, addend, destination);

    public static void MultiplyAdd(ReadOnlySpan<float> x, float y, ReadOnlySpan<float> addend, Span<float> destination) =>
        PortableTensorPrimitives.MultiplyAdd(x, y, addend, destination);

    public static void Sqrt(ReadOnlySpan<float> x, Span<float> destination) => PortableTensorPrimitives.Sqrt(x, destination);

    public static void Exp(ReadOnlySpan<float> x, Span<float> destination) => PortableTensorPrimitives.Exp(x, destination);

    public static void Clamp(ReadOnlySpan<float> x, float min, float max, Span<float> destination) => PortableTensorPrimitives.Clamp(x, min, max, destination);

    public static void Max(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) => PortableTensorPrimitives.Max(x, y, destination);

    public static float Max(ReadOnlySpan<float> x) => PortableTensorPrimitives.Max(x);

    public static float Min(ReadOnlySpan<float> x) => PortableTensorPrimitives.Min(x);

    public static int IndexOfMax(ReadOnlySpan<float> x) => PortableTensorPrimitives.IndexOfMax(x);

    public static float Sum(ReadOnlySpan<float> x) => PortableTensorPrimitives.Sum(x);

    public static float Sum<T>(ReadOnlySpan<float> x)
        where T : struct => PortableTensorPrimitives.Sum(x);

    public static bool IsFiniteAll(ReadOnlySpan<float> x) => PortableTensorPrimitives.IsFiniteAll(x);

    public static bool IsFiniteAll<T>(ReadOnlySpan<float> x)
        where T : struct => PortableTensorPrimitives.IsFiniteAll(x);
}
