using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning.Layers;

/// <summary>
/// The rules and needs of a 2-D convolution (<c>torch.nn.Conv2d</c>): weight (outC, inC, kH, kW), bias (outC),
/// output <c>(in + 2 pad - dilation (k - 1) - 1) / stride + 1</c>, which must be whole.
/// </summary>
internal static class Conv2DPlanner
{
    public static EquatableArray<int>? Infer(LayerContext context, Conv2DSpec conv)
    {
        bool valid = context.Positive(conv.Filters, "filters")
            & context.Positive(conv.KernelHeight, "kernel height")
            & context.Positive(conv.KernelWidth, "kernel width")
            & context.Positive(conv.Stride, "stride")
            & context.Positive(conv.Dilation, "dilation");
        if (conv.PaddingHeight < 0 || conv.PaddingWidth < 0)
        {
            context.Error(DiagnosticDescriptors.InvalidArgument, context.Described, "Padding",
                Literals.Int(System.Math.Min(conv.PaddingHeight, conv.PaddingWidth)), "use a padding of 0 or more");
            valid = false;
        }
        ActivationRules.Validate(context, conv.Activation, conv.LeakySlope);
        ActivationRules.ValidateInit(context, conv.WeightInit, conv.InitValue);
        if (!context.RequireImage() || !valid)
        {
            return null;
        }
        EquatableArray<int> input = context.InShape;
        if (conv.InChannels > 0 && conv.InChannels != input[0])
        {
            context.Error(DiagnosticDescriptors.ChannelMismatch, context.Described, Literals.Int(conv.InChannels), Literals.Int(input[0]), Shapes.Text(input));
            return null;
        }
        var window = new Window(conv.KernelHeight, conv.KernelWidth, conv.Stride, conv.PaddingHeight, conv.PaddingWidth, conv.Dilation);
        return window.OutputSize(context, input, exact: true) is { } size && !context.HasErrors
            ? Shapes.Of(conv.Filters, size.Height, size.Width)
            : null;
    }

    public static LayerNeeds Needs(Conv2DSpec conv, EquatableArray<int> inShape, EquatableArray<int> outShape)
    {
        int inC = inShape[0], outC = conv.Filters, kernel = conv.KernelHeight * conv.KernelWidth;
        int outPixels = outShape[1] * outShape[2];
        var parameters = new System.Collections.Generic.List<TensorRequest>
        {
            // Fans as torch.nn.init computes them for a conv weight: receptive field times channels.
            new("weight", TensorRole.Weight, Shapes.Of(outC, inC, conv.KernelHeight, conv.KernelWidth), ActivationRules.WeightInit(conv.WeightInit, conv.Activation), inC * kernel, outC * kernel,
                ActivationRules.Gain(conv.Activation, conv.LeakySlope), conv.InitValue),
        };
        if (conv.Bias)
        {
            parameters.Add(new TensorRequest("bias", TensorRole.Bias, Shapes.Of(outC), TensorInit.Zeros));
        }
        long macs = 2L * outC * outPixels * inC * kernel, bias = conv.Bias ? (long)outC * outPixels : 0;
        // Conv2DKernels documents its scratch: two im2col buffers of one sample, inC kH kW x outH outW each.
        int scratch = (int)System.Math.Min(2L * inC * kernel * outPixels, int.MaxValue);
        return new LayerNeeds(parameters.ToEquatableArray(), EquatableArray<TensorRequest>.Empty, 0, 0, scratch,
            macs + bias, macs + bias, macs);
    }
}
