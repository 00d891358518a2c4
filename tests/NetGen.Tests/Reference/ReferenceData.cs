using System;

namespace NetGen.Tests.Reference;

/// <summary>Seeded random inputs, targets and parameters for the reference checks (System.Random, never NetGen's RNG).</summary>
public static class ReferenceData
{
    /// <summary>Pre-activations of (leaky) ReLU layers are kept at least this far from the kink at 0.</summary>
    public const double KinkMargin = 1e-3;

    /// <summary>Uniform values in [-<paramref name="scale"/>, <paramref name="scale"/>), as floats so float and float64 paths see the same numbers.</summary>
    public static float[] Uniform(System.Random rng, int count, double scale)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((rng.NextDouble() * 2.0 - 1.0) * scale);
        }
        return values;
    }

    /// <summary>
    /// Valid targets for <paramref name="loss"/>: class indices (as floats) for softmax cross-entropy, probabilities
    /// in [0, 1] (including the ends) for binary cross-entropy, values in [-1, 1] for mean squared error.
    /// </summary>
    public static float[] Targets(System.Random rng, Loss loss, int batch, int outputs)
    {
        switch (loss)
        {
            case Loss.SoftmaxCrossEntropy:
                var labels = new float[batch];
                for (int b = 0; b < batch; b++)
                {
                    labels[b] = rng.Next(outputs);
                }
                return labels;
            case Loss.BinaryCrossEntropy:
                var p = new float[batch * outputs];
                for (int i = 0; i < p.Length; i++)
                {
                    p[i] = (i % 3) switch { 0 => (float)rng.NextDouble(), 1 => 0f, _ => 1f };
                }
                return p;
            default:
                return Uniform(rng, batch * outputs, 1.0);
        }
    }

    /// <summary>The float64 copy of float values.</summary>
    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var d = new double[values.Length];
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = values[i];
        }
        return d;
    }

    /// <summary>
    /// The smallest |pre-activation| over the layers whose own activation has a kink at 0 (ReLU, leaky ReLU), or
    /// +infinity when none has: finite differences and float/float64 comparisons are meaningful only away from it.
    /// </summary>
    public static double DistanceToKinks(ReferenceMlp mlp, ReferencePass pass)
    {
        double min = double.PositiveInfinity;
        for (int l = 0; l < mlp.Layers.Count; l++)
        {
            if (mlp.LayerActivation(l) is Activation.ReLU or Activation.LeakyReLU)
            {
                foreach (double x in pass.PreActivations[l])
                {
                    min = Math.Min(min, Math.Abs(x));
                }
            }
        }
        return min;
    }
}
