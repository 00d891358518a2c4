using System;

namespace NetGen;

/// <summary>
/// Batch normalisation per feature (after a dense layer, <c>torch.nn.BatchNorm1d</c>) or per channel (after a
/// convolution, <c>torch.nn.BatchNorm2d</c>), with a learnable scale (<c>weight</c>) and shift (<c>bias</c>). In
/// training it normalises with the batch's statistics and updates the running mean and variance with
/// <see cref="Momentum"/>; in inference it uses the running statistics and changes nothing.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class BatchNormAttribute : Attribute
{
    /// <summary>The weight of the newest batch in the running statistics (PyTorch's default, 0.1).</summary>
    public double Momentum { get; set; } = 0.1;

    /// <summary>Added to the variance before its square root (PyTorch's default, 1e-5).</summary>
    public double Epsilon { get; set; } = 1e-5;

    /// <summary>An activation applied after the normalisation. Defaults to <see cref="NetGen.Activation.Identity"/>.</summary>
    public Activation Activation { get; set; } = Activation.Identity;

    /// <summary>The slope for negative inputs when <see cref="Activation"/> is <see cref="NetGen.Activation.LeakyReLU"/>.</summary>
    public double LeakySlope { get; set; } = 0.01;

    /// <summary>An optional name for the layer; defaults to <c>bn1</c>, <c>bn2</c>, ...</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The layer this one reads, by name (<c>nameof</c> of a layer declared as a partial method, or a layer's <c>Name</c>);
    /// defaults to the layer declared just before it. See docs/graphs.md.
    /// </summary>
    public string? From { get; set; }
}

/// <summary>
/// Inverted dropout, like <c>torch.nn.Dropout</c>: in training each value is zeroed with probability
/// <see cref="Probability"/> and the others are scaled by <c>1 / (1 - p)</c>; in inference it is the identity.
/// Masks come from a counter-based generator seeded by the network's seed, so a run is reproducible.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : Attribute
{
    /// <summary>Declares dropout with the probability <paramref name="probability"/> of zeroing each value, in [0, 1).</summary>
    public DropoutAttribute(double probability) => Probability = probability;

    /// <summary>The probability of zeroing each value.</summary>
    public double Probability { get; }

    /// <summary>An optional name for the layer; defaults to <c>dropout1</c>, ...</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The layer this one reads, by name (<c>nameof</c> of a layer declared as a partial method, or a layer's <c>Name</c>);
    /// defaults to the layer declared just before it. See docs/graphs.md.
    /// </summary>
    public string? From { get; set; }
}
