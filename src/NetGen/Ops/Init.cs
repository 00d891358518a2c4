using System;
using NetGen.Random;

namespace NetGen.Ops;

/// <summary>
/// Parameter initialisation schemes, as in <c>torch.nn.init</c>. Generated networks use He (Kaiming) uniform for
/// layers followed by ReLU or leaky ReLU and Xavier (Glorot) uniform otherwise; biases start at zero.
/// </summary>
public static class Init
{
    /// <summary>
    /// He/Kaiming uniform (He et al. 2015): <c>U(-b, b)</c> with <c>b = gain sqrt(3 / fanIn)</c>, where the gain is
    /// <c>sqrt(2 / (1 + slope^2))</c> for a (leaky) ReLU of negative slope <paramref name="negativeSlope"/>.
    /// </summary>
    public static void HeUniform(Span<float> weight, int fanIn, float negativeSlope, ref Rng rng)
    {
        double gain = Math.Sqrt(2.0 / (1.0 + (double)negativeSlope * negativeSlope));
        Uniform(weight, (float)(gain * Math.Sqrt(3.0 / fanIn)), ref rng);
    }

    /// <summary>
    /// Xavier/Glorot uniform (Glorot and Bengio 2010): <c>U(-b, b)</c> with <c>b = gain sqrt(6 / (fanIn + fanOut))</c>.
    /// </summary>
    public static void XavierUniform(Span<float> weight, int fanIn, int fanOut, float gain, ref Rng rng) =>
        Uniform(weight, (float)(gain * Math.Sqrt(6.0 / (fanIn + fanOut))), ref rng);

    /// <summary>Fills <paramref name="values"/> from <c>U(-bound, bound)</c>.</summary>
    public static void Uniform(Span<float> values, float bound, ref Rng rng)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.NextFloat(-bound, bound);
        }
    }
}
