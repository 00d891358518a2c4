using System;

namespace NetGen;

/// <summary>
/// A 2-D convolution over an image input (channels x height x width), like <c>torch.nn.Conv2d</c> followed by an
/// activation. The weight is stored <c>(outChannels, inChannels, kernelHeight, kernelWidth)</c> as in PyTorch. The
/// output size, <c>(in + 2 padding - dilation (kernel - 1) - 1) / stride + 1</c>, must be whole.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class Conv2DAttribute : Attribute
{
    /// <summary>Declares a convolution with <paramref name="filters"/> output channels.</summary>
    /// <param name="filters">The number of output channels (positive).</param>
    public Conv2DAttribute(int filters) => Filters = filters;

    /// <summary>The number of output channels.</summary>
    public int Filters { get; }

    /// <summary>The kernel's height and width when square. Defaults to 3.</summary>
    public int Kernel { get; set; } = 3;

    /// <summary>The kernel's height, when it differs from its width; 0 uses <see cref="Kernel"/>.</summary>
    public int KernelHeight { get; set; }

    /// <summary>The kernel's width, when it differs from its height; 0 uses <see cref="Kernel"/>.</summary>
    public int KernelWidth { get; set; }

    /// <summary>The step between windows, the same along height and width. Defaults to 1.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Zero padding added on every side. Defaults to 0.</summary>
    public int Padding { get; set; }

    /// <summary>Zero padding at the top and bottom, when it differs from the sides; -1 uses <see cref="Padding"/>.</summary>
    public int PaddingHeight { get; set; } = -1;

    /// <summary>Zero padding at the left and right, when it differs from the top and bottom; -1 uses <see cref="Padding"/>.</summary>
    public int PaddingWidth { get; set; } = -1;

    /// <summary>The spacing between kernel taps, the same along height and width. Defaults to 1.</summary>
    public int Dilation { get; set; } = 1;

    /// <summary>The expected number of input channels, checked at compile time; 0 (the default) infers it.</summary>
    public int InChannels { get; set; }

    /// <summary>The activation fused into the layer. Defaults to <see cref="NetGen.Activation.Identity"/>.</summary>
    public Activation Activation { get; set; } = Activation.Identity;

    /// <summary>How the weight starts; <see cref="InitScheme.Auto"/> (the default) is He uniform before (leaky) ReLU, Xavier uniform otherwise.</summary>
    public InitScheme WeightInit { get; set; } = InitScheme.Auto;

    /// <summary>The value of every weight when <see cref="WeightInit"/> is <see cref="InitScheme.Constant"/>.</summary>
    public double InitValue { get; set; }

    /// <summary>Whether the layer has a bias per output channel. Defaults to <c>true</c>.</summary>
    public bool Bias { get; set; } = true;

    /// <summary>The slope for negative inputs when <see cref="Activation"/> is <see cref="NetGen.Activation.LeakyReLU"/>.</summary>
    public double LeakySlope { get; set; } = 0.01;

    /// <summary>An optional name for the layer; defaults to <c>conv1</c>, <c>conv2</c>, ...</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The layer this one reads, by name (<c>nameof</c> of a layer declared as a partial method, or a layer's <c>Name</c>);
    /// defaults to the layer declared just before it. See docs/graphs.md.
    /// </summary>
    public string? From { get; set; }
}
