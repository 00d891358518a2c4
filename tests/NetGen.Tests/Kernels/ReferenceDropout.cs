namespace NetGen.Tests.Kernels;

/// <summary>
/// The counter-based generator as documented on <c>NetGen.Random.CounterRng</c>, re-implemented from the formula
/// (SplitMix64's mixer keyed by seed and step), and inverted dropout's definition.
/// </summary>
public static class ReferenceDropout
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary><c>mix(mix(mix(seed) + step G) + (index + 1) G) &gt;&gt; 32</c>.</summary>
    public static uint Hash(long seed, long step, long index)
    {
        unchecked
        {
            ulong key = Mix(Mix((ulong)seed) + (ulong)step * Golden);
            return (uint)(Mix(key + ((ulong)index + 1) * Golden) >> 32);
        }
    }

    /// <summary>The top 24 bits of <see cref="Hash"/> over 2^24.</summary>
    public static double Uniform(long seed, long step, long index) => (Hash(seed, step, index) >> 8) / 16777216.0;

    /// <summary>Element i is kept, scaled by 1 / (1 - p), when its uniform is at least p.</summary>
    public static double Mask(long seed, long step, long index, double p) =>
        Uniform(seed, step, index) >= p ? 1.0 / (1.0 - p) : 0.0;

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
