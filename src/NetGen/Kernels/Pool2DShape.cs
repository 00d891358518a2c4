using System;

namespace NetGen.Kernels;

/// <summary>
/// The dimensions of one 2-D pooling layer (<c>torch.nn.MaxPool2d</c> / <c>AvgPool2d</c> with <c>ceil_mode = False</c>
/// and no dilation), applied to each channel of NCHW activations.
/// </summary>
/// <remarks>
/// <c>OutHeight = (InHeight + 2 PadHeight - KernelHeight) / StrideHeight + 1</c> (floor), and the same for the width.
/// As in PyTorch the padding may be at most half the kernel, so every window overlaps the input.
/// </remarks>
public readonly struct Pool2DShape
{
    /// <summary>Checks the dimensions and derives the output size.</summary>
    /// <param name="channels">Channels, pooled independently.</param>
    /// <param name="inHeight">Input height.</param>
    /// <param name="inWidth">Input width.</param>
    /// <param name="kernelHeight">Window height.</param>
    /// <param name="kernelWidth">Window width.</param>
    /// <param name="strideHeight">Vertical stride, at least 1 (PyTorch's default is the kernel size).</param>
    /// <param name="strideWidth">Horizontal stride, at least 1.</param>
    /// <param name="padHeight">Padding above and below, at most <c>kernelHeight / 2</c>.</param>
    /// <param name="padWidth">Padding left and right, at most <c>kernelWidth / 2</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, a padding is negative or over half the kernel, or the window does not fit the padded input.</exception>
    public Pool2DShape(int channels, int inHeight, int inWidth, int kernelHeight, int kernelWidth,
        int strideHeight, int strideWidth, int padHeight, int padWidth)
    {
        Positive(channels, nameof(channels));
        Positive(inHeight, nameof(inHeight));
        Positive(inWidth, nameof(inWidth));
        Positive(kernelHeight, nameof(kernelHeight));
        Positive(kernelWidth, nameof(kernelWidth));
        Positive(strideHeight, nameof(strideHeight));
        Positive(strideWidth, nameof(strideWidth));
        Padding(padHeight, kernelHeight, nameof(padHeight));
        Padding(padWidth, kernelWidth, nameof(padWidth));

        Channels = channels;
        InHeight = inHeight;
        InWidth = inWidth;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        StrideHeight = strideHeight;
        StrideWidth = strideWidth;
        PadHeight = padHeight;
        PadWidth = padWidth;
        OutHeight = OutputLength(inHeight, kernelHeight, strideHeight, padHeight, nameof(kernelHeight));
        OutWidth = OutputLength(inWidth, kernelWidth, strideWidth, padWidth, nameof(kernelWidth));
    }

    /// <summary>Channels.</summary>
    public int Channels { get; }

    /// <summary>Input height.</summary>
    public int InHeight { get; }

    /// <summary>Input width.</summary>
    public int InWidth { get; }

    /// <summary>Window height.</summary>
    public int KernelHeight { get; }

    /// <summary>Window width.</summary>
    public int KernelWidth { get; }

    /// <summary>Vertical stride.</summary>
    public int StrideHeight { get; }

    /// <summary>Horizontal stride.</summary>
    public int StrideWidth { get; }

    /// <summary>Padding above and below.</summary>
    public int PadHeight { get; }

    /// <summary>Padding left and right.</summary>
    public int PadWidth { get; }

    /// <summary>Output height, <c>(InHeight + 2 PadHeight - KernelHeight) / StrideHeight + 1</c>.</summary>
    public int OutHeight { get; }

    /// <summary>Output width, <c>(InWidth + 2 PadWidth - KernelWidth) / StrideWidth + 1</c>.</summary>
    public int OutWidth { get; }

    /// <summary>Floats of one input sample, <c>Channels * InHeight * InWidth</c>.</summary>
    public int InSize => Channels * InHeight * InWidth;

    /// <summary>Floats of one output sample, <c>Channels * OutHeight * OutWidth</c>.</summary>
    public int OutSize => Channels * OutHeight * OutWidth;

    private static int OutputLength(int input, int kernel, int stride, int pad, string kernelName)
    {
        int padded = input + 2 * pad;
        if (kernel > padded)
        {
            throw new ArgumentOutOfRangeException(kernelName, kernel,
                $"The pooling window is larger than the padded input ({padded}); use a smaller window or more padding.");
        }
        return (padded - kernel) / stride + 1;
    }

    private static void Positive(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be at least 1.");
        }
    }

    private static void Padding(int pad, int kernel, string name)
    {
        if (pad < 0 || pad > kernel / 2)
        {
            throw new ArgumentOutOfRangeException(name, pad,
                $"Pooling padding must be between 0 and half the kernel ({kernel / 2}), as in PyTorch.");
        }
    }
}
