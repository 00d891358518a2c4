using System;

namespace NetGen;

/// <summary>
/// Max pooling over each channel with a square window, like <c>torch.nn.MaxPool2d</c>: the stride defaults to the
/// kernel, padding counts as minus infinity, and a last partial window is dropped (floor mode).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool2DAttribute : Attribute
{
    /// <summary>Declares max pooling with a <paramref name="kernel"/> x <paramref name="kernel"/> window.</summary>
    public MaxPool2DAttribute(int kernel) => Kernel = kernel;

    /// <summary>The window's height and width.</summary>
    public int Kernel { get; }

    /// <summary>The step between windows; 0 (the default) uses the kernel size.</summary>
    public int Stride { get; set; }

    /// <summary>Padding on every side, at most half the kernel. Defaults to 0.</summary>
    public int Padding { get; set; }

    /// <summary>An optional name for the layer; defaults to <c>pool1</c>, <c>pool2</c>, ...</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The layer this one reads, by name (<c>nameof</c> of a layer declared as a partial method, or a layer's <c>Name</c>);
    /// defaults to the layer declared just before it. See docs/graphs.md.
    /// </summary>
    public string? From { get; set; }
}

/// <summary>
/// Average pooling over each channel with a square window, like <c>torch.nn.AvgPool2d</c>: the stride defaults to
/// the kernel, padded zeros count in the average, and a last partial window is dropped (floor mode).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class AvgPool2DAttribute : Attribute
{
    /// <summary>Declares average pooling with a <paramref name="kernel"/> x <paramref name="kernel"/> window.</summary>
    public AvgPool2DAttribute(int kernel) => Kernel = kernel;

    /// <summary>The window's height and width.</summary>
    public int Kernel { get; }

    /// <summary>The step between windows; 0 (the default) uses the kernel size.</summary>
    public int Stride { get; set; }

    /// <summary>Padding on every side, at most half the kernel. Defaults to 0.</summary>
    public int Padding { get; set; }

    /// <summary>An optional name for the layer; defaults to <c>pool1</c>, <c>pool2</c>, ...</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The layer this one reads, by name (<c>nameof</c> of a layer declared as a partial method, or a layer's <c>Name</c>);
    /// defaults to the layer declared just before it. See docs/graphs.md.
    /// </summary>
    public string? From { get; set; }
}

/// <summary>
/// The average of each channel over height and width: (C, H, W) becomes (C), like
/// <c>torch.nn.AdaptiveAvgPool2d(1)</c> followed by a flatten.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class GlobalAvgPool2DAttribute : Attribute
{
    /// <summary>An optional name for the layer; defaults to <c>pool1</c>, <c>pool2</c>, ...</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The layer this one reads, by name (<c>nameof</c> of a layer declared as a partial method, or a layer's <c>Name</c>);
    /// defaults to the layer declared just before it. See docs/graphs.md.
    /// </summary>
    public string? From { get; set; }
}

/// <summary>Flattens (C, H, W) into C x H x W features in row-major order, like <c>torch.nn.Flatten</c>. Costs nothing: it is a view.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : Attribute
{
    /// <summary>An optional name for the layer; defaults to <c>flatten1</c>, ...</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The layer this one reads, by name (<c>nameof</c> of a layer declared as a partial method, or a layer's <c>Name</c>);
    /// defaults to the layer declared just before it. See docs/graphs.md.
    /// </summary>
    public string? From { get; set; }
}
