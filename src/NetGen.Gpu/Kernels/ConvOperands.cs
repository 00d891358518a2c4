using ILGPU;
using NetGen.Kernels;
using NetGen.Ops;

namespace NetGen.Gpu.Kernels;

/// <summary>
/// The patch matrix of a convolution's input, gathered as the GEMM loads its tiles (implicit GEMM: no im2col buffer).
/// Rows are patch elements <c>(inC, kH, kW)</c>, columns are output positions <c>(batch, outH, outW)</c>; padding
/// reads as zero. <c>transposed</c> swaps the roles, for the weight gradient.
/// </summary>
public readonly struct PatchOperand : IGemmOperand
{
    private readonly ArrayView<float> _inp;
    private readonly Conv2DShape _shape;
    private readonly int _transposed;

    /// <summary>Reads patches of <paramref name="inp"/> (NCHW, a whole batch) for <paramref name="shape"/>.</summary>
    public PatchOperand(ArrayView<float> inp, Conv2DShape shape, bool transposed)
    {
        _inp = inp;
        _shape = shape;
        _transposed = transposed ? 1 : 0;
    }

    /// <inheritdoc/>
    public float Load(int row, int col) => _transposed != 0 ? Patch(col, row) : Patch(row, col);

    private float Patch(int element, int position)
    {
        int kernelArea = _shape.KernelHeight * _shape.KernelWidth;
        int c = element / kernelArea;
        int r = element - c * kernelArea;
        int ky = r / _shape.KernelWidth, kx = r - ky * _shape.KernelWidth;
        int outPlane = _shape.OutHeight * _shape.OutWidth;
        int b = position / outPlane;
        int p = position - b * outPlane;
        int oy = p / _shape.OutWidth, ox = p - oy * _shape.OutWidth;
        int iy = oy * _shape.StrideHeight - _shape.PadHeight + ky * _shape.DilationHeight;
        int ix = ox * _shape.StrideWidth - _shape.PadWidth + kx * _shape.DilationWidth;
        if (iy < 0 || iy >= _shape.InHeight || ix < 0 || ix >= _shape.InWidth)
        {
            return 0f;
        }
        return _inp[b * _shape.InSize + (c * _shape.InHeight + iy) * _shape.InWidth + ix];
    }
}

/// <summary>
/// An NCHW tensor seen as a (channels) x (batch * plane) matrix: element (c, b * plane + p) is <c>x[b, c, p]</c>.
/// The output gradient in the weight gradient's GEMM.
/// </summary>
public readonly struct ChannelMajorOperand : IGemmOperand
{
    private readonly ArrayView<float> _data;
    private readonly int _channels;
    private readonly int _plane;

    /// <summary>Reads <paramref name="data"/> of <paramref name="channels"/> planes of <paramref name="plane"/> floats per sample.</summary>
    public ChannelMajorOperand(ArrayView<float> data, int channels, int plane)
    {
        _data = data;
        _channels = channels;
        _plane = plane;
    }

    /// <inheritdoc/>
    public float Load(int row, int col)
    {
        int b = col / _plane;
        return _data[(b * _channels + row) * _plane + col - b * _plane];
    }
}

/// <summary>
/// The weight (outC, inC, kH, kW) seen as an inC x (outC, kH, kW) matrix: the input gradient is this times the
/// scattered output gradient (a transposed convolution, computed as a gather).
/// </summary>
public readonly struct WeightByInputChannelOperand : IGemmOperand
{
    private readonly ArrayView<float> _weight;
    private readonly Conv2DShape _shape;

    /// <summary>Reads <paramref name="weight"/> of <paramref name="shape"/>.</summary>
    public WeightByInputChannelOperand(ArrayView<float> weight, Conv2DShape shape)
    {
        _weight = weight;
        _shape = shape;
    }

    /// <inheritdoc/>
    public float Load(int row, int col)
    {
        int kernelArea = _shape.KernelHeight * _shape.KernelWidth;
        int oc = col / kernelArea;
        int r = col - oc * kernelArea;
        return _weight[(oc * _shape.InChannels + row) * kernelArea + r];
    }
}

