using System;

namespace NetGen.Optimizers;

/// <summary>Argument checks shared by the optimizers' constructors, with one wording for each kind of range.</summary>
internal static class Hyperparameters
{
    /// <summary>
    /// A learning rate: finite and &gt;= 0. NaN, infinity or a negative rate would write NaN into every parameter, or
    /// climb the loss, in one step.
    /// </summary>
    public static void LearningRate(float value, string parameter)
    {
        if (!(value >= 0f) || float.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(
                parameter, value, "The learning rate must be a finite number >= 0, such as 1e-3; a NaN, infinite or negative rate would ruin the parameters in one step.");
        }
    }

    /// <summary>
    /// An epsilon added to a denominator (Adam, RMSprop, Adagrad): finite and &gt; 0. With 0, a parameter whose
    /// gradients have all been zero divides 0 by 0, and NaN enters the parameters.
    /// </summary>
    public static void Epsilon(float value, string parameter)
    {
        if (!(value > 0f) || float.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(
                parameter, value, "Epsilon must be a finite number > 0, such as 1e-8: it keeps the update's denominator away from zero, and with 0 a parameter whose gradients are all zero gets 0 / 0 = NaN.");
        }
    }

    /// <summary>A finite value &gt;= 0 (weight decay); learning rates and epsilons have checks of their own, with their own advice.</summary>
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
