using System;
using ILGPU;
using NetGen.Ops;

namespace NetGen.Gpu.Kernels;

/// <summary>
/// Batch normalisation (Ioffe and Szegedy 2015; <c>torch.nn.BatchNorm1d/2d</c>) with a fused activation. The
/// per-channel statistics are reduced by one thread per channel in float64, in the CPU kernel's order, so the batch
/// mean and variance match it; the element-wise passes run one thread per element. Layout: (batch, channels, spatial).
/// </summary>
public static class BatchNormKernels
{
    /// <summary>
    /// Training statistics of channel <paramref name="c"/>: saves mean and 1/std for backward, updates the running
    /// statistics (unbiased variance), and writes the fused scale and shift to <paramref name="affine"/> (2 per channel).
    /// </summary>
    public static void TrainingStatistics(Index1D c, ArrayView<float> inp, ArrayView<float> gamma, ArrayView<float> beta,
        ArrayView<float> runningMean, ArrayView<float> runningVar, ArrayView<float> saveMean, ArrayView<float> saveInvStd,
        ArrayView<float> affine, int channels, int spatial, int batch, float momentum, float epsilon, int hasAffine)
    {
        long n = (long)batch * spatial;
        int stride = channels * spatial;
        double sum = 0;
        for (int b = 0; b < batch; b++)
        {
            int offset = b * stride + c * spatial;
            for (int s = 0; s < spatial; s++)
            {
                sum += inp[offset + s];
            }
        }
        double mean = sum / n;
        double squares = 0;
        for (int b = 0; b < batch; b++)
        {
            int offset = b * stride + c * spatial;
            for (int s = 0; s < spatial; s++)
            {
                double d = inp[offset + s] - mean;
                squares += d * d;
            }
        }
        double variance = squares / n;
        double invStd = 1.0 / Math.Sqrt(variance + epsilon);
        saveMean[c] = (float)mean;
        saveInvStd[c] = (float)invStd;
        runningMean[c] = (float)((1.0 - momentum) * runningMean[c] + momentum * mean);
        runningVar[c] = (float)((1.0 - momentum) * runningVar[c] + momentum * variance * n / (n - 1));
        double g = hasAffine != 0 ? gamma[c] : 1.0;
        double shift = hasAffine != 0 ? beta[c] : 0.0;
        affine[2 * c] = (float)(g * invStd);
        affine[2 * c + 1] = (float)(shift - mean * g * invStd);
    }

    /// <summary>Inference scale and shift of channel <paramref name="c"/> from the running statistics.</summary>
    public static void InferenceStatistics(Index1D c, ArrayView<float> gamma, ArrayView<float> beta,
        ArrayView<float> runningMean, ArrayView<float> runningVar, ArrayView<float> affine, float epsilon, int hasAffine)
    {
        double scale = (hasAffine != 0 ? gamma[c] : 1.0) / Math.Sqrt((double)runningVar[c] + epsilon);
        double shift = (hasAffine != 0 ? beta[c] : 0.0) - runningMean[c] * scale;
        affine[2 * c] = (float)scale;
        affine[2 * c + 1] = (float)shift;
    }

    /// <summary><c>out = act(scale[c] x + shift[c])</c>, one thread per element.</summary>
    public static void Affine<TAct>(Index1D i, ArrayView<float> inp, ArrayView<float> output, ArrayView<float> affine,
        int channels, int spatial, TAct activation)
        where TAct : struct, IActivation
    {
        int c = (i / spatial) % channels;
        float y = inp[i] * affine[2 * c];
        output[i] = activation.Forward(y + affine[2 * c + 1]);
    }

    /// <summary>
    /// Backward reductions of channel <paramref name="c"/> (after the activation's derivative is applied to dout):
    /// <c>dbeta += sum dy</c>, <c>dgamma += sum dy xhat</c>, and the three per-channel factors of the input gradient.
    /// </summary>
    public static void BackwardStatistics(Index1D c, ArrayView<float> inp, ArrayView<float> dout, ArrayView<float> gamma,
        ArrayView<float> dgamma, ArrayView<float> dbeta, ArrayView<float> saveMean, ArrayView<float> saveInvStd,
        ArrayView<float> factors, int channels, int spatial, int batch, int hasAffine)
    {
        int stride = channels * spatial;
        long n = (long)batch * spatial;
        float mean = saveMean[c], invStd = saveInvStd[c];
        double sumDy = 0, sumDyXhat = 0;
        for (int b = 0; b < batch; b++)
        {
            int offset = b * stride + c * spatial;
            for (int s = 0; s < spatial; s++)
            {
                double dy = dout[offset + s];
                sumDy += dy;
                sumDyXhat += dy * ((inp[offset + s] - mean) * invStd);
            }
        }
        if (hasAffine != 0)
        {
            dbeta[c] += (float)sumDy;
            dgamma[c] += (float)sumDyXhat;
        }
        factors[3 * c] = (hasAffine != 0 ? gamma[c] : 1f) * invStd / n;
        factors[3 * c + 1] = (float)sumDy;
        factors[3 * c + 2] = (float)sumDyXhat;
    }

    /// <summary><c>dinp += k (n dy - sum dy - xhat sum(dy xhat))</c>, one thread per element.</summary>
    public static void BackwardInput(Index1D i, ArrayView<float> inp, ArrayView<float> dout, ArrayView<float> dinp,
        ArrayView<float> saveMean, ArrayView<float> saveInvStd, ArrayView<float> factors, int channels, int spatial, int batch)
    {
        int c = (i / spatial) % channels;
        long n = (long)batch * spatial;
        float invStd = saveInvStd[c];
        float xhat = (inp[i] - saveMean[c]) * invStd;
        dinp[i] += factors[3 * c] * (n * dout[i] - factors[3 * c + 1] - xhat * factors[3 * c + 2]);
    }
}
