using System;

namespace NetGen.Optimizers.Rules;

/// <summary>
/// <see cref="Adam"/>'s and <see cref="AdamW"/>'s update of one parameter (<c>torch.optim.Adam</c>'s
/// <c>_single_tensor_adam</c>): <c>g += wd p</c> (or <c>p *= 1 - lr wd</c>, decoupled); <c>m.lerp_(g, 1 - beta1)</c>;
/// <c>v = beta2 v + (1 - beta2) g g</c>; with AMSGrad <c>vmax = max(vmax, v)</c>; then
/// <c>p -= (lr / (1 - beta1^t)) m / (sqrt(v or vmax) / sqrt(1 - beta2^t) + eps)</c>. States 0, 1 and 2 are
/// <c>exp_avg</c>, <c>exp_avg_sq</c> and <c>max_exp_avg_sq</c>.
/// </summary>
public readonly struct AdamRule : IOptimizerRule
{
    private readonly float _oneMinusBeta1;
    private readonly float _beta2;
    private readonly float _oneMinusBeta2;
    private readonly float _epsilon;
    private readonly float _weightDecay;
    private readonly int _decoupled;
    private readonly int _amsgrad;
    private readonly float _negativeStepSize;
    private readonly float _biasCorrection2Sqrt;
    private readonly float _parameterDecay;

    /// <summary>The rule of step <paramref name="step"/> (1 for the first) of an Adam optimizer with these hyperparameters.</summary>
    /// <param name="learningRate">This step's learning rate.</param>
    /// <param name="beta1">The decay rate of the first moment.</param>
    /// <param name="beta2">The decay rate of the second moment.</param>
    /// <param name="epsilon">The term added to the denominator.</param>
    /// <param name="weightDecay">The weight decay.</param>
    /// <param name="decoupled">Whether the decay is decoupled (AdamW).</param>
    /// <param name="amsgrad">Whether AMSGrad's running maximum is used.</param>
    /// <param name="step">The step count, this step included.</param>
    public AdamRule(float learningRate, float beta1, float beta2, float epsilon, float weightDecay, bool decoupled, bool amsgrad, long step)
    {
        _oneMinusBeta1 = (float)(1.0 - beta1);
        _beta2 = beta2;
        _oneMinusBeta2 = (float)(1.0 - beta2);
        _epsilon = epsilon;
        _weightDecay = weightDecay;
        _decoupled = decoupled ? 1 : 0;
        _amsgrad = amsgrad ? 1 : 0;
        // The step's scalars in float64, as PyTorch's Python floats, rounded to float32 where they meet the tensors.
        double biasCorrection1 = 1.0 - Math.Pow(beta1, step);
        double biasCorrection2 = 1.0 - Math.Pow(beta2, step);
        _negativeStepSize = (float)-(learningRate / biasCorrection1);
        _biasCorrection2Sqrt = (float)Math.Sqrt(biasCorrection2);
        _parameterDecay = (float)(1.0 - (double)learningRate * weightDecay);
    }

    internal float NegativeStepSize => _negativeStepSize;

    internal float BiasCorrection2Sqrt => _biasCorrection2Sqrt;

    internal float ParameterDecay => _parameterDecay;

    /// <inheritdoc/>
    public OptimizerElement Update(OptimizerElement element, float gradient, bool decay)
    {
        float p = element.Parameter;
        float g = gradient;
        if (decay && _weightDecay > 0f)
        {
            if (_decoupled != 0)
            {
                p *= _parameterDecay;
            }
            else
            {
                g = p * _weightDecay + gradient;
            }
        }
        float m = RuleMath.Lerp(element.State0, g, _oneMinusBeta1);
        float v = element.State1 * _beta2;
        v = g * _oneMinusBeta2 * g + v;
        float second = v;
        if (_amsgrad != 0)
        {
            float max = element.State2;
            // TensorPrimitives.Max: NaN if either is NaN (a NaN max stays), else the larger, +0 above -0.
            max = float.IsNaN(v) || v > max || (v == max && IsNegativeZero(max)) ? v : max;
            element.State2 = max;
            second = max;
        }
        float denom = MathF.Sqrt(second) / _biasCorrection2Sqrt + _epsilon;
        element.Parameter = p + m * _negativeStepSize / denom;
        element.State0 = m;
        element.State1 = v;
        return element;
    }

    private static bool IsNegativeZero(float x) => x == 0f && 1f / x < 0f;
}
