using System;

namespace NetGen.Optimizers;

/// <summary>Argument checks shared by the optimizers' constructors, with one wording for each kind of range.</summary>
internal static class Hyperparameters
{
    public static void LearningRate(float value, string parameter) => NonNegative(value, parameter, "The learning rate");

    /// <summary>A finite value &gt;= 0 (learning rates, epsilons, weight decay).</summary>
    public static void NonNegative(float value, string parameter, string what)
    {
        if (!(value >= 0f) || float.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(parameter, value, $"{what} must be a finite number >= 0.");
        }
    }

    /// <summary>A value in [0, 1) (betas, momentum, decay rates of running averages).</summary>
    public static void Fraction(float value, string parameter, string what)
    {
        if (!(value >= 0f && value < 1f))
        {
            throw new ArgumentOutOfRangeException(parameter, value, $"{what} must be in [0, 1).");
        }
    }

    /// <summary>A value in [0, 1] (dampening).</summary>
    public static void ClosedFraction(float value, string parameter, string what)
    {
        if (!(value >= 0f && value <= 1f))
        {
            throw new ArgumentOutOfRangeException(parameter, value, $"{what} must be in [0, 1].");
        }
    }
}
