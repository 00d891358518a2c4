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
        if (window.OutputSize(context, input, exact: true) is not { } size || context.HasErrors)
        {
            return null;
        }
        EquatableArray<int>? shape = context.Output(
            " (padding " + Pad(conv) + ", stride " + Literals.Int(conv.Stride) + ", on an input of " + Shapes.Text(input) + ")",
            "use fewer filters, less padding or a larger stride", conv.Filters, size.Height, size.Width);
        if (shape is null)
        {
            return null;
        }
        // The weight (outC, inC, kH, kW) and the im2col scratch of one sample (inC kH kW x outH outW, twice) are arrays too.
        long weight = Sizes.Product(conv.Filters, input[0], conv.KernelHeight, conv.KernelWidth);
        long scratch = Sizes.Product(2, input[0], conv.KernelHeight, conv.KernelWidth, size.Height, size.Width);
        if (!Sizes.FitArray(weight) || !Sizes.FitArray(scratch))
        {
            string what = !Sizes.FitArray(weight)
                ? " has a weight of " + Literals.Int(conv.Filters) + "x" + Literals.Int(input[0]) + "x" + Literals.Int(conv.KernelHeight) + "x" + Literals.Int(conv.KernelWidth) + " floats"
                : " needs " + Literals.Grouped(scratch) + " floats of im2col scratch for one sample (2 x in-channels x kernel x output pixels)";
            context.Error(DiagnosticDescriptors.LayerTooLarge, context.Described, what, "use a smaller kernel, fewer filters or a smaller input");
            return null;
        }
        return shape;
    }

    private static string Pad(Conv2DSpec conv) =>
        conv.PaddingHeight == conv.PaddingWidth ? Literals.Int(conv.PaddingHeight) : Literals.Int(conv.PaddingHeight) + "x" + Literals.Int(conv.PaddingWidth);

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
        // Infer has checked that the weight, the output and the scratch fit an array, so every int above is exact;
        // the FLOPs of such a layer can still pass long.MaxValue, so they saturate.
        long macs = Sizes.Product(2, outC, outPixels, inC, kernel), bias = conv.Bias ? (long)outC * outPixels : 0;
        // Conv2DKernels documents its scratch: two im2col buffers of one sample, inC kH kW x outH outW each.
        int scratch = (int)Sizes.Product(2, inC, kernel, outPixels);
        return new LayerNeeds(parameters.ToEquatableArray(), EquatableArray<TensorRequest>.Empty, 0, 0, scratch,
            Sizes.Sum(macs, bias), Sizes.Sum(macs, bias), macs);
    }
}
