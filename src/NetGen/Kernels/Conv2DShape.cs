using System;

namespace NetGen.Kernels;

/// <summary>
/// Every dimension of one 2-D convolution (<c>torch.nn.Conv2d</c> with <c>groups = 1</c>), and the sizes derived from
/// them. Activations are NCHW and the weight is <c>(outC, inC, kH, kW)</c>, as in PyTorch.
/// </summary>
/// <remarks>
/// The output size follows PyTorch's formula, with floor division:
/// <c>OutHeight = (InHeight + 2 PadHeight - DilationHeight (KernelHeight - 1) - 1) / StrideHeight + 1</c>, and the
/// same for the width. Padding is zeros on both sides.
/// </remarks>
public readonly struct Conv2DShape
{
    /// <summary>Checks the dimensions and derives the output size.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="inHeight">Input height.</param>
    /// <param name="inWidth">Input width.</param>
    /// <param name="outChannels">Output channels (filters).</param>
    /// <param name="kernelHeight">Kernel height.</param>
    /// <param name="kernelWidth">Kernel width.</param>
    /// <param name="strideHeight">Vertical stride, at least 1.</param>
    /// <param name="strideWidth">Horizontal stride, at least 1.</param>
    /// <param name="padHeight">Zero rows added above and below.</param>
    /// <param name="padWidth">Zero columns added left and right.</param>
    /// <param name="dilationHeight">Vertical spacing of kernel taps, at least 1 (1 is a dense kernel).</param>
    /// <param name="dilationWidth">Horizontal spacing of kernel taps, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, a padding is negative, or the kernel does not fit the padded input.</exception>
    public Conv2DShape(
        int inChannels, int inHeight, int inWidth, int outChannels, int kernelHeight, int kernelWidth,
        int strideHeight, int strideWidth, int padHeight, int padWidth, int dilationHeight, int dilationWidth)
    {
        Positive(inChannels, nameof(inChannels));
        Positive(inHeight, nameof(inHeight));
        Positive(inWidth, nameof(inWidth));
        Positive(outChannels, nameof(outChannels));
        Positive(kernelHeight, nameof(kernelHeight));
        Positive(kernelWidth, nameof(kernelWidth));
        Positive(strideHeight, nameof(strideHeight));
        Positive(strideWidth, nameof(strideWidth));
        Positive(dilationHeight, nameof(dilationHeight));
        Positive(dilationWidth, nameof(dilationWidth));
        NotNegative(padHeight, nameof(padHeight));
        NotNegative(padWidth, nameof(padWidth));

        InChannels = inChannels;
        InHeight = inHeight;
        InWidth = inWidth;
        OutChannels = outChannels;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        StrideHeight = strideHeight;
        StrideWidth = strideWidth;
        PadHeight = padHeight;
        PadWidth = padWidth;
        DilationHeight = dilationHeight;
        DilationWidth = dilationWidth;
        OutHeight = OutputLength(inHeight, kernelHeight, strideHeight, padHeight, dilationHeight, nameof(kernelHeight));
        OutWidth = OutputLength(inWidth, kernelWidth, strideWidth, padWidth, dilationWidth, nameof(kernelWidth));
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Input height.</summary>
    public int InHeight { get; }

    /// <summary>Input width.</summary>
    public int InWidth { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel height.</summary>
    public int KernelHeight { get; }

    /// <summary>Kernel width.</summary>
    public int KernelWidth { get; }

    /// <summary>Vertical stride.</summary>
    public int StrideHeight { get; }

    /// <summary>Horizontal stride.</summary>
    public int StrideWidth { get; }

    /// <summary>Zero padding above and below.</summary>
    public int PadHeight { get; }

    /// <summary>Zero padding left and right.</summary>
    public int PadWidth { get; }

    /// <summary>Vertical dilation.</summary>
    public int DilationHeight { get; }

    /// <summary>Horizontal dilation.</summary>
    public int DilationWidth { get; }

    /// <summary>Output height, <c>(InHeight + 2 PadHeight - DilationHeight (KernelHeight - 1) - 1) / StrideHeight + 1</c>.</summary>
    public int OutHeight { get; }

    /// <summary>Output width, <c>(InWidth + 2 PadWidth - DilationWidth (KernelWidth - 1) - 1) / StrideWidth + 1</c>.</summary>
    public int OutWidth { get; }

    /// <summary>Floats of one input sample, <c>InChannels * InHeight * InWidth</c>.</summary>
    public int InSize => InChannels * InHeight * InWidth;

    /// <summary>Floats of one output sample, <c>OutChannels * OutHeight * OutWidth</c>.</summary>
    public int OutSize => OutChannels * OutHeight * OutWidth;

    /// <summary>Floats of the weight, <c>OutChannels * InChannels * KernelHeight * KernelWidth</c>.</summary>
    public int WeightSize => OutChannels * PatchSize;

    /// <summary>Floats of one receptive field, <c>InChannels * KernelHeight * KernelWidth</c>: the depth of the convolution's GEMM.</summary>
    public int PatchSize => InChannels * KernelHeight * KernelWidth;

    /// <summary>
    /// Floats of scratch that one <see cref="Conv2DKernels.Forward{TAct}"/> or <see cref="Conv2DKernels.Backward{TAct}"/>
    /// call needs, whatever the batch:
    /// <c>ScratchSize = 2 * InChannels * KernelHeight * KernelWidth * OutHeight * OutWidth</c>, room for the im2col
    /// matrix of one sample and its gradient. Forward uses the first half. Code generators reproduce this formula.
    /// </summary>
    public int ScratchSize => 2 * PatchSize * OutHeight * OutWidth;

    private static int OutputLength(int input, int kernel, int stride, int pad, int dilation, string kernelName)
    {
        long span = (long)dilation * (kernel - 1) + 1;
        long padded = (long)input + 2L * pad;
        if (span > padded)
        {
            throw new ArgumentOutOfRangeException(kernelName,
                $"The dilated kernel spans {span} positions but the padded input has only {padded}; use a smaller kernel or dilation, or more padding.");
        }
        return (int)((padded - span) / stride + 1);
    }

    private static void Positive(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be at least 1.");
        }
    }

    private static void NotNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must not be negative.");
        }
    }
}
