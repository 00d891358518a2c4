using System;

namespace NetGen.Optimizers.Rules;

/// <summary>
/// <see cref="Adagrad"/>'s update of one parameter (<c>torch.optim.Adagrad</c>): <c>g += wd p</c>; <c>sum += g g</c>;
/// <c>p -= clr g / (sqrt(sum) + eps)</c> with <c>clr = lr / (1 + (t - 1) lr_decay)</c>. State 0 is <c>sum</c>.
/// </summary>
public readonly struct AdagradRule : IOptimizerRule
{
    private readonly float _negativeClr;
    private readonly float _epsilon;
    private readonly float _weightDecay;

    /// <summary>The rule of step <paramref name="step"/> (1 for the first) of an Adagrad optimizer with these hyperparameters.</summary>
    /// <param name="learningRate">This step's learning rate.</param>
    /// <param name="learningRateDecay">How fast the learning rate decays with the step count.</param>
    /// <param name="weightDecay">The L2 penalty.</param>
    /// <param name="epsilon">The term added to the denominator.</param>
    /// <param name="step">The step count, this step included.</param>
    public AdagradRule(float learningRate, float learningRateDecay, float weightDecay, float epsilon, long step)
    {
        // clr in float64, as PyTorch's Python float, rounded to float32 where it meets the tensors.
        _negativeClr = (float)-(learningRate / (1.0 + (step - 1) * (double)learningRateDecay));
        _epsilon = epsilon;
        _weightDecay = weightDecay;
    }

    internal float NegativeClr => _negativeClr;

    /// <inheritdoc/>
    public OptimizerElement Update(OptimizerElement element, float gradient, bool decay)
    {
        float p = element.Parameter;
        float g = decay && _weightDecay > 0f ? p * _weightDecay + gradient : gradient;
        float sum = g * g + element.State0;
        float std = MathF.Sqrt(sum) + _epsilon;
        element.State0 = sum;
        element.Parameter = p + g * _negativeClr / std;
        return element;
    }
}
