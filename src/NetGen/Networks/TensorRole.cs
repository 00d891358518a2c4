namespace NetGen;

/// <summary>What a named tensor of a network is, so that optimizers can treat kinds differently (for example, no weight decay on biases).</summary>
public enum TensorRole
{
    /// <summary>A dense or convolution weight.</summary>
    Weight,

    /// <summary>A dense or convolution bias.</summary>
    Bias,

    /// <summary>A normalisation layer's learnable scale (<c>bn1.weight</c>).</summary>
    NormalizationScale,

    /// <summary>A normalisation layer's learnable shift (<c>bn1.bias</c>).</summary>
    NormalizationShift,

    /// <summary>A normalisation layer's running mean, a buffer.</summary>
    RunningMean,

    /// <summary>A normalisation layer's running variance, a buffer.</summary>
    RunningVariance,
}
