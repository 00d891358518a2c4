using ILGPU;
using NetGen.Ops;

namespace NetGen.Gpu.Kernels;

/// <summary>A dense matrix read with a row and a column stride: row-major (<c>cols, 1</c>) or its transpose (<c>1, rows</c>).</summary>
public readonly struct StridedOperand : IGemmOperand
{
    private readonly ArrayView<float> _data;
    private readonly int _rowStride;
    private readonly int _colStride;

    /// <summary>Reads element (r, c) at <c>data[r * rowStride + c * colStride]</c>.</summary>
    public StridedOperand(ArrayView<float> data, int rowStride, int colStride)
    {
        _data = data;
        _rowStride = rowStride;
        _colStride = colStride;
    }

    /// <inheritdoc/>
    public float Load(int row, int col) => _data[row * _rowStride + col * _colStride];
}

/// <summary>
/// Dense forward's epilogue: <c>out[r, c] = act(value + bias[c])</c>, bias and activation fused into the GEMM.
/// </summary>
public readonly struct BiasActivationEpilogue<TAct> : IGemmEpilogue
    where TAct : struct, IActivation
{
    private readonly ArrayView<float> _output;
    private readonly ArrayView<float> _bias;
    private readonly int _hasBias;
    private readonly int _cols;
    private readonly TAct _activation;

    /// <summary>Writes a row-major <paramref name="output"/> of <paramref name="cols"/> columns.</summary>
    public BiasActivationEpilogue(ArrayView<float> output, ArrayView<float> bias, bool hasBias, int cols, TAct activation)
    {
        _output = output;
        _bias = bias;
        _hasBias = hasBias ? 1 : 0;
        _cols = cols;
        _activation = activation;
    }

    /// <inheritdoc/>
    public void Store(int row, int col, float value)
    {
        float pre = _hasBias != 0 ? _bias[col] + value : value;
        _output[row * _cols + col] = _activation.Forward(pre);
    }
}

/// <summary>
/// Gradient epilogue: <c>dst[r * rowStride + c * colStride] += value</c> (backward accumulates, as on the CPU);
/// atomically when the GEMM is split along k and several groups add into the same element.
/// </summary>
public readonly struct AccumulateEpilogue : IGemmEpilogue
{
    private readonly ArrayView<float> _destination;
    private readonly int _rowStride;
    private readonly int _colStride;
    private readonly int _atomic;

    /// <summary>Adds into <paramref name="destination"/> with the given strides, atomically if <paramref name="atomic"/>.</summary>
    public AccumulateEpilogue(ArrayView<float> destination, int rowStride, int colStride, bool atomic = false)
    {
        _destination = destination;
        _rowStride = rowStride;
        _colStride = colStride;
        _atomic = atomic ? 1 : 0;
    }

    /// <inheritdoc/>
    public void Store(int row, int col, float value)
    {
        int i = row * _rowStride + col * _colStride;
        if (_atomic != 0)
        {
            Atomic.Add(ref _destination[i], value);
        }
        else
        {
            _destination[i] += value;
        }
    }
}

/// <summary>Plain store into a row-major matrix: <c>dst[r * cols + c] = value</c>.</summary>
public readonly struct StoreEpilogue : IGemmEpilogue
{
    private readonly ArrayView<float> _destination;
    private readonly int _cols;

    /// <summary>Writes into <paramref name="destination"/> of <paramref name="cols"/> columns.</summary>
    public StoreEpilogue(ArrayView<float> destination, int cols)
    {
        _destination = destination;
        _cols = cols;
    }

    /// <inheritdoc/>
    public void Store(int row, int col, float value) => _destination[row * _cols + col] = value;
}
