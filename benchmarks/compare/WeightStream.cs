using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Compare;

/// <summary>
/// The floor of batch-1 MLP inference: reading the 784 x 128 first-layer weight (401,408 bytes, which stays in L2
/// between calls but not in L1) once, with four independent 512-bit sums, the access pattern of the GEMV. Any
/// implementation must read every weight once per call, so no batch-1 forward pass of the MLP can be faster.
/// </summary>
public static class WeightStream
{
    /// <summary>Bytes read by one iteration.</summary>
    public const int Bytes = 784 * 128 * sizeof(float);

    private static readonly float[] s_weight = CreateWeight();
    private static float s_sink;

    /// <summary>Reads the weight <paramref name="iterations"/> times.</summary>
    public static void Run(long iterations)
    {
        float sum = 0;
        for (long n = 0; n < iterations; n++)
        {
            sum += Once();
        }
        s_sink += sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Once()
    {
        ref float w = ref MemoryMarshal.GetArrayDataReference(s_weight);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int i = 0; i + 64 <= s_weight.Length; i += 64)
        {
            a0 += Vector512.LoadUnsafe(ref w, (nuint)i);
            a1 += Vector512.LoadUnsafe(ref w, (nuint)(i + 16));
            a2 += Vector512.LoadUnsafe(ref w, (nuint)(i + 32));
            a3 += Vector512.LoadUnsafe(ref w, (nuint)(i + 48));
        }
        return Vector512.Sum(a0 + a1 + a2 + a3);
    }

    private static float[] CreateWeight()
    {
        var weight = new float[Bytes / sizeof(float)];
        for (int i = 0; i < weight.Length; i++)
        {
            weight[i] = (i % 7) * 0.125f;
        }
        return weight;
    }
}