/// <summary>
/// The output gradient as a (outC, kH, kW) x (batch, inH, inW) matrix: element ((oc, ky, kx), (b, iy, ix)) is
/// <c>dout[b, oc, oy, ox]</c> for the output position whose window puts tap (ky, kx) on (iy, ix), or zero if none does.
/// </summary>
public readonly struct OutputGradientOperand : IGemmOperand
{
    private readonly ArrayView<float> _dout;
    private readonly Conv2DShape _shape;

    /// <summary>Reads <paramref name="dout"/> (NCHW, a whole batch) of <paramref name="shape"/>.</summary>
    public OutputGradientOperand(ArrayView<float> dout, Conv2DShape shape)
    {
        _dout = dout;
        _shape = shape;
    }

    /// <inheritdoc/>
    public float Load(int row, int col)
    {
        int kernelArea = _shape.KernelHeight * _shape.KernelWidth;
        int oc = row / kernelArea;
        int r = row - oc * kernelArea;
        int ky = r / _shape.KernelWidth, kx = r - ky * _shape.KernelWidth;
        int inPlane = _shape.InHeight * _shape.InWidth;
        int b = col / inPlane;
        int q = col - b * inPlane;
        int iy = q / _shape.InWidth, ix = q - iy * _shape.InWidth;
        int ty = iy + _shape.PadHeight - ky * _shape.DilationHeight;
        int tx = ix + _shape.PadWidth - kx * _shape.DilationWidth;
        if (ty < 0 || tx < 0)
        {
            return 0f;
        }
        int oy = ty / _shape.StrideHeight, ox = tx / _shape.StrideWidth;
        if (oy * _shape.StrideHeight != ty || ox * _shape.StrideWidth != tx || oy >= _shape.OutHeight || ox >= _shape.OutWidth)
        {
            return 0f;
        }
        return _dout[b * _shape.OutSize + (oc * _shape.OutHeight + oy) * _shape.OutWidth + ox];
    }
}

/// <summary>Convolution forward's epilogue: <c>out[b, oc, p] = act(value + bias[oc])</c> for row oc, column (b, p).</summary>
public readonly struct ConvOutputEpilogue<TAct> : IGemmEpilogue
    where TAct : struct, IActivation
{
    private readonly ArrayView<float> _output;
    private readonly ArrayView<float> _bias;
    private readonly int _hasBias;
    private readonly int _channels;
    private readonly int _plane;
    private readonly TAct _activation;

    /// <summary>Writes NCHW <paramref name="output"/> of <paramref name="channels"/> planes of <paramref name="plane"/> floats.</summary>
    public ConvOutputEpilogue(ArrayView<float> output, ArrayView<float> bias, bool hasBias, int channels, int plane, TAct activation)
    {
        _output = output;
        _bias = bias;
        _hasBias = hasBias ? 1 : 0;
        _channels = channels;
        _plane = plane;
        _activation = activation;
    }

    /// <inheritdoc/>
    public void Store(int row, int col, float value)
    {
        int b = col / _plane;
        float pre = _hasBias != 0 ? value + _bias[row] : value;
        _output[(b * _channels + row) * _plane + col - b * _plane] = _activation.Forward(pre);
    }
}

/// <summary>Adds a (channels) x (batch * plane) product into an NCHW tensor: the convolution's input gradient.</summary>
public readonly struct ChannelMajorAccumulateEpilogue : IGemmEpilogue
{
    private readonly ArrayView<float> _destination;
    private readonly int _channels;
    private readonly int _plane;

    /// <summary>Adds into <paramref name="destination"/> of <paramref name="channels"/> planes of <paramref name="plane"/> floats.</summary>
    public ChannelMajorAccumulateEpilogue(ArrayView<float> destination, int channels, int plane)
    {
        _destination = destination;
        _channels = channels;
        _plane = plane;
    }

    /// <inheritdoc/>
    public void Store(int row, int col, float value)
    {
        int b = col / _plane;
        _destination[(b * _channels + row) * _plane + col - b * _plane] += value;
    }
}
