using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using NetGen.Optimizers.Rules;

namespace NetGen.Optimizers;

/// <summary>
/// Adagrad (Duchi, Hazan and Singer, 2011, https://jmlr.org/papers/v12/duchi11a.html) with learning-rate decay, an
/// initial accumulator value and L2 weight decay, in <c>torch.optim.Adagrad</c>'s semantics and order of operations
/// (https://pytorch.org/docs/stable/generated/torch.optim.Adagrad.html): <c>clr = lr / (1 + (t - 1) lr_decay)</c>;
/// <c>g += wd p</c>; <c>sum += g g</c>; <c>p -= clr g / (sqrt(sum) + eps)</c>.
/// </summary>
/// <remarks>
/// Difference from PyTorch: the <c>sum</c> state is created on the first step (PyTorch fills it in the constructor),
/// so <see cref="Optimizer.StateTensors"/> is empty before then; <c>maximize</c> is not offered. State: <c>sum</c>.
/// </remarks>
public sealed class Adagrad : Optimizer
{
    private static readonly string[] s_state = { "sum" };

    private float[] _sum = Array.Empty<float>();
    private float[] _std = Array.Empty<float>();
    private float[] _scratch = Array.Empty<float>();
    private float[] _decayedGradients = Array.Empty<float>();
    private float _negativeClr;

    /// <summary>Creates an Adagrad optimizer.</summary>
    /// <param name="learningRate">The learning rate (finite, &gt;= 0).</param>
    /// <param name="learningRateDecay">How fast the learning rate decays with the step count (finite, &gt;= 0).</param>
    /// <param name="weightDecay">The L2 penalty (finite, &gt;= 0), added to the gradient as <c>wd p</c>.</param>
    /// <param name="initialAccumulatorValue">The value the sum of squared gradients starts at (finite, &gt;= 0).</param>
    /// <param name="epsilon">Added to the denominator (finite, &gt; 0; PyTorch also accepts 0, which gives 0 / 0 = NaN for a parameter whose gradients are all zero).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public Adagrad(float learningRate = 1e-2f, float learningRateDecay = 0f, float weightDecay = 0f, float initialAccumulatorValue = 0f, float epsilon = 1e-10f)
        : base(learningRate)
    {
        Hyperparameters.NonNegative(learningRateDecay, nameof(learningRateDecay), "The learning-rate decay");
        Hyperparameters.NonNegative(weightDecay, nameof(weightDecay), "Weight decay");
        Hyperparameters.NonNegative(initialAccumulatorValue, nameof(initialAccumulatorValue), "The initial accumulator value");
        Hyperparameters.Epsilon(epsilon, nameof(epsilon));
        LearningRateDecay = learningRateDecay;
        WeightDecay = weightDecay;
        InitialAccumulatorValue = initialAccumulatorValue;
        Epsilon = epsilon;
    }

    /// <summary>How fast the learning rate decays with the step count.</summary>
    public float LearningRateDecay { get; }

    /// <summary>The L2 penalty added to the gradient.</summary>
    public float WeightDecay { get; }

    /// <summary>The value the sum of squared gradients starts at.</summary>
    public float InitialAccumulatorValue { get; }

    /// <summary>The term added to the denominator.</summary>
    public float Epsilon { get; }

    /// <inheritdoc/>
    protected override IReadOnlyList<string> StateNames => s_state;

    /// <inheritdoc/>
    protected override float InitialStateValue(string name) => InitialAccumulatorValue;

    /// <inheritdoc/>
    protected override void AllocateState(int length)
    {
        _sum = State("sum");
        int block = Math.Min(length, BlockSize);
        _std = new float[block];
        _scratch = new float[block];
        if (WeightDecay > 0f)
        {
            _decayedGradients = new float[block];
        }
    }

    /// <inheritdoc/>
    protected override void BeginStep() => _negativeClr = Rule().NegativeClr;

    /// <summary>The scalar form of the current step (<see cref="Optimizer.StepCount"/> counts it), for device kernels and tests.</summary>
    internal AdagradRule Rule() => new AdagradRule(LearningRate, LearningRateDecay, WeightDecay, Epsilon, StepCount);

    /// <inheritdoc/>
    protected override void UpdateBlock(Span<float> parameters, ReadOnlySpan<float> gradients, int offset, bool decay)
    {
        int n = parameters.Length;
        Span<float> std = _std.AsSpan(0, n);
        ReadOnlySpan<float> grad = decay && WeightDecay > 0f
            ? TensorOps.AddWeightDecay(parameters, gradients, WeightDecay, _decayedGradients.AsSpan(0, n))
            : gradients;

        Span<float> sum = _sum.AsSpan(offset, n);
        TensorPrimitives.MultiplyAdd(grad, grad, sum, sum);
        TensorPrimitives.Sqrt(sum, std);
        TensorPrimitives.Add(std, Epsilon, std);
        TensorOps.AddCDiv(parameters, grad, std, _negativeClr, _scratch.AsSpan(0, n));
    }
}
