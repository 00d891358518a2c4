using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>
/// Max pooling with 2 x 2 windows, stride 2 and no padding (<c>nn.MaxPool2d(2)</c>, the common case), vectorised over
/// the outputs of a row. A vector of outputs loads twice as many inputs from each of the window's two rows and splits
/// them into even (left) and odd (right) columns, so each lane holds one window <c>(a, b; c, d)</c>.
/// </summary>
/// <remarks>
/// The winner is a tournament, <c>(a vs b) vs (c vs d)</c>, where the right contender wins when it is greater or NaN.
/// That is exactly <see cref="Pool2DKernels.MaxForward"/>'s row-major scan (take <c>v</c> when <c>v &gt; max</c> or
/// <c>v</c> is NaN): without NaN both give the first maximum; with NaN both give the last NaN. A row whose outputs do
/// not fill a vector ends with one that overlaps the previous, recomputing some outputs to the same values.
/// </remarks>
internal static class MaxPool2x2
{
    /// <summary>Whether <paramref name="s"/> is a 2 x 2, stride 2, unpadded pooling.</summary>
    public static bool Applies(in Pool2DShape s) =>
        s.KernelHeight == 2 && s.KernelWidth == 2 && s.StrideHeight == 2 && s.StrideWidth == 2 && s.PadHeight == 0 && s.PadWidth == 0;

    /// <summary>Pools samples <c>[b0, b1)</c>; sizes were checked by the caller.</summary>
    public static void Forward(ReadOnlySpan<float> inp, Span<float> output, Span<int> argmax, in Pool2DShape s, int b0, int b1)
    {
        int w = s.InWidth, plane = s.InHeight * w, outH = s.OutHeight, outW = s.OutWidth, channels = s.Channels;
        ref float x0 = ref MemoryMarshal.GetReference(inp);
        ref float y0 = ref MemoryMarshal.GetReference(output);
        ref int a0 = ref MemoryMarshal.GetReference(argmax);
        for (int p = b0 * channels; p < b1 * channels; p++)
        {
            // argmax counts from the sample's start: channel c's plane starts at c * plane.
            int c = p % channels;
            ref float x = ref Unsafe.Add(ref x0, (nint)p * plane);
            for (int oh = 0; oh < outH; oh++)
            {
                int at = c * plane + 2 * oh * w;
                ref float row = ref Unsafe.Add(ref x, 2 * oh * w);
                nint o = ((nint)p * outH + oh) * outW;
                ref float y = ref Unsafe.Add(ref y0, o);
                ref int a = ref Unsafe.Add(ref a0, o);
                if (Avx512F.IsSupported && outW >= 16)
                {
                    Row512(ref row, ref y, ref a, at, w, outW);
                }
                else if (Avx2.IsSupported && outW >= 8)
                {
                    Row256(ref row, ref y, ref a, at, w, outW);
                }
                else if (Sse2.IsSupported && outW >= 4)
                {
                    Row128(ref row, ref y, ref a, at, w, outW);
                }
                else
                {
                    RowScalar(ref row, ref y, ref a, at, w, outW);
                }
            }
        }
    }

    /// <summary>
    /// <c>dinp += dout</c> at each window's saved maximum, for samples <c>[b0, b1)</c>. Each lane of a vector routes
    /// its gradient to one of its window's four inputs by comparing the index with the window's own; a vector holding
    /// an index outside its window (not one <see cref="Forward"/> wrote) is scattered element by element instead.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> dout, Span<float> dinp, ReadOnlySpan<int> argmax, in Pool2DShape s, int b0, int b1)
    {
        int w = s.InWidth, plane = s.InHeight * w, outH = s.OutHeight, outW = s.OutWidth, channels = s.Channels;
        for (int p = b0 * channels; p < b1 * channels; p++)
        {
            int c = p % channels, b = p / channels;
            Span<float> dx = dinp.Slice(b * s.InSize, s.InSize);
            ref float g0 = ref MemoryMarshal.GetReference(dout.Slice(p * outH * outW, outH * outW));
            ref int a0 = ref MemoryMarshal.GetReference(argmax.Slice(p * outH * outW, outH * outW));
            for (int oh = 0; oh < outH; oh++)
            {
                int at = c * plane + 2 * oh * w;
                ref float g = ref Unsafe.Add(ref g0, oh * outW);
                ref int a = ref Unsafe.Add(ref a0, oh * outW);
                ref float row = ref dx[at];
                int ow = 0;
                if (Avx2.IsSupported)
                {
                    for (; ow + 8 <= outW; ow += 8)
                    {
                        if (!Route256(ref Unsafe.Add(ref g, ow), ref Unsafe.Add(ref a, ow), ref Unsafe.Add(ref row, 2 * ow), at + 2 * ow, w))
                        {
                            Scatter(ref Unsafe.Add(ref g, ow), ref Unsafe.Add(ref a, ow), 8, dx);
                        }
                    }
                }
                if (Sse2.IsSupported)
                {
                    for (; ow + 4 <= outW; ow += 4)
                    {
                        if (!Route128(ref Unsafe.Add(ref g, ow), ref Unsafe.Add(ref a, ow), ref Unsafe.Add(ref row, 2 * ow), at + 2 * ow, w))
                        {
                            Scatter(ref Unsafe.Add(ref g, ow), ref Unsafe.Add(ref a, ow), 4, dx);
                        }
                    }
                }
                Scatter(ref Unsafe.Add(ref g, ow), ref Unsafe.Add(ref a, ow), outW - ow, dx);
            }
        }
    }

