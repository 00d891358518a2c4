using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NetGen.Ops;

namespace NetGen.Kernels;

/// <summary>The per-sample steps of <see cref="Conv2DDirectBackward"/>: spreading, bias and input gradients.</summary>
internal static class Conv2DGradients
{
    private const int Lanes = Conv2DTiles.Lanes;

    // dpre's sample (outC, outH, outW) into wide rows (outC, RowStride): zeros at thrown-away positions and in the part
    // of the last slot that its neighbour covers. The thrown-away columns stay zero from the start (the buffers are
    // cleared once a call); only the last slot, which holds shifted values, is cleared again. TMask turns dout into dpre on the way (and
    // writes it back), or leaves it.
    public static void Spread<TMask>(ReadOnlySpan<float> y, Span<float> dout, Span<float> wide, in Conv2DShape s, in WideGeometry g)
        where TMask : struct, IGradientMask
    {
        int n = s.OutHeight * s.OutWidth, tail = g.RowStride - Lanes;
        Vector512<int> keep = Vector512.GreaterThanOrEqual(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(tail - (int)g.Last));
        for (int o = 0; o < s.OutChannels; o++)
        {
            ref float row = ref wide[o * g.RowStride];
            Vector512<float>.Zero.StoreUnsafe(ref row, (nuint)tail);
            ref float go = ref dout[o * n];
            ref float yo = ref Unsafe.AsRef(in y[o * n]);
            if (typeof(TMask) == typeof(NoMask))
            {
                Conv2DRows.CopyRows(ref go, s.OutWidth, ref row, g.Width, s.OutHeight, s.OutWidth);
            }
            else
            {
                for (int oh = 0; oh < s.OutHeight; oh++)
                {
                    MaskRow<TMask>(ref Unsafe.Add(ref yo, oh * s.OutWidth), ref Unsafe.Add(ref go, oh * s.OutWidth), ref Unsafe.Add(ref row, oh * g.Width), s.OutWidth);
                }
            }
            Vector512<float> last = Vector512.LoadUnsafe(ref row, (nuint)g.Last);
            (last & keep.AsSingle()).StoreUnsafe(ref row, (nuint)tail);
        }
    }

    // g = mask(y) g for count >= 8 floats, stored to g and to, by vectors whose overlapping tail is loaded before any
    // store (so no load waits on a store it overlaps, and no value is masked twice).
    private static void MaskRow<TMask>(ref float y, ref float g, ref float to, int count)
        where TMask : struct, IGradientMask
    {
        if (count >= 16)
        {
            nint tail = count - 16;
            Vector512<float> last = default(TMask).Apply(Vector512.LoadUnsafe(ref Unsafe.Add(ref y, tail)), Vector512.LoadUnsafe(ref Unsafe.Add(ref g, tail)));
            for (nint i = 0; i < tail; i += 16)
            {
                Vector512<float> v = default(TMask).Apply(Vector512.LoadUnsafe(ref Unsafe.Add(ref y, i)), Vector512.LoadUnsafe(ref Unsafe.Add(ref g, i)));
                v.StoreUnsafe(ref Unsafe.Add(ref g, i));
                v.StoreUnsafe(ref Unsafe.Add(ref to, i));
            }
            last.StoreUnsafe(ref Unsafe.Add(ref g, tail));
            last.StoreUnsafe(ref Unsafe.Add(ref to, tail));
        }
        else
        {
            nint tail = count - 8;
            Vector256<float> first = default(TMask).Apply(Vector256.LoadUnsafe(ref y), Vector256.LoadUnsafe(ref g));
            Vector256<float> last = default(TMask).Apply(Vector256.LoadUnsafe(ref Unsafe.Add(ref y, tail)), Vector256.LoadUnsafe(ref Unsafe.Add(ref g, tail)));
            first.StoreUnsafe(ref g);
            first.StoreUnsafe(ref to);
            last.StoreUnsafe(ref Unsafe.Add(ref g, tail));
            last.StoreUnsafe(ref Unsafe.Add(ref to, tail));
        }
    }

    // dbias[o] += the sum of the group's wide rows of channel o (their zeros add nothing), in four running sums.
    public static void BiasGradient(ReadOnlySpan<float> group, int count, int perSample, Span<float> dbias, int outC, int rowStride)
    {
        for (int o = 0; o < outC; o++)
        {
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (int i = 0; i < count; i++)
            {
                ref float row = ref MemoryMarshal.GetReference(group.Slice(i * perSample + o * rowStride, rowStride));
                int p = 0;
                for (; p + 4 * Lanes <= rowStride; p += 4 * Lanes)
                {
                    s0 += Vector512.LoadUnsafe(ref row, (nuint)p);
                    s1 += Vector512.LoadUnsafe(ref row, (nuint)(p + Lanes));
                    s2 += Vector512.LoadUnsafe(ref row, (nuint)(p + 2 * Lanes));
                    s3 += Vector512.LoadUnsafe(ref row, (nuint)(p + 3 * Lanes));
                }
                for (; p < rowStride; p += Lanes)
                {
                    s0 += Vector512.LoadUnsafe(ref row, (nuint)p);
                }
            }
            dbias[o] += Conv2DTiles.Sum((s0 + s1) + (s2 + s3));
        }
    }

