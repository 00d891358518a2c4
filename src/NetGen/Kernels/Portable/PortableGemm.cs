using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace NetGen.Kernels.Portable;

/// <summary>
/// The three accumulating products of <see cref="Gemm"/> without hardware intrinsics: row-major loops whose inner
/// loop runs along a contiguous row, in <see cref="Vector{T}"/> lanes where the runtime accelerates them. The
/// netstandard2.1 build (Unity) runs these on the calling thread; the net8.0 build compiles them only for the tests.
/// </summary>
/// <remarks>
/// <c>C += A B</c> and <c>C += A^T B</c> add <c>a[i, p] * B[p, :]</c> into row <c>i</c> of <c>C</c> for each
/// <c>p</c> (an axpy per row of <c>B</c>); <c>C += A B^T</c> takes one dot product per element. No allocation,
/// no packing: the operands of a game-sized network fit in cache, and Mono and IL2CPP cannot run the packed
/// micro-kernels fast anyway. Arguments are checked by <see cref="Gemm"/>.
/// </remarks>
internal static class PortableGemm
{
    /// <summary><c>C(m, n) += A(m, k) B(k, n)</c>, or <c>=</c> when <paramref name="accumulate"/> is false.</summary>
    public static void Nn(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate)
    {
        Start(m, n, k, c, accumulate);
        for (int i = 0; i < m && k > 0; i++)
        {
            Span<float> row = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                Axpy(a[i * k + p], b.Slice(p * n, n), row);
            }
        }
    }

    /// <summary><c>C(m, n) += A^T B</c> with <c>A</c> stored <c>(k, m)</c> and <c>B</c> <c>(k, n)</c>.</summary>
    public static void Tn(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate)
    {
        Start(m, n, k, c, accumulate);
        for (int i = 0; i < m && k > 0; i++)
        {
            Span<float> row = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                Axpy(a[p * m + i], b.Slice(p * n, n), row);
            }
        }
    }

    /// <summary><c>C(m, n) += A B^T</c> with <c>A</c> <c>(m, k)</c> and <c>B</c> stored <c>(n, k)</c>.</summary>
    public static void Nt(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate)
    {
        Start(m, n, k, c, accumulate);
        for (int i = 0; i < m && k > 0; i++)
        {
            ReadOnlySpan<float> x = a.Slice(i * k, k);
            for (int j = 0; j < n; j++)
            {
                c[i * n + j] += Dot(x, b.Slice(j * k, k));
            }
        }
    }

    /// <summary><c>y += alpha x</c>, with <c>x</c> and <c>y</c> of one length.</summary>
    public static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            Span<Vector<float>> yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            var av = new Vector<float>(alpha);
            for (int v = 0; v < xv.Length; v++)
            {
                yv[v] += av * xv[v];
            }
            i = xv.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    /// <summary>The dot product of two spans of one length, summed in <see cref="Vector{T}"/> lanes.</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int i = 0;
        float sum = 0f;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            ReadOnlySpan<Vector<float>> yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            Vector<float> acc = Vector<float>.Zero;
            for (int v = 0; v < xv.Length; v++)
            {
                acc += xv[v] * yv[v];
            }
            sum = Vector.Dot(acc, Vector<float>.One);
            i = xv.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }
        return sum;
    }

    private static void Start(int m, int n, int k, Span<float> c, bool accumulate)
    {
        if (!accumulate && m > 0 && n > 0)
        {
            c.Slice(0, m * n).Clear();
        }
    }
}
