using ILGPU;
using NetGen.Ops;

namespace NetGen.Gpu.Kernels;

/// <summary>
/// One row of a loss on the device: writes the row's gradient with respect to the output (fused with the softmax or
/// sigmoid) and its terms of the mean, with the scalar helpers of the runtime's <see cref="ILoss"/> struct.
/// </summary>
public interface IRowLoss
{
    /// <summary>Whether the mean has one term per row (cross-entropy) rather than one per element.</summary>
    bool OneTermPerRow { get; }

    /// <summary>The float32 factor of the gradient for <paramref name="batch"/> rows of <paramref name="width"/>, as the CPU loss computes it.</summary>
    float GradientFactor(int batch, int width);

    /// <summary>
    /// Row <paramref name="row"/>: <c>doutput = scale * dL/doutput</c> (written, not accumulated) and the row's terms
    /// of the mean into <paramref name="terms"/> (at <c>row</c>, or at <c>row * width + j</c>).
    /// </summary>
    void Row(int row, int width, ArrayView<float> output, ArrayView<float> target, ArrayView<float> doutput, ArrayView<double> terms, float factor, float scale);
}

/// <summary><see cref="SoftmaxCrossEntropyLoss"/> per row: log-sum-exp in float64, probabilities from the same exponentials.</summary>
public readonly struct SoftmaxCrossEntropyRows : IRowLoss
{
    /// <inheritdoc/>
    public bool OneTermPerRow => true;

    /// <inheritdoc/>
    public float GradientFactor(int batch, int width) => 1f / batch;

    /// <inheritdoc/>
    public void Row(int row, int width, ArrayView<float> output, ArrayView<float> target, ArrayView<float> doutput, ArrayView<double> terms, float factor, float scale)
    {
        int o = row * width;
        int label = (int)target[row];
        float max = output[o];
        for (int j = 1; j < width; j++)
        {
            if (output[o + j] > max)
            {
                max = output[o + j];
            }
        }
        double sum = 0;
        for (int j = 0; j < width; j++)
        {
            sum += SoftmaxCrossEntropyLoss.ShiftedExp(output[o + j], max);
        }
        terms[row] = SoftmaxCrossEntropyLoss.RowLoss(max, sum, output[o + label]);
        for (int j = 0; j < width; j++)
        {
            float probability = (float)(SoftmaxCrossEntropyLoss.ShiftedExp(output[o + j], max) / sum);
            doutput[o + j] = SoftmaxCrossEntropyLoss.Gradient(probability, j == label, factor) * scale;
        }
    }
}

/// <summary><see cref="MeanSquaredErrorLoss"/> per row: one term per element.</summary>
public readonly struct MeanSquaredErrorRows : IRowLoss
{
    /// <inheritdoc/>
    public bool OneTermPerRow => false;

    /// <inheritdoc/>
    public float GradientFactor(int batch, int width) => 2f / (batch * width);

    /// <inheritdoc/>
    public void Row(int row, int width, ArrayView<float> output, ArrayView<float> target, ArrayView<float> doutput, ArrayView<double> terms, float factor, float scale)
    {
        for (int j = row * width; j < (row + 1) * width; j++)
        {
            terms[j] = MeanSquaredErrorLoss.SquaredError(output[j], target[j]);
            doutput[j] = MeanSquaredErrorLoss.Gradient(output[j], target[j], factor) * scale;
        }
    }
}

/// <summary><see cref="BinaryCrossEntropyLoss"/> per row, with the fused sigmoid: one term per element.</summary>
public readonly struct BinaryCrossEntropyRows : IRowLoss
{
    /// <inheritdoc/>
    public bool OneTermPerRow => false;

    /// <inheritdoc/>
    public float GradientFactor(int batch, int width) => 1f / (batch * width);

    /// <inheritdoc/>
    public void Row(int row, int width, ArrayView<float> output, ArrayView<float> target, ArrayView<float> doutput, ArrayView<double> terms, float factor, float scale)
    {
        for (int j = row * width; j < (row + 1) * width; j++)
        {
            terms[j] = BinaryCrossEntropyLoss.ElementLoss(output[j], target[j]);
            doutput[j] = BinaryCrossEntropyLoss.Gradient(output[j], target[j], factor) * scale;
        }
    }
}

/// <summary>The loss kernels: a thread per row, then the mean of the terms in the CPU loss's order.</summary>
public static class LossKernels
{
    /// <summary>
    /// The gradient and the terms of one row per thread, for <paramref name="rows"/> rows; each thread strides over
    /// the rows by the launched thread count (<see cref="GpuDevice.Threads"/>).
    /// </summary>
    public static void Rows<TRows>(
        Index1D index, TRows loss, ArrayView<float> output, ArrayView<float> target, ArrayView<float> doutput,
        ArrayView<double> terms, int width, float factor, float scale, int rows, int stride)
        where TRows : struct, IRowLoss
    {
        for (int row = index; row < rows; row += stride)
        {
            loss.Row(row, width, output, target, doutput, terms, factor, scale);
        }
    }

    /// <summary>
    /// One thread: <c>loss[0] = (float)(sum of terms[0..count) / count)</c>, summed in float64 in index order, the CPU
    /// loss's order, so the device's loss has the CPU's bits whenever the terms do.
    /// </summary>
    public static void Mean(Index1D index, ArrayView<double> terms, int count, ArrayView<float> loss)
    {
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += terms[i];
        }
        loss[0] = (float)(sum / count);
    }
}