    // dinp (one sample) += col2im(W^T dpre): straight into dinp, or through the zeroed padded copy dx when padded.
    public static void InputGradient(ReadOnlySpan<float> wideGradient, ReadOnlySpan<int> dOffsets, ReadOnlySpan<int> pairOffsets, ReadOnlySpan<float> packed,
        Span<float> dx, Span<float> dinp, in Conv2DShape s, in WideGeometry g)
    {
        int k = s.PatchSize, outC = s.OutChannels, full = k / 8;
        int regular = g.Slots - 1, triples = regular / 3;
        Span<int> rows = stackalloc int[8];
        Span<float> zero = stackalloc float[8];
        zero.Clear();
        ref float b = ref MemoryMarshal.GetReference(wideGradient);
        ref int boff = ref MemoryMarshal.GetReference(dOffsets);
        ref float init = ref MemoryMarshal.GetReference(zero);
        if (g.Padded)
        {
            dx.Clear();
        }
        ref float dst = ref g.Padded ? ref MemoryMarshal.GetReference(dx) : ref MemoryMarshal.GetReference(dinp);
        for (int rb = 0; rb < full; rb++)
        {
            for (int m = 0; m < 8; m++)
            {
                rows[m] = pairOffsets[rb * 8 + m];
            }
            ref float a = ref Unsafe.AsRef(in packed[rb * 8 * outC]);
            ref int doff = ref MemoryMarshal.GetReference(rows);
            for (int t = 0; t < triples; t++)
            {
                nint p = (nint)t * 3 * Lanes;
                Conv2DTiles.Rows8x3<AddTile>(outC, ref a, ref boff, ref b, p, ref init, ref dst, ref doff, p);
            }
            for (int slot = triples * 3; slot < regular; slot++)
            {
                nint p = (nint)slot * Lanes;
                Conv2DTiles.Rows8x1<AddTile>(outC, ref a, ref boff, ref b, p, ref init, ref dst, ref doff, p);
            }
            Conv2DTiles.Rows8x1<AddTile>(outC, ref a, ref boff, ref b, (nint)regular * Lanes, ref init, ref dst, ref doff, g.Last);
        }
        for (int r = full * 8; r < k; r++)
        {
            ref float a = ref Unsafe.AsRef(in packed[full * 8 * outC + r % 8]);
            ref float row = ref Unsafe.Add(ref dst, pairOffsets[r]);
            for (int t = 0; t < triples; t++)
            {
                nint p = (nint)t * 3 * Lanes;
                Conv2DTiles.Rows1x3<AddTile>(outC, ref a, 8, ref boff, ref b, p, ref row, p);
            }
            for (int slot = triples * 3; slot < regular; slot++)
            {
                nint p = (nint)slot * Lanes;
                Conv2DTiles.Rows1x1<AddTile>(outC, ref a, 8, ref boff, ref b, p, ref row, p);
            }
            Conv2DTiles.Rows1x1<AddTile>(outC, ref a, 8, ref boff, ref b, (nint)regular * Lanes, ref row, g.Last);
        }
        if (!g.Padded)
        {
            return;
        }
        ref float from = ref MemoryMarshal.GetReference(dx);
        ref float to = ref MemoryMarshal.GetReference(dinp);
        for (int c = 0; c < s.InChannels; c++)
        {
            for (int h = 0; h < s.InHeight; h++)
            {
                Conv2DRows.Add(ref Unsafe.Add(ref from, c * g.Plane + (h + s.PadHeight) * g.Width + s.PadWidth),
                    ref Unsafe.Add(ref to, (c * s.InHeight + h) * s.InWidth), s.InWidth);
            }
        }
    }

    /// <summary><c>offsets[r]</c>: where pair <c>r = tap * inC + c</c> of the input gradient starts in the (padded) image.</summary>
    public static void PairOffsets(in Conv2DShape s, in WideGeometry g, Span<int> offsets)
    {
        for (int r = 0; r < s.PatchSize; r++)
        {
            offsets[r] = r % s.InChannels * g.Plane + TapOffset(r / s.InChannels, s, g);
        }
    }

    private static int TapOffset(int tap, in Conv2DShape s, in WideGeometry g) =>
        tap / s.KernelWidth * s.DilationHeight * g.Width + tap % s.KernelWidth * s.DilationWidth;

    // packed[rb][o][m] = weight[o, c, tap] for pair r = rb*8 + m = tap * inC + c; zero past the end.
    public static void PackTransposed(ReadOnlySpan<float> weight, in Conv2DShape s, Span<float> packed)
    {
        int k = s.PatchSize, outC = s.OutChannels, taps = s.KernelHeight * s.KernelWidth;
        packed.Clear();
        for (int r = 0; r < k; r++)
        {
            int tap = r / s.InChannels, c = r % s.InChannels;
            Span<float> block = packed.Slice(r / 8 * 8 * outC);
            for (int o = 0; o < outC; o++)
            {
                block[o * 8 + r % 8] = weight[o * k + c * taps + tap];
            }
        }
    }
}

/// <summary>How <see cref="Conv2DGradients"/> turns <c>dout</c> into <c>dpre</c> while spreading it.</summary>
internal interface IGradientMask
{
    Vector512<float> Apply(Vector512<float> y, Vector512<float> g);

    Vector256<float> Apply(Vector256<float> y, Vector256<float> g);
}

/// <summary><c>dpre = dout</c>: the derivative was already applied.</summary>
internal readonly struct NoMask : IGradientMask
{
    public Vector512<float> Apply(Vector512<float> y, Vector512<float> g) => g;

    public Vector256<float> Apply(Vector256<float> y, Vector256<float> g) => g;
}

/// <summary><c>dpre = dout * (y &lt;= 0 ? 0 : 1)</c>, bit for bit <see cref="ReluActivation.MultiplyByDerivative"/>.</summary>
internal readonly struct ReluMask : IGradientMask
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Apply(Vector512<float> y, Vector512<float> g) =>
        g * Vector512.AndNot(Vector512<float>.One, Vector512.LessThanOrEqual(y, Vector512<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Apply(Vector256<float> y, Vector256<float> g) =>
        g * Vector256.AndNot(Vector256<float>.One, Vector256.LessThanOrEqual(y, Vector256<float>.Zero));
}
