namespace NetGen.Generator.Planning;

/// <summary>
/// Size arithmetic that cannot wrap. Declared sizes are ints a user may set to anything, and their products (a
/// weight's outC x inC x kH x kW, an activation's MaxBatch x C x H x W) overflow even a long, so every product and
/// sum the planner forms saturates at <see cref="long.MaxValue"/>; anything above <see cref="MaxArrayLength"/> is
/// then reported rather than planned.
/// </summary>
internal static class Sizes
{
    /// <summary>The largest float[] .NET allocates (Array.MaxLength).</summary>
    public const long MaxArrayLength = 0x7FFFFFC7;

    /// <summary>The product of non-negative factors (negatives count as 0), saturated at <see cref="long.MaxValue"/>.</summary>
    public static long Product(params long[] factors)
    {
        long product = 1;
        foreach (long factor in factors)
        {
            if (factor <= 0)
            {
                return 0;
            }
            product = product > long.MaxValue / factor ? long.MaxValue : product * factor;
        }
        return product;
    }

    /// <summary>A sum of non-negative terms, saturated at <see cref="long.MaxValue"/>.</summary>
    public static long Sum(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    /// <summary>Whether a count of floats fits one .NET array.</summary>
    public static bool FitArray(long count) => count <= MaxArrayLength;
}
