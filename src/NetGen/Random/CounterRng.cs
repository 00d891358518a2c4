using System.Runtime.CompilerServices;

namespace NetGen.Random;

/// <summary>
/// A counter-based generator: the random number at <c>(seed, step, index)</c> is a pure function of the three, so any
/// element can be drawn in any order, on any thread or device, and a run is reproduced from its seed alone.
/// </summary>
/// <remarks>
/// Built from SplitMix64's output function <c>mix</c> (Steele, Lea and Flood 2014, with Stafford's "Mix13"
/// constants), a bijection of 64-bit integers with good avalanche. The key of a (seed, step) stream is
/// <c>key = mix(mix(seed) + step * 0x9E3779B97F4A7C15)</c> and element <c>index</c> of the stream is
/// <c>mix(key + (index + 1) * 0x9E3779B97F4A7C15)</c>, i.e. the <c>index</c>-th output of a SplitMix64 generator
/// seeded with <c>key</c>. <see cref="Hash"/> returns its high 32 bits; <see cref="Uniform"/> its high 24 bits
/// scaled to [0, 1). All arithmetic is unsigned 64-bit and wraps, so every platform draws the same numbers.
/// </remarks>
public static class CounterRng
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>32 random bits for element <paramref name="index"/> of call <paramref name="step"/> under <paramref name="seed"/>.</summary>
    public static uint Hash(long seed, long step, long index) => KeyedHash(Key(seed, step), index);

    /// <summary>A uniform float in [0, 1), on the grid of multiples of 2^-24, for <c>(seed, step, index)</c>.</summary>
    public static float Uniform(long seed, long step, long index) => KeyedUniform(Key(seed, step), index);

    /// <summary>The key of the stream <c>(seed, step)</c>; hoisted out of loops over indices.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Key(long seed, long step) =>
        Mix(unchecked(Mix((ulong)seed) + (ulong)step * Golden));

    /// <summary>The bits of element <paramref name="index"/> of the stream with key <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint KeyedHash(ulong key, long index) =>
        (uint)(Mix(unchecked(key + ((ulong)index + 1) * Golden)) >> 32);

    /// <summary>The uniform float of element <paramref name="index"/> of the stream with key <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float KeyedUniform(ulong key, long index) => (KeyedHash(key, index) >> 8) * (1f / (1 << 24));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
