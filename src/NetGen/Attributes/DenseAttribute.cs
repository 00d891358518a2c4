using System;

namespace NetGen;

/// <summary>
/// A fully connected layer, <c>y = act(x W^T + b)</c>, like <c>torch.nn.Linear</c> followed by an activation.
/// The weight is stored <c>(out, in)</c> as in PyTorch.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : Attribute
{
    /// <summary>Declares a dense layer with <paramref name="units"/> outputs.</summary>
    /// <param name="units">The number of output features (positive).</param>
    public DenseAttribute(int units) => Units = units;

    /// <summary>The number of output features.</summary>
    public int Units { get; }

    /// <summary>The activation fused into the layer. Defaults to <see cref="NetGen.Activation.Identity"/>.</summary>
    public Activation Activation { get; set; } = Activation.Identity;

    /// <summary>How the weight starts; <see cref="InitScheme.Auto"/> (the default) is He uniform before (leaky) ReLU, Xavier uniform otherwise.</summary>
    public InitScheme WeightInit { get; set; } = InitScheme.Auto;

    /// <summary>The value of every weight when <see cref="WeightInit"/> is <see cref="InitScheme.Constant"/>.</summary>
    public double InitValue { get; set; }

    /// <summary>Whether the layer has a bias vector. Defaults to <c>true</c>.</summary>
    public bool Bias { get; set; } = true;

    /// <summary>The slope for negative inputs when <see cref="Activation"/> is <see cref="NetGen.Activation.LeakyReLU"/> (PyTorch's default, 0.01).</summary>
    public double LeakySlope { get; set; } = 0.01;

    /// <summary>An optional name for the layer, used for its parameter views and checkpoint tensors; defaults to <c>fc1</c>, <c>fc2</c>, ...</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The layer this one reads, by name (<c>nameof</c> of a layer declared as a partial method, or a layer's <c>Name</c>);
    /// defaults to the layer declared just before it. See docs/graphs.md.
    /// </summary>
    public string? From { get; set; }
}
