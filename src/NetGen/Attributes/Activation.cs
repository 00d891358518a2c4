// This file is linked into NetGen.Generator as source: keep it free of runtime dependencies.
namespace NetGen;

/// <summary>The activation applied to a layer's output, fused into the layer's kernel.</summary>
public enum Activation
{
    /// <summary>No activation: <c>y = x</c>.</summary>
    Identity = 0,

    /// <summary>Logistic sigmoid: <c>y = 1 / (1 + e^-x)</c>.</summary>
    Sigmoid = 1,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh = 2,

    /// <summary>Rectified linear unit: <c>y = max(0, x)</c>.</summary>
    ReLU = 3,

    /// <summary>Leaky ReLU: <c>y = x</c> for <c>x &gt; 0</c>, else <c>slope * x</c> (PyTorch's default slope is 0.01).</summary>
    LeakyReLU = 4,

    /// <summary>
    /// Softmax over the features of each sample. Only valid on the output layer of a network trained with
    /// <see cref="Loss.SoftmaxCrossEntropy"/>: the loss is computed from the logits and the softmax is applied to
    /// what <c>Forward</c> returns.
    /// </summary>
    Softmax = 5,
}
