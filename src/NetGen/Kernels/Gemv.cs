using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>
/// Matrix-vector products for one sample, where a GEMM's packing costs more than it saves: <c>y[o] += W[o, :] . x</c>
/// with the weight row-major <c>(out, in)</c>. Four rows share each load of <c>x</c>, so the weight streams through
/// once at the memory system's pace (the weight of a 784 x 128 layer is 400 KB: it comes from L2).
/// </summary>
public static class Gemv
{
    /// <summary><c>y[o] += sum_i weight[o, i] x[i]</c> for <c>o</c> in [0, rows).</summary>
    public static void Add(ReadOnlySpan<float> weight, ReadOnlySpan<float> x, Span<float> y, int rows, int columns)
    {
        if (weight.Length < rows * columns || x.Length < columns || y.Length < rows)
        {
            throw new ArgumentException(
                $"Gemv needs a weight of {rows} x {columns}, an x of {columns} and a y of {rows}; got {weight.Length}, {x.Length} and {y.Length}.");
        }
        int o = 0;
        if (Vector512.IsHardwareAccelerated && columns >= 16)
        {
            for (; o + 4 <= rows; o += 4)
            {
                FourRows512(weight, x, y, o, columns);
            }
        }
        else if (Vector256.IsHardwareAccelerated && columns >= 8)
        {
            for (; o + 4 <= rows; o += 4)
            {
                FourRows256(weight, x, y, o, columns);
            }
        }
        for (; o < rows; o++)
        {
            y[o] += TensorPrimitives.Dot(weight.Slice(o * columns, columns), x.Slice(0, columns));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourRows512(ReadOnlySpan<float> weight, ReadOnlySpan<float> x, Span<float> y, int o, int columns)
    {
        ref float w0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(weight), o * columns);
        ref float w1 = ref Unsafe.Add(ref w0, columns);
        ref float w2 = ref Unsafe.Add(ref w1, columns);
        ref float w3 = ref Unsafe.Add(ref w2, columns);
        ref float xs = ref MemoryMarshal.GetReference(x);
        Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i + 16 <= columns; i += 16)
        {
            Vector512<float> v = Vector512.LoadUnsafe(ref xs, (nuint)i);
            a0 = Fma512(Vector512.LoadUnsafe(ref w0, (nuint)i), v, a0);
            a1 = Fma512(Vector512.LoadUnsafe(ref w1, (nuint)i), v, a1);
            a2 = Fma512(Vector512.LoadUnsafe(ref w2, (nuint)i), v, a2);
            a3 = Fma512(Vector512.LoadUnsafe(ref w3, (nuint)i), v, a3);
        }
        float s0 = Vector512.Sum(a0), s1 = Vector512.Sum(a1), s2 = Vector512.Sum(a2), s3 = Vector512.Sum(a3);
        for (; i < columns; i++)
        {
            float v = Unsafe.Add(ref xs, i);
            s0 += Unsafe.Add(ref w0, i) * v;
            s1 += Unsafe.Add(ref w1, i) * v;
            s2 += Unsafe.Add(ref w2, i) * v;
            s3 += Unsafe.Add(ref w3, i) * v;
        }
        y[o] += s0;
        y[o + 1] += s1;
        y[o + 2] += s2;
        y[o + 3] += s3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourRows256(ReadOnlySpan<float> weight, ReadOnlySpan<float> x, Span<float> y, int o, int columns)
    {
        ref float w0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(weight), o * columns);
        ref float w1 = ref Unsafe.Add(ref w0, columns);
        ref float w2 = ref Unsafe.Add(ref w1, columns);
        ref float w3 = ref Unsafe.Add(ref w2, columns);
        ref float xs = ref MemoryMarshal.GetReference(x);
        Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i + 8 <= columns; i += 8)
        {
            Vector256<float> v = Vector256.LoadUnsafe(ref xs, (nuint)i);
            a0 = Fma256(Vector256.LoadUnsafe(ref w0, (nuint)i), v, a0);
            a1 = Fma256(Vector256.LoadUnsafe(ref w1, (nuint)i), v, a1);
            a2 = Fma256(Vector256.LoadUnsafe(ref w2, (nuint)i), v, a2);
            a3 = Fma256(Vector256.LoadUnsafe(ref w3, (nuint)i), v, a3);
        }
        float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
        for (; i < columns; i++)
        {
            float v = Unsafe.Add(ref xs, i);
            s0 += Unsafe.Add(ref w0, i) * v;
            s1 += Unsafe.Add(ref w1, i) * v;
            s2 += Unsafe.Add(ref w2, i) * v;
            s3 += Unsafe.Add(ref w3, i) * v;
        }
        y[o] += s0;
        y[o + 1] += s1;
        y[o + 2] += s2;
        y[o + 3] += s3;
    }

    // a * b + c, fused where the CPU can (net8.0 has no portable FusedMultiplyAdd).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fma512(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fma256(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;
}
