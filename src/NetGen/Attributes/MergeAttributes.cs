using System;

namespace NetGen;

/// <summary>
/// The element-wise sum of two or more layers' outputs of the same shape, then an optional activation: the join of
/// a residual block (<c>out = act(a + b)</c>, as in <c>torch.relu(x + block(x))</c>). See docs/graphs.md.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class AddAttribute : Attribute
{
    /// <summary>Declares the sum of the named layers' outputs (at least two, all of the same shape).</summary>
    /// <param name="inputs">The names of the layers to add, for example <c>nameof(C1), nameof(C2)</c>.</param>
    public AddAttribute(params string[] inputs) => Inputs = inputs;

    /// <summary>The names of the layers added.</summary>
    public string[] Inputs { get; }

    /// <summary>The activation applied to the sum. Defaults to <see cref="NetGen.Activation.Identity"/>.</summary>
    public Activation Activation { get; set; } = Activation.Identity;

    /// <summary>The slope for negative inputs when <see cref="Activation"/> is <see cref="NetGen.Activation.LeakyReLU"/>.</summary>
    public double LeakySlope { get; set; } = 0.01;

    /// <summary>An optional name for the layer; defaults to <c>add1</c>, <c>add2</c>, ... (a partial method's name on a method).</summary>
    public string? Name { get; set; }
}

/// <summary>
/// The named layers' outputs joined along their first dimension: features for vectors, channels for images
/// (<c>torch.cat(dim=1)</c> on a batch). Every other dimension must match. See docs/graphs.md.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class ConcatAttribute : Attribute
{
    /// <summary>Declares the concatenation of the named layers' outputs (at least two), in the order given.</summary>
    /// <param name="inputs">The names of the layers to join, for example <c>nameof(Pooled), nameof(Features)</c>.</param>
    public ConcatAttribute(params string[] inputs) => Inputs = inputs;

    /// <summary>The names of the layers joined, in order.</summary>
    public string[] Inputs { get; }

    /// <summary>An optional name for the layer; defaults to <c>concat1</c>, <c>concat2</c>, ... (a partial method's name on a method).</summary>
    public string? Name { get; set; }
}

/// <summary>
/// The element-wise product of two layers' outputs of the same shape, then an optional activation: a gate
/// (<c>out = act(a * b)</c>, with <c>b</c> typically a sigmoid). See docs/graphs.md.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class MultiplyAttribute : Attribute
{
    /// <summary>Declares the product of the named layers' outputs (at least two, all of the same shape).</summary>
    /// <param name="inputs">The names of the layers to multiply.</param>
    public MultiplyAttribute(params string[] inputs) => Inputs = inputs;

    /// <summary>The names of the layers multiplied.</summary>
    public string[] Inputs { get; }

    /// <summary>The activation applied to the product. Defaults to <see cref="NetGen.Activation.Identity"/>.</summary>
    public Activation Activation { get; set; } = Activation.Identity;

    /// <summary>The slope for negative inputs when <see cref="Activation"/> is <see cref="NetGen.Activation.LeakyReLU"/>.</summary>
    public double LeakySlope { get; set; } = 0.01;

    /// <summary>An optional name for the layer; defaults to <c>mul1</c>, <c>mul2</c>, ... (a partial method's name on a method).</summary>
    public string? Name { get; set; }
}
