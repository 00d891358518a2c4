using System;

namespace NetGen.Optimizers.Rules;

/// <summary>
/// <see cref="RmsProp"/>'s update of one parameter (<c>torch.optim.RMSprop</c>): <c>g += wd p</c>;
/// <c>s = alpha s + (1 - alpha) g g</c>; centred: <c>a.lerp_(g, 1 - alpha)</c>, <c>avg = sqrt(max(s - a a, 0)) + eps</c>, else
/// <c>avg = sqrt(s) + eps</c>; with momentum <c>b = momentum b + g / avg</c>, <c>p -= lr b</c>, else
/// <c>p -= lr g / avg</c>. States in <see cref="Optimizer.StateTensors"/> order: <c>square_avg</c>, then
/// <c>momentum_buffer</c> with momentum, then <c>grad_avg</c> when centred.
/// </summary>
public readonly struct RmsPropRule : IOptimizerRule
{
    private readonly float _learningRate;
    private readonly float _alpha;
    private readonly float _oneMinusAlpha;
    private readonly float _epsilon;
    private readonly float _weightDecay;
    private readonly float _momentum;
    private readonly int _centered;

    /// <summary>The rule of one step of an RMSprop optimizer with these hyperparameters.</summary>
    /// <param name="learningRate">This step's learning rate.</param>
    /// <param name="alpha">The decay rate of the squared-gradient average.</param>
    /// <param name="epsilon">The term added to the denominator.</param>
    /// <param name="weightDecay">The L2 penalty.</param>
    /// <param name="momentum">The momentum factor (0: none).</param>
    /// <param name="centered">Whether the update is normalised by the centred estimate.</param>
    public RmsPropRule(float learningRate, float alpha, float epsilon, float weightDecay, float momentum, bool centered)
    {
        _learningRate = learningRate;
        _alpha = alpha;
        _oneMinusAlpha = (float)(1.0 - alpha);
        _epsilon = epsilon;
        _weightDecay = weightDecay;
        _momentum = momentum;
        _centered = centered ? 1 : 0;
    }

    /// <inheritdoc/>
    public OptimizerElement Update(OptimizerElement element, float gradient, bool decay)
    {
        float p = element.Parameter;
        float g = decay && _weightDecay > 0f ? p * _weightDecay + gradient : gradient;
        float square = element.State0 * _alpha;
        square = g * _oneMinusAlpha * g + square;
        element.State0 = square;
        float avg;
        if (_centered != 0)
        {
            float gradAvg = RuleMath.Lerp(_momentum > 0f ? element.State2 : element.State1, g, _oneMinusAlpha);
            if (_momentum > 0f)
            {
                element.State2 = gradAvg;
            }
            else
            {
                element.State1 = gradAvg;
            }
            avg = gradAvg * gradAvg;
            avg = square - avg;
            avg = avg < 0f ? 0f : avg; // as RmsProp: rounding can dip below 0; NaN stays NaN
            avg = MathF.Sqrt(avg);
        }
        else
        {
            avg = MathF.Sqrt(square);
        }
        avg += _epsilon;

        if (_momentum > 0f)
        {
            float buffer = element.State1 * _momentum + g / avg;
            element.State1 = buffer;
            element.Parameter = buffer * -_learningRate + p;
        }
        else
        {
            element.Parameter = p + g * -_learningRate / avg;
        }
        return element;
    }
}
