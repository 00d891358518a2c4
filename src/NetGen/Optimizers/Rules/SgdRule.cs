namespace NetGen.Optimizers.Rules;

/// <summary>
/// <see cref="Sgd"/>'s update of one parameter (<c>torch.optim.SGD</c>): <c>g += wd p</c>; with momentum
/// <c>b = g</c> on the first step, then <c>b = momentum b + (1 - dampening) g</c>, and <c>g = g + momentum b</c>
/// (Nesterov) or <c>g = b</c>; finally <c>p -= lr g</c>. State 0 is <c>momentum_buffer</c>.
/// </summary>
public readonly struct SgdRule : IOptimizerRule
{
    private readonly float _learningRate;
    private readonly float _momentum;
    private readonly float _dampening;
    private readonly float _oneMinusDampening;
    private readonly float _weightDecay;
    private readonly int _nesterov;
    private readonly int _firstStep;

    /// <summary>The rule of one step of an <see cref="Sgd"/> optimizer with these hyperparameters.</summary>
    /// <param name="learningRate">This step's learning rate.</param>
    /// <param name="momentum">The momentum factor (0: none).</param>
    /// <param name="dampening">The dampening of the momentum.</param>
    /// <param name="nesterov">Whether Nesterov momentum is used.</param>
    /// <param name="weightDecay">The L2 penalty.</param>
    /// <param name="firstStep">Whether this is the optimizer's first step (the momentum buffer starts as the gradient).</param>
    public SgdRule(float learningRate, float momentum, float dampening, bool nesterov, float weightDecay, bool firstStep)
    {
        _learningRate = learningRate;
        _momentum = momentum;
        _dampening = dampening;
        _oneMinusDampening = (float)(1.0 - dampening);
        _weightDecay = weightDecay;
        _nesterov = nesterov ? 1 : 0;
        _firstStep = firstStep ? 1 : 0;
    }

    /// <inheritdoc/>
    public OptimizerElement Update(OptimizerElement element, float gradient, bool decay)
    {
        float p = element.Parameter;
        float g = decay && _weightDecay > 0f ? p * _weightDecay + gradient : gradient;
        if (_momentum > 0f)
        {
            float buffer = element.State0;
            if (_firstStep != 0)
            {
                buffer = g;
            }
            else if (_dampening == 0f)
            {
                buffer = buffer * _momentum + g;
            }
            else
            {
                buffer *= _momentum;
                buffer = g * _oneMinusDampening + buffer;
            }
            element.State0 = buffer;
            g = _nesterov != 0 ? buffer * _momentum + g : buffer;
        }
        element.Parameter = g * -_learningRate + p;
        return element;
    }
}
