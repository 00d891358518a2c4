using System;
using System.Numerics.Tensors;

namespace NetGen.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum, in <c>torch.optim.SGD</c>'s semantics (dampening 0):
/// <c>v = momentum v + g</c> (with <c>v = g</c> on the first step), then <c>p -= lr v</c>; without momentum,
/// <c>p -= lr g</c>.
/// </summary>
public sealed class Sgd : Optimizer
{
    private float[] _velocity = Array.Empty<float>();

    /// <summary>Creates an SGD optimizer.</summary>
    /// <param name="learningRate">The learning rate (&gt;= 0).</param>
    /// <param name="momentum">The momentum factor in [0, 1); 0 disables momentum.</param>
    public Sgd(float learningRate, float momentum = 0f)
        : base(learningRate)
    {
        if (!(momentum >= 0f && momentum < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
        }
        Momentum = momentum;
    }

    /// <summary>The momentum factor.</summary>
    public float Momentum { get; }

    /// <inheritdoc/>
    protected override void AllocateState(int length)
    {
        if (Momentum > 0f)
        {
            _velocity = new float[length];
        }
    }

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        if (Momentum == 0f)
        {
            TensorPrimitives.MultiplyAdd(gradients, -LearningRate, parameters, parameters);
            return;
        }

        Span<float> v = _velocity;
        if (StepCount == 1)
        {
            gradients.CopyTo(v);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(v, Momentum, gradients, v);
        }
        TensorPrimitives.MultiplyAdd(v, -LearningRate, parameters, parameters);
    }
}
