using System;
using NetGen.Random;

namespace NetGen.Ops;

/// <summary>
/// Parameter initialisation schemes, as in <c>torch.nn.init</c> (fan-in mode for He and LeCun). Generated networks
/// call these from <c>Initialize</c> with the fans and the gain of each layer; see <see cref="InitScheme"/>.
/// </summary>
public static class Init
{
    /// <summary>He/Kaiming uniform: <c>U(-b, b)</c> with <c>b = gain sqrt(3 / fanIn)</c> (He et al. 2015).</summary>
    public static void HeUniform(Span<float> weight, int fanIn, float gain, ref Rng rng) =>
        Uniform(weight, (float)(gain * Math.Sqrt(3.0 / fanIn)), ref rng);

    /// <summary>He/Kaiming normal: <c>N(0, std)</c> with <c>std = gain / sqrt(fanIn)</c>.</summary>
    public static void HeNormal(Span<float> weight, int fanIn, float gain, ref Rng rng) =>
        Normal(weight, (float)(gain / Math.Sqrt(fanIn)), ref rng);

    /// <summary>Xavier/Glorot uniform: <c>U(-b, b)</c> with <c>b = gain sqrt(6 / (fanIn + fanOut))</c> (Glorot and Bengio 2010).</summary>
    public static void XavierUniform(Span<float> weight, int fanIn, int fanOut, float gain, ref Rng rng) =>
        Uniform(weight, (float)(gain * Math.Sqrt(6.0 / (fanIn + fanOut))), ref rng);

    /// <summary>Xavier/Glorot normal: <c>N(0, std)</c> with <c>std = gain sqrt(2 / (fanIn + fanOut))</c>.</summary>
    public static void XavierNormal(Span<float> weight, int fanIn, int fanOut, float gain, ref Rng rng) =>
        Normal(weight, (float)(gain * Math.Sqrt(2.0 / (fanIn + fanOut))), ref rng);

    /// <summary>LeCun uniform: <c>U(-b, b)</c> with <c>b = sqrt(3 / fanIn)</c>.</summary>
    public static void LeCunUniform(Span<float> weight, int fanIn, ref Rng rng) =>
        Uniform(weight, (float)Math.Sqrt(3.0 / fanIn), ref rng);

    /// <summary>LeCun normal: <c>N(0, std)</c> with <c>std = 1 / sqrt(fanIn)</c> (LeCun et al. 1998).</summary>
    public static void LeCunNormal(Span<float> weight, int fanIn, ref Rng rng) =>
        Normal(weight, (float)(1.0 / Math.Sqrt(fanIn)), ref rng);

    /// <summary>Fills <paramref name="values"/> from <c>U(-bound, bound)</c>.</summary>
    public static void Uniform(Span<float> values, float bound, ref Rng rng)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.NextFloat(-bound, bound);
        }
    }

    /// <summary>Fills <paramref name="values"/> from <c>N(0, std)</c>.</summary>
    public static void Normal(Span<float> values, float std, ref Rng rng)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = std * rng.NextGaussian();
        }
    }
}