    // Adds 8 gradients into the two input rows under their windows (16 columns each); false, touching nothing, if an
    // index is not in its window.
    private static bool Route256(ref float g, ref int a, ref float row, int at, int w)
    {
        Vector256<float> grad = Vector256.LoadUnsafe(ref g);
        Vector256<int> rel = Vector256.LoadUnsafe(ref a) - (Vector256.Create(at) + Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14));
        Vector256<int> isA = Vector256.Equals(rel, Vector256<int>.Zero), isB = Vector256.Equals(rel, Vector256<int>.One);
        Vector256<int> isC = Vector256.Equals(rel, Vector256.Create(w)), isD = Vector256.Equals(rel, Vector256.Create(w + 1));
        if (!Vector256.EqualsAll(isA | isB | isC | isD, Vector256<int>.AllBitsSet))
        {
            return false;
        }
        // The other inputs get -0, which leaves every value as it was (+0 would turn -0 into +0).
        Vector256<float> none = Vector256.Create(-0f);
        AddInterleaved(ref row, Vector256.ConditionalSelect(isA.AsSingle(), grad, none), Vector256.ConditionalSelect(isB.AsSingle(), grad, none));
        AddInterleaved(ref Unsafe.Add(ref row, w), Vector256.ConditionalSelect(isC.AsSingle(), grad, none), Vector256.ConditionalSelect(isD.AsSingle(), grad, none));
        return true;
    }

    // row[0..16) += (even[0], odd[0], even[1], odd[1], ...).
    private static void AddInterleaved(ref float row, Vector256<float> even, Vector256<float> odd)
    {
        Vector256<float> lo = Avx.UnpackLow(even, odd), hi = Avx.UnpackHigh(even, odd);
        (Vector256.LoadUnsafe(ref row) + Avx.Permute2x128(lo, hi, 0x20)).StoreUnsafe(ref row);
        (Vector256.LoadUnsafe(ref row, 8) + Avx.Permute2x128(lo, hi, 0x31)).StoreUnsafe(ref row, 8);
    }

    private static bool Route128(ref float g, ref int a, ref float row, int at, int w)
    {
        Vector128<float> grad = Vector128.LoadUnsafe(ref g);
        Vector128<int> rel = Vector128.LoadUnsafe(ref a) - (Vector128.Create(at) + Vector128.Create(0, 2, 4, 6));
        Vector128<int> isA = Vector128.Equals(rel, Vector128<int>.Zero), isB = Vector128.Equals(rel, Vector128<int>.One);
        Vector128<int> isC = Vector128.Equals(rel, Vector128.Create(w)), isD = Vector128.Equals(rel, Vector128.Create(w + 1));
        if (!Vector128.EqualsAll(isA | isB | isC | isD, Vector128<int>.AllBitsSet))
        {
            return false;
        }
        // The other inputs get -0, which leaves every value as it was (+0 would turn -0 into +0).
        Vector128<float> none = Vector128.Create(-0f);
        AddInterleaved(ref row, Vector128.ConditionalSelect(isA.AsSingle(), grad, none), Vector128.ConditionalSelect(isB.AsSingle(), grad, none));
        AddInterleaved(ref Unsafe.Add(ref row, w), Vector128.ConditionalSelect(isC.AsSingle(), grad, none), Vector128.ConditionalSelect(isD.AsSingle(), grad, none));
        return true;
    }

    private static void AddInterleaved(ref float row, Vector128<float> even, Vector128<float> odd)
    {
        (Vector128.LoadUnsafe(ref row) + Sse.UnpackLow(even, odd)).StoreUnsafe(ref row);
        (Vector128.LoadUnsafe(ref row, 4) + Sse.UnpackHigh(even, odd)).StoreUnsafe(ref row, 4);
    }

    // dx[a[i]] += g[i], bounds-checked: the indices may come from anywhere.
    private static void Scatter(ref float g, ref int a, int count, Span<float> dx)
    {
        for (int i = 0; i < count; i++)
        {
            dx[Unsafe.Add(ref a, i)] += Unsafe.Add(ref g, i);
        }
    }

    private static void Row512(ref float row, ref float y, ref int a, int at, int w, int outW)
    {
        Vector512<int> even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        Vector512<int> odd = even + Vector512<int>.One;
        Vector512<int> offB = Vector512.Create(1), offC = Vector512.Create(w), offD = Vector512.Create(w + 1);
        for (int ow = 0; ow < outW; ow += 16)
        {
            int o = Math.Min(ow, outW - 16);
            ref float r0 = ref Unsafe.Add(ref row, 2 * o);
            ref float r1 = ref Unsafe.Add(ref r0, w);
            Vector512<float> lo0 = Vector512.LoadUnsafe(ref r0), hi0 = Vector512.LoadUnsafe(ref r0, 16);
            Vector512<float> lo1 = Vector512.LoadUnsafe(ref r1), hi1 = Vector512.LoadUnsafe(ref r1, 16);
            Vector512<float> va = Avx512F.PermuteVar16x32x2(lo0, even, hi0), vb = Avx512F.PermuteVar16x32x2(lo0, odd, hi0);
            Vector512<float> vc = Avx512F.PermuteVar16x32x2(lo1, even, hi1), vd = Avx512F.PermuteVar16x32x2(lo1, odd, hi1);
            Vector512<float> t1 = Vector512.GreaterThan(vb, va) | ~Vector512.Equals(vb, vb);
            Vector512<float> t2 = Vector512.GreaterThan(vd, vc) | ~Vector512.Equals(vd, vd);
            Vector512<float> m1 = Vector512.ConditionalSelect(t1, vb, va), m2 = Vector512.ConditionalSelect(t2, vd, vc);
            Vector512<int> i1 = t1.AsInt32() & offB, i2 = Vector512.ConditionalSelect(t2.AsInt32(), offD, offC);
            Vector512<float> t3 = Vector512.GreaterThan(m2, m1) | ~Vector512.Equals(m2, m2);
            Vector512.ConditionalSelect(t3, m2, m1).StoreUnsafe(ref y, (nuint)o);
            (Vector512.Create(at + 2 * o) + even + Vector512.ConditionalSelect(t3.AsInt32(), i2, i1)).StoreUnsafe(ref a, (nuint)o);
        }
    }

    private static void Row256(ref float row, ref float y, ref int a, int at, int w, int outW)
    {
        Vector256<int> even = Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
        Vector256<int> offB = Vector256.Create(1), offC = Vector256.Create(w), offD = Vector256.Create(w + 1);
        for (int ow = 0; ow < outW; ow += 8)
        {
            int o = Math.Min(ow, outW - 8);
            ref float r0 = ref Unsafe.Add(ref row, 2 * o);
            ref float r1 = ref Unsafe.Add(ref r0, w);
            (Vector256<float> va, Vector256<float> vb) = Split(Vector256.LoadUnsafe(ref r0), Vector256.LoadUnsafe(ref r0, 8));
            (Vector256<float> vc, Vector256<float> vd) = Split(Vector256.LoadUnsafe(ref r1), Vector256.LoadUnsafe(ref r1, 8));
            Vector256<float> t1 = Vector256.GreaterThan(vb, va) | Avx.CompareUnordered(vb, vb);
            Vector256<float> t2 = Vector256.GreaterThan(vd, vc) | Avx.CompareUnordered(vd, vd);
            Vector256<float> m1 = Vector256.ConditionalSelect(t1, vb, va), m2 = Vector256.ConditionalSelect(t2, vd, vc);
            Vector256<int> i1 = t1.AsInt32() & offB, i2 = Vector256.ConditionalSelect(t2.AsInt32(), offD, offC);
            Vector256<float> t3 = Vector256.GreaterThan(m2, m1) | Avx.CompareUnordered(m2, m2);
            Vector256.ConditionalSelect(t3, m2, m1).StoreUnsafe(ref y, (nuint)o);
            (Vector256.Create(at + 2 * o) + even + Vector256.ConditionalSelect(t3.AsInt32(), i2, i1)).StoreUnsafe(ref a, (nuint)o);
        }
    }

    private static void Row128(ref float row, ref float y, ref int a, int at, int w, int outW)
    {
        Vector128<int> even = Vector128.Create(0, 2, 4, 6);
        Vector128<int> offB = Vector128.Create(1), offC = Vector128.Create(w), offD = Vector128.Create(w + 1);
        for (int ow = 0; ow < outW; ow += 4)
        {
            int o = Math.Min(ow, outW - 4);
            ref float r0 = ref Unsafe.Add(ref row, 2 * o);
            ref float r1 = ref Unsafe.Add(ref r0, w);
            Vector128<float> lo0 = Vector128.LoadUnsafe(ref r0), hi0 = Vector128.LoadUnsafe(ref r0, 4);
            Vector128<float> lo1 = Vector128.LoadUnsafe(ref r1), hi1 = Vector128.LoadUnsafe(ref r1, 4);
            Vector128<float> va = Sse.Shuffle(lo0, hi0, 0b10_00_10_00), vb = Sse.Shuffle(lo0, hi0, 0b11_01_11_01);
            Vector128<float> vc = Sse.Shuffle(lo1, hi1, 0b10_00_10_00), vd = Sse.Shuffle(lo1, hi1, 0b11_01_11_01);
            Vector128<float> t1 = Vector128.GreaterThan(vb, va) | Sse.CompareUnordered(vb, vb);
            Vector128<float> t2 = Vector128.GreaterThan(vd, vc) | Sse.CompareUnordered(vd, vd);
            Vector128<float> m1 = Vector128.ConditionalSelect(t1, vb, va), m2 = Vector128.ConditionalSelect(t2, vd, vc);
            Vector128<int> i1 = t1.AsInt32() & offB, i2 = Vector128.ConditionalSelect(t2.AsInt32(), offD, offC);
            Vector128<float> t3 = Vector128.GreaterThan(m2, m1) | Sse.CompareUnordered(m2, m2);
            Vector128.ConditionalSelect(t3, m2, m1).StoreUnsafe(ref y, (nuint)o);
            (Vector128.Create(at + 2 * o) + even + Vector128.ConditionalSelect(t3.AsInt32(), i2, i1)).StoreUnsafe(ref a, (nuint)o);
        }
    }

    private static void RowScalar(ref float row, ref float y, ref int a, int at, int w, int outW)
    {
        for (int ow = 0; ow < outW; ow++)
        {
            ref float r0 = ref Unsafe.Add(ref row, 2 * ow);
            (float m1, int i1) = Pick(r0, 0, Unsafe.Add(ref r0, 1), 1);
            (float m2, int i2) = Pick(Unsafe.Add(ref r0, w), w, Unsafe.Add(ref r0, w + 1), w + 1);
            (float m, int i) = Pick(m1, i1, m2, i2);
            Unsafe.Add(ref y, ow) = m;
            Unsafe.Add(ref a, ow) = at + 2 * ow + i;
        }
    }

    // The right contender wins when it is greater or NaN.
    private static (float, int) Pick(float left, int leftAt, float right, int rightAt) =>
        right > left || float.IsNaN(right) ? (right, rightAt) : (left, leftAt);

    // Even and odd elements of the 16 floats lo:hi, in order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Even, Vector256<float> Odd) Split(Vector256<float> lo, Vector256<float> hi)
    {
        // shufps works within 128-bit lanes (lo0 lo2 hi0 hi2 | lo4 lo6 hi4 hi6); the 64-bit permute puts them in order.
        Vector256<float> even = Avx.Shuffle(lo, hi, 0b10_00_10_00), odd = Avx.Shuffle(lo, hi, 0b11_01_11_01);
        return (Avx2.Permute4x64(even.AsDouble(), 0b11_01_10_00).AsSingle(), Avx2.Permute4x64(odd.AsDouble(), 0b11_01_10_00).AsSingle());
    }
}
