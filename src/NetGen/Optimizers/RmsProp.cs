using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using NetGen.Optimizers.Rules;

namespace NetGen.Optimizers;

/// <summary>
/// RMSprop (Hinton, Lecture 6.5; centred form from Graves, 2013, https://arxiv.org/abs/1308.0850) with optional
/// momentum and L2 weight decay, in <c>torch.optim.RMSprop</c>'s semantics and order of operations
/// (https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html): <c>g += wd p</c>;
/// <c>s = alpha s + (1 - alpha) g g</c>; centred: <c>a.lerp_(g, 1 - alpha)</c>, <c>avg = sqrt(max(s - a a, 0)) + eps</c>, else
/// <c>avg = sqrt(s) + eps</c>; with momentum <c>b = momentum b + g / avg</c>, <c>p -= lr b</c>, else <c>p -= lr g / avg</c>.
/// </summary>
/// <remarks>
/// Differences from PyTorch: alpha and momentum must be below 1 (PyTorch accepts any value &gt;= 0); epsilon must be
/// above 0; centred, <c>s - a a</c> is clamped at 0 before its square root, since rounding takes it slightly below 0
/// when the gradient barely varies (a constant gradient does it within about 1,200 steps), where PyTorch's
/// <c>sqrt</c> gives NaN (MXNet fixed the same, apache/mxnet#6235); <c>maximize</c> is not offered. State: <c>square_avg</c>, <c>momentum_buffer</c> with momentum, <c>grad_avg</c> when centred.
/// </remarks>
public sealed class RmsProp : Optimizer
{
    private readonly float _oneMinusAlpha;
    private readonly string[] _stateNames;
    private float[] _squareAvg = Array.Empty<float>();
    private float[] _momentumBuffer = Array.Empty<float>();
    private float[] _gradAvg = Array.Empty<float>();
    private float[] _avg = Array.Empty<float>();
    private float[] _scratch = Array.Empty<float>();
    private float[] _decayedGradients = Array.Empty<float>();

    /// <summary>Creates an RMSprop optimizer.</summary>
    /// <param name="learningRate">The learning rate (finite, &gt;= 0).</param>
    /// <param name="alpha">The decay rate of the squared-gradient average, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator (finite, &gt; 0; PyTorch also accepts 0, which gives 0 / 0 = NaN for a parameter whose gradients are all zero).</param>
    /// <param name="weightDecay">The L2 penalty (finite, &gt;= 0), added to the gradient as <c>wd p</c>.</param>
    /// <param name="momentum">The momentum factor in [0, 1); 0 disables momentum.</param>
    /// <param name="centered">Whether to normalise by the variance estimate <c>s - a a</c> rather than <c>s</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public RmsProp(float learningRate = 1e-2f, float alpha = 0.99f, float epsilon = 1e-8f, float weightDecay = 0f, float momentum = 0f, bool centered = false)
        : base(learningRate)
    {
        Hyperparameters.Fraction(alpha, nameof(alpha), "Alpha");
        Hyperparameters.Epsilon(epsilon, nameof(epsilon));
        Hyperparameters.NonNegative(weightDecay, nameof(weightDecay), "Weight decay");
        Hyperparameters.Fraction(momentum, nameof(momentum), "Momentum");
        Alpha = alpha;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        Momentum = momentum;
        Centered = centered;
        _oneMinusAlpha = (float)(1.0 - alpha);
        var names = new List<string> { "square_avg" };
        if (momentum > 0f)
        {
            names.Add("momentum_buffer");
        }
        if (centered)
        {
            names.Add("grad_avg");
        }
        _stateNames = names.ToArray();
    }

    /// <summary>The decay rate of the squared-gradient average.</summary>
    public float Alpha { get; }

    /// <summary>The term added to the denominator.</summary>
    public float Epsilon { get; }

    /// <summary>The L2 penalty added to the gradient.</summary>
    public float WeightDecay { get; }

    /// <summary>The momentum factor.</summary>
    public float Momentum { get; }

    /// <summary>Whether the update is normalised by the centred (variance) estimate.</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    protected override IReadOnlyList<string> StateNames => _stateNames;

    /// <inheritdoc/>
    protected override void AllocateState(int length)
    {
        _squareAvg = State("square_avg");
        if (Momentum > 0f)
        {
            _momentumBuffer = State("momentum_buffer");
        }
        if (Centered)
        {
            _gradAvg = State("grad_avg");
        }
        int block = Math.Min(length, BlockSize);
        _avg = new float[block];
        _scratch = new float[block];
        if (WeightDecay > 0f)
        {
            _decayedGradients = new float[block];
        }
    }

    /// <summary>The scalar form of the current step, for device kernels and tests.</summary>
    internal RmsPropRule Rule() => new RmsPropRule(LearningRate, Alpha, Epsilon, WeightDecay, Momentum, Centered);

    /// <inheritdoc/>
    protected override void UpdateBlock(Span<float> parameters, ReadOnlySpan<float> gradients, int offset, bool decay)
    {
        int n = parameters.Length;
        Span<float> avg = _avg.AsSpan(0, n);
        Span<float> scratch = _scratch.AsSpan(0, n);
        ReadOnlySpan<float> grad = decay && WeightDecay > 0f
            ? TensorOps.AddWeightDecay(parameters, gradients, WeightDecay, _decayedGradients.AsSpan(0, n))
            : gradients;

        Span<float> squareAvg = _squareAvg.AsSpan(offset, n);
        TensorPrimitives.Multiply(squareAvg, Alpha, squareAvg);
        TensorOps.AddCMul(squareAvg, grad, grad, _oneMinusAlpha, scratch);
        if (Centered)
        {
            Span<float> gradAvg = _gradAvg.AsSpan(offset, n);
            TensorOps.Lerp(gradAvg, grad, _oneMinusAlpha, scratch);
            TensorPrimitives.Multiply(gradAvg, gradAvg, avg);
            TensorPrimitives.Subtract(squareAvg, avg, avg);
            TensorPrimitives.Clamp(avg, 0f, float.PositiveInfinity, avg); // rounding can dip below 0 (NaN stays NaN)
            TensorPrimitives.Sqrt(avg, avg);
        }
        else
        {
            TensorPrimitives.Sqrt(squareAvg, avg);
        }
        TensorPrimitives.Add(avg, Epsilon, avg);

        if (Momentum > 0f)
        {
            Span<float> buf = _momentumBuffer.AsSpan(offset, n);
            TensorPrimitives.Divide(grad, avg, scratch);
            TensorPrimitives.MultiplyAdd(buf, Momentum, scratch, buf);
            TensorPrimitives.MultiplyAdd(buf, -LearningRate, parameters, parameters);
        }
        else
        {
            TensorOps.AddCDiv(parameters, grad, avg, -LearningRate, scratch);
        }
    }
}
