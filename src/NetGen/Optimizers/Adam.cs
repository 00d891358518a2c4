using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using NetGen.Optimizers.Rules;

namespace NetGen.Optimizers;

/// <summary>
/// Adam (Kingma and Ba, 2014, https://arxiv.org/abs/1412.6980) with optional AMSGrad and L2 weight decay, in
/// <c>torch.optim.Adam</c>'s semantics and order of operations (https://pytorch.org/docs/stable/generated/torch.optim.Adam.html,
/// <c>_single_tensor_adam</c>): <c>g += wd p</c>; <c>m.lerp_(g, 1 - beta1)</c>; <c>v = beta2 v + (1 - beta2) g g</c>;
/// with AMSGrad <c>vmax = max(vmax, v)</c>; then <c>denom = sqrt(v or vmax) / sqrt(1 - beta2^t) + eps</c> and
/// <c>p -= (lr / (1 - beta1^t)) m / denom</c>.
/// </summary>
/// <remarks>
/// The bias corrections and step size are float64, as PyTorch's Python floats, rounded to float32 where they meet the
/// tensors. <c>maximize</c>, <c>capturable</c> and <c>fused</c> are not offered. State: <c>exp_avg</c>,
/// <c>exp_avg_sq</c>, and <c>max_exp_avg_sq</c> with AMSGrad. <see cref="AdamW"/> is this class with decoupled decay.
/// </remarks>
public class Adam : Optimizer
{
    private static readonly string[] s_state = { "exp_avg", "exp_avg_sq" };
    private static readonly string[] s_amsgradState = { "exp_avg", "exp_avg_sq", "max_exp_avg_sq" };

    private readonly float _oneMinusBeta1;
    private readonly float _oneMinusBeta2;
    private float[] _expAvg = Array.Empty<float>();
    private float[] _expAvgSq = Array.Empty<float>();
    private float[] _maxExpAvgSq = Array.Empty<float>();
    private float[] _denom = Array.Empty<float>();
    private float[] _scratch = Array.Empty<float>();
    private float[] _decayedGradients = Array.Empty<float>();
    private float _negativeStepSize;
    private float _biasCorrection2Sqrt;
    private float _parameterDecay;

    /// <summary>Creates an Adam optimizer.</summary>
    /// <param name="learningRate">The learning rate (finite, &gt;= 0).</param>
    /// <param name="beta1">The decay rate of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">The decay rate of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator (finite, &gt; 0; PyTorch also accepts 0, which gives 0 / 0 = NaN for a parameter whose gradients are all zero).</param>
    /// <param name="weightDecay">The L2 penalty (finite, &gt;= 0), added to the gradient as <c>wd p</c>.</param>
    /// <param name="amsgrad">Whether to divide by the running maximum of the second moment (AMSGrad, https://openreview.net/forum?id=ryQu7f-RZ).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f, bool amsgrad = false)
        : this(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, decoupledWeightDecay: false)
    {
    }

    private protected Adam(float learningRate, float beta1, float beta2, float epsilon, float weightDecay, bool amsgrad, bool decoupledWeightDecay)
        : base(learningRate)
    {
        Hyperparameters.Fraction(beta1, nameof(beta1), "Beta1");
        Hyperparameters.Fraction(beta2, nameof(beta2), "Beta2");
        Hyperparameters.Epsilon(epsilon, nameof(epsilon));
        Hyperparameters.NonNegative(weightDecay, nameof(weightDecay), "Weight decay");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        Amsgrad = amsgrad;
        DecoupledWeightDecay = decoupledWeightDecay;
        _oneMinusBeta1 = (float)(1.0 - beta1);
        _oneMinusBeta2 = (float)(1.0 - beta2);
    }

    /// <summary>The decay rate of the first-moment average.</summary>
    public float Beta1 { get; }

    /// <summary>The decay rate of the second-moment average.</summary>
    public float Beta2 { get; }

    /// <summary>The term added to the denominator.</summary>
    public float Epsilon { get; }

    /// <summary>The weight decay: an L2 penalty on the gradient, or decoupled (<see cref="DecoupledWeightDecay"/>).</summary>
    public float WeightDecay { get; }

    /// <summary>Whether AMSGrad's running maximum of the second moment is used.</summary>
    public bool Amsgrad { get; }

    /// <summary>Whether weight decay shrinks the parameters directly, <c>p *= 1 - lr wd</c> (AdamW), rather than adding to the gradient.</summary>
    public bool DecoupledWeightDecay { get; }

    /// <inheritdoc/>
    protected override IReadOnlyList<string> StateNames => Amsgrad ? s_amsgradState : s_state;

    /// <inheritdoc/>
    protected override void AllocateState(int length)
    {
        _expAvg = State("exp_avg");
        _expAvgSq = State("exp_avg_sq");
        if (Amsgrad)
        {
            _maxExpAvgSq = State("max_exp_avg_sq");
        }
        int block = Math.Min(length, BlockSize);
        _denom = new float[block];
        _scratch = new float[block];
        if (WeightDecay > 0f && !DecoupledWeightDecay)
        {
            _decayedGradients = new float[block];
        }
    }

    /// <inheritdoc/>
    protected override void BeginStep()
    {
        AdamRule rule = Rule();
        _negativeStepSize = rule.NegativeStepSize;
        _biasCorrection2Sqrt = rule.BiasCorrection2Sqrt;
        _parameterDecay = rule.ParameterDecay;
    }

    /// <summary>The scalar form of the current step (<see cref="Optimizer.StepCount"/> counts it), for device kernels and tests.</summary>
    internal AdamRule Rule() => new AdamRule(LearningRate, Beta1, Beta2, Epsilon, WeightDecay, DecoupledWeightDecay, Amsgrad, StepCount);

    /// <inheritdoc/>
    protected override void UpdateBlock(Span<float> parameters, ReadOnlySpan<float> gradients, int offset, bool decay)
    {
        int n = parameters.Length;
        Span<float> denom = _denom.AsSpan(0, n);
        Span<float> scratch = _scratch.AsSpan(0, n);
        ReadOnlySpan<float> grad = gradients;
        if (decay && WeightDecay > 0f)
        {
            if (DecoupledWeightDecay)
            {
                TensorPrimitives.Multiply(parameters, _parameterDecay, parameters);
            }
            else
            {
                grad = TensorOps.AddWeightDecay(parameters, gradients, WeightDecay, _decayedGradients.AsSpan(0, n));
            }
        }

        Span<float> expAvg = _expAvg.AsSpan(offset, n);
        Span<float> expAvgSq = _expAvgSq.AsSpan(offset, n);
        TensorOps.Lerp(expAvg, grad, _oneMinusBeta1, scratch);
        TensorPrimitives.Multiply(expAvgSq, Beta2, expAvgSq);
        TensorOps.AddCMul(expAvgSq, grad, grad, _oneMinusBeta2, scratch);

        ReadOnlySpan<float> secondMoment = expAvgSq;
        if (Amsgrad)
        {
            Span<float> max = _maxExpAvgSq.AsSpan(offset, n);
            TensorPrimitives.Max(max, expAvgSq, max);
            secondMoment = max;
        }
        TensorPrimitives.Sqrt(secondMoment, denom);
        TensorPrimitives.Divide(denom, _biasCorrection2Sqrt, denom);
        TensorPrimitives.Add(denom, Epsilon, denom);
        TensorOps.AddCDiv(parameters, expAvg, denom, _negativeStepSize, scratch);
    }
}
