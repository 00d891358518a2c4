using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using NetGen.Optimizers.Rules;

namespace NetGen.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay, in
/// <c>torch.optim.SGD</c>'s semantics (https://pytorch.org/docs/stable/generated/torch.optim.SGD.html):
/// <c>g += wd p</c>; with momentum <c>b = g</c> on the first step, then <c>b = momentum b + (1 - dampening) g</c>, and
/// <c>g = g + momentum b</c> (Nesterov) or <c>g = b</c>; finally <c>p -= lr g</c>.
/// </summary>
/// <remarks>
/// Differences from PyTorch: momentum must be below 1 and dampening in [0, 1] (PyTorch accepts any momentum &gt;= 0 and
/// any dampening); <c>maximize</c> is not offered. State: <c>momentum_buffer</c> when momentum &gt; 0.
/// </remarks>
public sealed class Sgd : Optimizer
{
    private static readonly string[] s_momentumState = { "momentum_buffer" };

    private readonly float _oneMinusDampening;
    private float[] _momentumBuffer = Array.Empty<float>();
    private float[] _scratch = Array.Empty<float>();

    /// <summary>Creates an SGD optimizer.</summary>
    /// <param name="learningRate">The learning rate (finite, &gt;= 0).</param>
    /// <param name="momentum">The momentum factor in [0, 1); 0 disables momentum.</param>
    /// <param name="dampening">The dampening of the momentum in [0, 1]: the gradient enters the buffer scaled by <c>1 - dampening</c>.</param>
    /// <param name="nesterov">Whether to use Nesterov momentum (needs momentum &gt; 0 and dampening 0, as in PyTorch).</param>
    /// <param name="weightDecay">The L2 penalty (finite, &gt;= 0), added to the gradient as <c>wd p</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    /// <exception cref="ArgumentException">Nesterov momentum without momentum, or with dampening.</exception>
    public Sgd(float learningRate, float momentum = 0f, float dampening = 0f, bool nesterov = false, float weightDecay = 0f)
        : base(learningRate)
    {
        Hyperparameters.Fraction(momentum, nameof(momentum), "Momentum");
        Hyperparameters.ClosedFraction(dampening, nameof(dampening), "Dampening");
        Hyperparameters.NonNegative(weightDecay, nameof(weightDecay), "Weight decay");
        if (nesterov && (momentum == 0f || dampening != 0f))
        {
            throw new ArgumentException(
                $"Nesterov momentum requires a momentum > 0 and zero dampening (got momentum {momentum} and dampening {dampening}), as in torch.optim.SGD.",
                nameof(nesterov));
        }
        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
        WeightDecay = weightDecay;
        _oneMinusDampening = (float)(1.0 - dampening);
    }

    /// <summary>The momentum factor.</summary>
    public float Momentum { get; }

    /// <summary>The dampening of the momentum.</summary>
    public float Dampening { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <summary>The L2 penalty added to the gradient.</summary>
    public float WeightDecay { get; }

    /// <inheritdoc/>
    protected override IReadOnlyList<string> StateNames => Momentum > 0f ? s_momentumState : Array.Empty<string>();

    /// <inheritdoc/>
    protected override void AllocateState(int length)
    {
        if (Momentum > 0f)
        {
            _momentumBuffer = State("momentum_buffer");
        }
        if (WeightDecay > 0f || Nesterov)
        {
            _scratch = new float[Math.Min(length, BlockSize)];
        }
    }

    /// <summary>The scalar form of the current step (<see cref="Optimizer.StepCount"/> counts it), for device kernels and tests.</summary>
    internal SgdRule Rule() => new SgdRule(LearningRate, Momentum, Dampening, Nesterov, WeightDecay, firstStep: StepCount == 1);

    /// <inheritdoc/>
    protected override void UpdateBlock(Span<float> parameters, ReadOnlySpan<float> gradients, int offset, bool decay)
    {
        int n = parameters.Length;
        ReadOnlySpan<float> grad = decay && WeightDecay > 0f
            ? TensorOps.AddWeightDecay(parameters, gradients, WeightDecay, _scratch.AsSpan(0, n))
            : gradients;

        if (Momentum > 0f)
        {
            Span<float> buf = _momentumBuffer.AsSpan(offset, n);
            if (StepCount == 1)
            {
                grad.CopyTo(buf);
            }
            else if (Dampening == 0f)
            {
                TensorPrimitives.MultiplyAdd(buf, Momentum, grad, buf);
            }
            else
            {
                TensorPrimitives.Multiply(buf, Momentum, buf);
                TensorPrimitives.MultiplyAdd(grad, _oneMinusDampening, buf, buf);
            }

            if (Nesterov)
            {
                Span<float> nesterov = _scratch.AsSpan(0, n);
                TensorPrimitives.MultiplyAdd(buf, Momentum, grad, nesterov);
                grad = nesterov;
            }
            else
            {
                grad = buf;
            }
        }
        TensorPrimitives.MultiplyAdd(grad, -LearningRate, parameters, parameters);
    }
}
