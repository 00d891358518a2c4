using ILGPU;
using NetGen.Ops;

namespace NetGen.Gpu.Kernels;

/// <summary>One-thread-per-element kernels: activation derivatives, bias gradients, scaling. The math is the op structs'.</summary>
public static class ElementwiseKernels
{
    /// <summary><c>dout[i] *= act.Derivative(output[i])</c>: the gradient of the output becomes that of the pre-activation.</summary>
    public static void MultiplyByDerivative<TAct>(Index1D i, ArrayView<float> output, ArrayView<float> dout, TAct activation)
        where TAct : struct, IActivation
    {
        dout[i] *= activation.Derivative(output[i]);
    }

    /// <summary><c>sums[c] += sum over r of values[r * cols + c]</c>: a dense layer's bias gradient.</summary>
    public static void ColumnSums(Index1D c, ArrayView<float> values, ArrayView<float> sums, int rows, int cols)
    {
        float s = sums[c];
        for (int r = 0; r < rows; r++)
        {
            s += values[r * cols + c];
        }
        sums[c] = s;
    }

    /// <summary><c>sums[c] += sum over b, s of values[b, c, s]</c> (NCHW): a convolution's bias gradient.</summary>
    public static void ChannelSums(Index1D c, ArrayView<float> values, ArrayView<float> sums, int batch, int channels, int spatial)
    {
        float total = sums[c];
        for (int b = 0; b < batch; b++)
        {
            int offset = (b * channels + c) * spatial;
            for (int s = 0; s < spatial; s++)
            {
                total += values[offset + s];
            }
        }
        sums[c] = total;
    }

    /// <summary><c>values[i] *= scale</c>.</summary>
    public static void Scale(Index1D i, ArrayView<float> values, float scale)
    {
        values[i] *= scale;
    }

    /// <summary><c>destination[i] = source[i]</c>.</summary>
    public static void Copy(Index1D i, ArrayView<float> source, ArrayView<float> destination)
    {
        destination[i] = source[i];
    }
}
