using System;
using System.Runtime.CompilerServices;

namespace NetGen.Random;

/// <summary>
/// A small, fast, seedable generator (xoshiro128** by Blackman and Vigna, seeded through SplitMix64) whose
/// sequence is the same on every platform and runtime, so a seed reproduces a run bit for bit.
/// A mutable struct: pass it by <c>ref</c>.
/// </summary>
public struct Rng
{
    private uint _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator from a seed.</summary>
    public Rng(long seed) : this(seed, 0)
    {
    }

    /// <summary>
    /// Creates the generator of an independent stream (for example one per layer), so that adding a stream
    /// does not change the numbers another stream draws.
    /// </summary>
    public Rng(long seed, long stream)
    {
        ulong x = unchecked((ulong)seed ^ ((ulong)stream * 0xD1B54A32D192ED03UL));
        ulong a = SplitMix64(ref x), b = SplitMix64(ref x);
        _s0 = (uint)a;
        _s1 = (uint)(a >> 32);
        _s2 = (uint)b;
        _s3 = (uint)(b >> 32);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
        {
            _s0 = 1;
        }
    }

    /// <summary>The generator's whole state, to save in a checkpoint and restore with <see cref="FromState"/>.</summary>
    public RngState State => new(((ulong)_s1 << 32) | _s0, ((ulong)_s3 << 32) | _s2);

    /// <summary>A generator that continues exactly where the one whose <see cref="State"/> was saved stopped.</summary>
    /// <exception cref="ArgumentException">The state is all zeros, which no generator reaches.</exception>
    public static Rng FromState(RngState state)
    {
        if (state.Low == 0 && state.High == 0)
        {
            throw new ArgumentException("An all-zero state is not a state of this generator; restore a state saved from Rng.State.", nameof(state));
        }
        var rng = default(Rng);
        rng._s0 = (uint)state.Low;
        rng._s1 = (uint)(state.Low >> 32);
        rng._s2 = (uint)state.High;
        rng._s3 = (uint)(state.High >> 32);
        return rng;
    }

    /// <summary>The next 32 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint NextUInt32()
    {
        uint result = RotateLeft(_s1 * 5, 7) * 9;
        uint t = _s1 << 9;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 11);
        return result;
    }

    /// <summary>A uniform float in [0, 1), with 24 random bits.</summary>
    public float NextFloat() => (NextUInt32() >> 8) * (1f / (1 << 24));

    /// <summary>A uniform float in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public float NextFloat(float low, float high) => low + (high - low) * NextFloat();

    /// <summary>
    /// A standard normal sample (mean 0, standard deviation 1), by the Box-Muller transform of two uniforms; one
    /// sample per call, so the sequence does not depend on how calls interleave.
    /// </summary>
    public float NextGaussian()
    {
        // u1 in (0, 1], so that the logarithm is finite.
        double u1 = ((NextUInt32() >> 8) + 1) * (1.0 / (1 << 24));
        double u2 = (NextUInt32() >> 8) * (1.0 / (1 << 24));
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    /// <summary>A uniform integer in [0, <paramref name="n"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int n)
    {
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "The upper bound must be positive.");
        }
        ulong m = (ulong)NextUInt32() * (uint)n;
        uint low = (uint)m;
        if (low < (uint)n)
        {
            uint threshold = (uint)(-n) % (uint)n;
            while (low < threshold)
            {
                m = (ulong)NextUInt32() * (uint)n;
                low = (uint)m;
            }
        }
        return (int)(m >> 32);
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher-Yates).</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static uint RotateLeft(uint x, int k) => (x << k) | (x >> (32 - k));

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
