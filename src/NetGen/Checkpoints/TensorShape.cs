using System;
using System.Text;

namespace NetGen.Checkpoints;

/// <summary>Shape arithmetic and formatting shared by the reader, the writer and the checkpoint messages.</summary>
internal static class TensorShape
{
    /// <summary>The number of values a shape holds; -1 if a dimension is negative, <see cref="long.MaxValue"/> on overflow.</summary>
    public static long Count(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                return -1;
            }
            count = MultiplySaturated(count, d);
        }
        return count;
    }

    /// <summary><paramref name="a"/> times <paramref name="b"/> (both non-negative), or <see cref="long.MaxValue"/> on overflow.</summary>
    public static long MultiplySaturated(long a, long b) =>
        b != 0 && a > long.MaxValue / b ? long.MaxValue : a * b;

    /// <summary>Formats a shape as PyTorch prints a size: <c>(128, 64)</c>, <c>(3,)</c>, <c>()</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape)
    {
        if (shape.Length == 1)
        {
            return $"({shape[0]},)";
        }
        var text = new StringBuilder("(");
        for (int i = 0; i < shape.Length; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(shape[i]);
        }
        return text.Append(')').ToString();
    }

    /// <summary>The multi-index of flat index <paramref name="index"/> in a row-major tensor: <c>[2, 17]</c>.</summary>
    public static string FormatIndex(ReadOnlySpan<int> shape, int index)
    {
        var digits = new int[shape.Length];
        for (int axis = shape.Length - 1; axis >= 0; axis--)
        {
            digits[axis] = shape[axis] == 0 ? 0 : index % shape[axis];
            index = shape[axis] == 0 ? index : index / shape[axis];
        }
        return "[" + string.Join(", ", digits) + "]";
    }
}
