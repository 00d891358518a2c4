using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning.Layers;

/// <summary>A sliding window (convolution or pooling) and the output size it gives, with the diagnostics of a bad fit.</summary>
internal readonly struct Window
{
    private readonly int _kernelHeight, _kernelWidth, _stride, _padHeight, _padWidth, _dilation;

    public Window(int kernelHeight, int kernelWidth, int stride, int padHeight, int padWidth, int dilation)
    {
        _kernelHeight = kernelHeight;
        _kernelWidth = kernelWidth;
        _stride = stride;
        _padHeight = padHeight;
        _padWidth = padWidth;
        _dilation = dilation;
    }

    /// <summary>
    /// The output height and width for an input of shape (C, H, W). With <paramref name="exact"/>, an output that is
    /// not whole is an error (convolution); otherwise it is floored, as PyTorch's pooling does with ceil_mode=False.
    /// </summary>
    public (long Height, long Width)? OutputSize(LayerContext context, EquatableArray<int> input, bool exact)
    {
        // Long arithmetic throughout: a padding near int.MaxValue gives sides beyond int, which the caller reports
        // (LayerContext.Output) instead of letting them wrap to a small or negative shape.
        long spanH = (long)_dilation * (_kernelHeight - 1) + 1, spanW = (long)_dilation * (_kernelWidth - 1) + 1;
        long paddedH = input[1] + 2L * _padHeight, paddedW = input[2] + 2L * _padWidth;
        if (spanH > paddedH || spanW > paddedW)
        {
            context.Error(DiagnosticDescriptors.KernelTooLarge, context.Described, spanH + "x" + spanW, paddedH + "x" + paddedW,
                Shapes.Text(input), Pair(_padHeight, _padWidth));
            return null;
        }
        long restH = (paddedH - spanH) % _stride, restW = (paddedW - spanW) % _stride;
        if (exact && (restH != 0 || restW != 0))
        {
            string gives = Fraction(paddedH - spanH) + "x" + Fraction(paddedW - spanW);
            string kernel = Pair(_kernelHeight, _kernelWidth) + (_dilation > 1 ? " dilated by " + Literals.Int(_dilation) : "");
            context.Error(DiagnosticDescriptors.FractionalOutput, context.Described, Shapes.Text(input),
                kernel, Pair(_padHeight, _padWidth), Literals.Int(_stride), gives, Fix(restH, restW));
            return null;
        }
        return ((paddedH - spanH) / _stride + 1, (paddedW - spanW) / _stride + 1);
    }

    private string Fraction(long reach)
    {
        if (reach % _stride == 0)
        {
            return Literals.Int(reach / _stride + 1);
        }
        // Two decimals, or every digit where two would print a whole number (6 / int.MaxValue + 1 is not 1).
        double size = (double)reach / _stride + 1;
        string text = size.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        return text.Contains(".") ? text : Literals.Double(size);
    }

    // The smallest extra padding, up to a few pixels, that makes both sides whole; else stride 1. The search is bounded:
    // a stride near int.MaxValue would otherwise loop two billion times and suggest a padding as large.
    private string Fix(long restH, long restW)
    {
        for (int extra = 1; extra < System.Math.Min(_stride, 64); extra++)
        {
            if ((restH == 0 || (restH + 2 * extra) % _stride == 0) && (restW == 0 || (restW + 2 * extra) % _stride == 0))
            {
                return "use padding " + Pair(_padHeight + (restH == 0 ? 0L : extra), _padWidth + (restW == 0 ? 0L : extra)) + " or stride 1";
            }
        }
        return "use stride 1, or a kernel and padding that make (input + 2 x padding - kernel) a multiple of the stride " + Literals.Int(_stride);
    }

    private static string Pair(long height, long width) => height == width ? Literals.Int(height) : Literals.Int(height) + "x" + Literals.Int(width);
}
