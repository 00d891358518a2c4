using System;
using NetGen.Optimizers;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// Runs an optimizer and its float64 reference side by side on one seeded arena, with a fresh random gradient and a
/// decaying learning rate (as a schedule would set it) every step, and checks parameters and state after each step.
/// </summary>
public static class OptimizerTrajectory
{
    /// <summary>Relative tolerance: a dozen steps of a handful of float32 roundings each.</summary>
    public const double Rel = 1e-5;

    /// <summary>Absolute tolerance, for values near zero.</summary>
    public const double Abs = 1e-6;

    // Gradient scales that rise and fall, so that second-moment averages shrink at times (AMSGrad's maximum matters).
    private static readonly double[] s_scales = { 1, 0.3, 2, 0.05, 1, 0.5, 3, 0.1, 0.02, 1.5, 0.2, 0.7 };

    /// <summary>The parameters and gradients of a run: a start arena and one gradient arena per step.</summary>
    public static (float[] Start, float[][] Gradients) Data(int length, int steps, int seed)
    {
        var rng = new System.Random(seed);
        float[] start = ReferenceData.Uniform(rng, length, 1.0);
        var gradients = new float[steps][];
        for (int s = 0; s < steps; s++)
        {
            gradients[s] = ReferenceData.Uniform(rng, length, s_scales[s % s_scales.Length]);
        }
        return (start, gradients);
    }

    /// <summary>The learning rate a run uses at (zero-based) step <paramref name="step"/>.</summary>
    public static float LearningRate(OptimizerCase c, int step) => c.LearningRate * (1f - 0.04f * step);

    /// <summary>Steps both and compares after every step; <paramref name="decay"/> null means decay everywhere.</summary>
    public static void MatchesReference(OptimizerCase c, Optimizer optimizer, int length, int steps, bool[]? decay = null, int seed = 7)
    {
        ReferenceOptimizer reference = c.Reference();
        decay ??= Filled(length, true);
        (float[] p, float[][] gradients) = Data(length, steps, seed);
        double[] expected = ReferenceData.ToDouble(p);

        for (int s = 0; s < steps; s++)
        {
            float lr = LearningRate(c, s);
            optimizer.LearningRate = lr;
            optimizer.Step(p, gradients[s]);
            reference.Step(expected, ReferenceData.ToDouble(gradients[s]), decay, lr);

            Approx.AllEqual(expected, p, Rel, Abs, $"{c.Name}: parameters after step {s + 1}");
            Assert.Equal(s + 1, optimizer.StepCount);
        }

        Assert.Equal(reference.State.Count, optimizer.StateTensors.Count);
        for (int k = 0; k < reference.State.Count; k++)
        {
            Assert.Equal(reference.State[k].Name, optimizer.StateTensors[k].Name);
            Approx.AllEqual(reference.State[k].Values, optimizer.StateTensors[k].Values, Rel, Abs, $"{c.Name}: state '{reference.State[k].Name}'");
        }
    }

    /// <summary>An array of <paramref name="length"/> copies of <paramref name="value"/>.</summary>
    public static bool[] Filled(int length, bool value)
    {
        var mask = new bool[length];
        Array.Fill(mask, value);
        return mask;
    }
}
