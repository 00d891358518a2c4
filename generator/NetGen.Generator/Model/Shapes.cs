using System;
using System.Globalization;

namespace NetGen.Generator.Model;

/// <summary>Helpers for shapes: products and text.</summary>
internal static class Shapes
{
    /// <summary>The product of the dimensions, saturated at int.MaxValue.</summary>
    public static int Product(EquatableArray<int> shape)
    {
        long p = 1;
        foreach (int d in shape)
        {
            p = Math.Min(p * Math.Max(d, 0), int.MaxValue);
        }
        return (int)p;
    }

    public static string Text(EquatableArray<int> shape, string separator = "x")
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        }
        return string.Join(separator, parts);
    }

    public static EquatableArray<int> Of(params int[] dims) => new(dims);
}
