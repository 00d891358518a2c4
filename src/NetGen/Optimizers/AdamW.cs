namespace NetGen.Optimizers;

/// <summary>
/// AdamW (Loshchilov and Hutter, 2017, https://arxiv.org/abs/1711.05101): <see cref="Adam"/> with decoupled weight
/// decay, in <c>torch.optim.AdamW</c>'s semantics (https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html):
/// first <c>p *= 1 - lr wd</c> (PyTorch's <c>param.mul_(1 - lr * weight_decay)</c>, that is <c>p -= lr wd p</c>), then
/// Adam's update without an L2 term.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates an AdamW optimizer.</summary>
    /// <param name="learningRate">The learning rate (finite, &gt;= 0).</param>
    /// <param name="beta1">The decay rate of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">The decay rate of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator (finite, &gt; 0).</param>
    /// <param name="weightDecay">The decoupled weight decay (finite, &gt;= 0), PyTorch's default 1e-2.</param>
    /// <param name="amsgrad">Whether to divide by the running maximum of the second moment (AMSGrad).</param>
    /// <exception cref="System.ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public AdamW(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 1e-2f, bool amsgrad = false)
        : base(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, decoupledWeightDecay: true)
    {
    }
}
