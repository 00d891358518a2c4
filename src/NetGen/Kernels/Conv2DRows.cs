using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

/// <summary>Row copies and sums between the compact and the wide layouts of <see cref="Conv2DDirect"/>.</summary>
internal static class Conv2DRows
{
    /// <summary>Copies sample <paramref name="x"/> into the interior of <paramref name="padded"/>, whose border is zero.</summary>
    public static ref float Pad(ReadOnlySpan<float> x, Span<float> padded, in Conv2DShape s, in WideGeometry g)
    {
        ref float from = ref MemoryMarshal.GetReference(x);
        ref float to = ref MemoryMarshal.GetReference(padded);
        for (int c = 0; c < s.InChannels; c++)
        {
            CopyRows(ref Unsafe.Add(ref from, c * s.InHeight * s.InWidth), s.InWidth,
                ref Unsafe.Add(ref to, c * g.Plane + s.PadHeight * g.Width + s.PadWidth), g.Width, s.InHeight, s.InWidth);
        }
        return ref to;
    }

    /// <summary>
    /// Copies <paramref name="rows"/> rows of <paramref name="count"/> floats between non-overlapping buffers with the
    /// given row strides, each row's tail as one vector overlapping the previous.
    /// </summary>
    public static void CopyRows(ref float from, nint fromStride, ref float to, nint toStride, int rows, int count)
    {
        if (count >= 16 && Vector512.IsHardwareAccelerated)
        {
            nint tail = count - 16;
            for (int r = 0; r < rows; r++)
            {
                ref float f = ref Unsafe.Add(ref from, r * fromStride);
                ref float t = ref Unsafe.Add(ref to, r * toStride);
                for (nint i = 0; i < tail; i += 16)
                {
                    Vector512.LoadUnsafe(ref Unsafe.Add(ref f, i)).StoreUnsafe(ref Unsafe.Add(ref t, i));
                }
                Vector512.LoadUnsafe(ref Unsafe.Add(ref f, tail)).StoreUnsafe(ref Unsafe.Add(ref t, tail));
            }
        }
        else if (count >= 8)
        {
            nint tail = count - 8;
            for (int r = 0; r < rows; r++)
            {
                ref float f = ref Unsafe.Add(ref from, r * fromStride);
                ref float t = ref Unsafe.Add(ref to, r * toStride);
                for (nint i = 0; i < tail; i += 8)
                {
                    Vector256.LoadUnsafe(ref Unsafe.Add(ref f, i)).StoreUnsafe(ref Unsafe.Add(ref t, i));
                }
                Vector256.LoadUnsafe(ref Unsafe.Add(ref f, tail)).StoreUnsafe(ref Unsafe.Add(ref t, tail));
            }
        }
        else if (count >= 4)
        {
            nint tail = count - 4;
            for (int r = 0; r < rows; r++)
            {
                Vector128.LoadUnsafe(ref Unsafe.Add(ref from, r * fromStride)).StoreUnsafe(ref Unsafe.Add(ref to, r * toStride));
                Vector128.LoadUnsafe(ref Unsafe.Add(ref from, r * fromStride + tail)).StoreUnsafe(ref Unsafe.Add(ref to, r * toStride + tail));
            }
        }
        else
        {
            for (int r = 0; r < rows; r++)
            {
                for (int i = 0; i < count; i++)
                {
                    Unsafe.Add(ref to, r * toStride + i) = Unsafe.Add(ref from, r * fromStride + i);
                }
            }
        }
    }

    /// <summary><c>to[i] += from[i]</c> for <paramref name="count"/> floats.</summary>
    public static void Add(ref float from, ref float to, int count)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= count; i += 16)
            {
                (Vector512.LoadUnsafe(ref to, (nuint)i) + Vector512.LoadUnsafe(ref from, (nuint)i)).StoreUnsafe(ref to, (nuint)i);
            }
        }
        for (; i + 8 <= count; i += 8)
        {
            (Vector256.LoadUnsafe(ref to, (nuint)i) + Vector256.LoadUnsafe(ref from, (nuint)i)).StoreUnsafe(ref to, (nuint)i);
        }
        for (; i < count; i++)
        {
            Unsafe.Add(ref to, i) += Unsafe.Add(ref from, i);
        }
    }
}
