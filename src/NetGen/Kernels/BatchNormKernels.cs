using System;
using System.Numerics.Tensors;
using NetGen.Ops;

namespace NetGen.Kernels;

/// <summary>
/// Batch normalisation (Ioffe and Szegedy 2015; <c>torch.nn.BatchNorm1d</c>/<c>BatchNorm2d</c>) over activations laid
/// out <c>(batch, channels, spatial)</c>: <c>spatial = 1</c> after a dense layer, <c>H * W</c> after a convolution.
/// Each channel is normalised over its <c>n = batch * spatial</c> values, then scaled and shifted:
/// <c>y = act(gamma xhat + beta)</c> with <c>xhat = (x - mean) / sqrt(var + eps)</c>.
/// </summary>
/// <remarks>
/// As in PyTorch, training normalises with the biased batch variance and updates the running variance with the
/// unbiased one, <c>var n / (n - 1)</c>; <c>running = (1 - momentum) running + momentum stat</c>. Statistics are
/// accumulated in float64. An empty <c>gamma</c> means 1 and an empty <c>beta</c> means 0 (<c>affine = False</c>);
/// then pass empty <c>dgamma</c>/<c>dbeta</c> too.
/// </remarks>
public static class BatchNormKernels
{
    /// <summary>
    /// Normalises with the batch statistics, saves <c>mean</c> and <c>1 / sqrt(var + eps)</c> per channel for
    /// <see cref="Backward{TAct}"/>, and updates the running statistics.
    /// </summary>
    /// <param name="inp">The input, <c>(batch, channels, spatial)</c>.</param>
    /// <param name="output">The output, same shape.</param>
    /// <param name="gamma">The scale, <c>(channels)</c>, or empty for 1.</param>
    /// <param name="beta">The shift, <c>(channels)</c>, or empty for 0.</param>
    /// <param name="runningMean">The running mean, <c>(channels)</c>; updated.</param>
    /// <param name="runningVar">The running (unbiased) variance, <c>(channels)</c>; updated.</param>
    /// <param name="saveMean">Receives the batch mean, <c>(channels)</c>.</param>
    /// <param name="saveInvStd">Receives <c>1 / sqrt(biased batch variance + eps)</c>, <c>(channels)</c>.</param>
    /// <param name="channels">Channels (features).</param>
    /// <param name="spatial">Elements per channel per sample.</param>
    /// <param name="batch">The number of samples; <c>batch * spatial</c> must be at least 2.</param>
    /// <param name="momentum">The running statistics' update weight (PyTorch's default is 0.1).</param>
    /// <param name="epsilon">Added to the variance (PyTorch's default is 1e-5).</param>
    /// <param name="activation">The activation fused after the affine transform.</param>
    public static void TrainingForward<TAct>(
        ReadOnlySpan<float> inp, Span<float> output, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> runningMean, Span<float> runningVar, Span<float> saveMean, Span<float> saveInvStd,
        int channels, int spatial, int batch, float momentum, float epsilon, TAct activation)
        where TAct : struct, IActivation
    {
        Check(inp.Length, output.Length, gamma.Length, beta.Length, channels, spatial, batch);
        Require(runningMean.Length, channels, "runningMean");
        Require(runningVar.Length, channels, "runningVar");
        Require(saveMean.Length, channels, "saveMean");
        Require(saveInvStd.Length, channels, "saveInvStd");
        long n = (long)batch * spatial;
        if (n < 2)
        {
            throw new ArgumentException(
                $"Batch normalisation in training needs more than one value per channel (batch * spatial = {n}), as in PyTorch.", nameof(batch));
        }

        int stride = channels * spatial;
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<float> x = inp.Slice(b * stride + c * spatial, spatial);
                for (int s = 0; s < x.Length; s++)
                {
                    sum += x[s];
                }
            }
            double mean = sum / n;
            double squares = 0;
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<float> x = inp.Slice(b * stride + c * spatial, spatial);
                for (int s = 0; s < x.Length; s++)
                {
                    double d = x[s] - mean;
                    squares += d * d;
                }
            }
            double variance = squares / n;
            double invStd = 1.0 / Math.Sqrt(variance + epsilon);
            saveMean[c] = (float)mean;
            saveInvStd[c] = (float)invStd;
            runningMean[c] = (float)((1.0 - momentum) * runningMean[c] + momentum * mean);
            runningVar[c] = (float)((1.0 - momentum) * runningVar[c] + momentum * variance * n / (n - 1));

            double g = gamma.IsEmpty ? 1.0 : gamma[c];
            Affine(inp, output, c, spatial, stride, batch,
                (float)(g * invStd), (float)((beta.IsEmpty ? 0.0 : beta[c]) - mean * g * invStd), activation);
        }
    }

    /// <summary><c>y = act(gamma (x - runningMean) / sqrt(runningVar + eps) + beta)</c>: evaluation mode.</summary>
    /// <param name="inp">The input, <c>(batch, channels, spatial)</c>.</param>
    /// <param name="output">The output, same shape.</param>
    /// <param name="gamma">The scale, <c>(channels)</c>, or empty for 1.</param>
    /// <param name="beta">The shift, <c>(channels)</c>, or empty for 0.</param>
    /// <param name="runningMean">The running mean, <c>(channels)</c>.</param>
    /// <param name="runningVar">The running variance, <c>(channels)</c>.</param>
    /// <param name="channels">Channels (features).</param>
    /// <param name="spatial">Elements per channel per sample.</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="epsilon">Added to the variance.</param>
    /// <param name="activation">The activation fused after the affine transform.</param>
    public static void InferenceForward<TAct>(
        ReadOnlySpan<float> inp, Span<float> output, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, int channels, int spatial, int batch,
        float epsilon, TAct activation)
        where TAct : struct, IActivation
    {
        Check(inp.Length, output.Length, gamma.Length, beta.Length, channels, spatial, batch);
        Require(runningMean.Length, channels, "runningMean");
        Require(runningVar.Length, channels, "runningVar");
        int stride = channels * spatial;
        for (int c = 0; c < channels; c++)
        {
            double scale = (gamma.IsEmpty ? 1.0 : gamma[c]) / Math.Sqrt((double)runningVar[c] + epsilon);
            double shift = (beta.IsEmpty ? 0.0 : beta[c]) - runningMean[c] * scale;
            Affine(inp, output, c, spatial, stride, batch, (float)scale, (float)shift, activation);
        }
    }

    /// <summary>
    /// Back-propagates a training-mode forward pass. <paramref name="dout"/> becomes the gradient of the
    /// pre-activation <c>dy</c> in place; then per channel <c>dbeta += sum dy</c>, <c>dgamma += sum dy xhat</c> and
    /// <c>dinp += gamma invStd / n (n dy - sum dy - xhat sum dy xhat)</c>.
    /// </summary>
    /// <param name="inp">The forward input, <c>(batch, channels, spatial)</c>.</param>
    /// <param name="output">The forward output (after activation), same shape.</param>
    /// <param name="dout">The gradient of the loss with respect to <paramref name="output"/>; overwritten.</param>
    /// <param name="dinp">Accumulates the input gradient; empty to skip.</param>
    /// <param name="gamma">The scale, <c>(channels)</c>, or empty for 1.</param>
    /// <param name="dgamma">Accumulates the scale's gradient, <c>(channels)</c>; empty to skip.</param>
    /// <param name="dbeta">Accumulates the shift's gradient, <c>(channels)</c>; empty to skip.</param>
    /// <param name="saveMean">The batch mean saved by <see cref="TrainingForward{TAct}"/>.</param>
    /// <param name="saveInvStd">The inverse standard deviation saved by <see cref="TrainingForward{TAct}"/>.</param>
    /// <param name="channels">Channels (features).</param>
    /// <param name="spatial">Elements per channel per sample.</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="activation">The activation used in the forward pass.</param>
    public static void Backward<TAct>(
        ReadOnlySpan<float> inp, ReadOnlySpan<float> output, Span<float> dout, Span<float> dinp,
        ReadOnlySpan<float> gamma, Span<float> dgamma, Span<float> dbeta, ReadOnlySpan<float> saveMean,
        ReadOnlySpan<float> saveInvStd, int channels, int spatial, int batch, TAct activation)
        where TAct : struct, IActivation
    {
        Check(inp.Length, output.Length, gamma.Length, 0, channels, spatial, batch);
        Require(dout.Length, (long)batch * channels * spatial, "dout");
        Require(saveMean.Length, channels, "saveMean");
        Require(saveInvStd.Length, channels, "saveInvStd");
        Optional(dinp.Length, (long)batch * channels * spatial, "dinp");
        Optional(dgamma.Length, channels, "dgamma");
        Optional(dbeta.Length, channels, "dbeta");
        int total = batch * channels * spatial;
        activation.MultiplyByDerivative(output.Slice(0, total), dout.Slice(0, total));

        int stride = channels * spatial;
        long n = (long)batch * spatial;
        for (int c = 0; c < channels; c++)
        {
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
            if (!dbeta.IsEmpty)
            {
                dbeta[c] += (float)sumDy;
            }
            if (!dgamma.IsEmpty)
            {
                dgamma[c] += (float)sumDyXhat;
            }
            if (dinp.IsEmpty)
            {
                continue;
            }
            float k = (gamma.IsEmpty ? 1f : gamma[c]) * invStd / n;
            float sumDyF = (float)sumDy, sumDyXhatF = (float)sumDyXhat;
            for (int b = 0; b < batch; b++)
            {
                int offset = b * stride + c * spatial;
                for (int s = 0; s < spatial; s++)
                {
                    float xhat = (inp[offset + s] - mean) * invStd;
                    dinp[offset + s] += k * (n * dout[offset + s] - sumDyF - xhat * sumDyXhatF);
                }
            }
        }
    }

    // output = act(scale x + shift) over channel c of every sample.
    private static void Affine<TAct>(ReadOnlySpan<float> inp, Span<float> output, int c, int spatial, int stride, int batch,
        float scale, float shift, TAct activation)
        where TAct : struct, IActivation
    {
        for (int b = 0; b < batch; b++)
        {
            int offset = b * stride + c * spatial;
            Span<float> y = output.Slice(offset, spatial);
            TensorPrimitives.Multiply(inp.Slice(offset, spatial), scale, y);
            TensorPrimitives.Add(y, shift, y);
            activation.Forward(y);
        }
    }

    private static void Check(int inp, int output, int gamma, int beta, int channels, int spatial, int batch)
    {
        if (channels < 1 || spatial < 1 || batch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(channels),
                $"Batch normalisation needs channels >= 1, spatial >= 1 and batch >= 0 (got {channels}, {spatial}, {batch}).");
        }
        long size = (long)batch * channels * spatial;
        Require(inp, size, "inp");
        Require(output, size, "output");
        Optional(gamma, channels, "gamma");
        Optional(beta, channels, "beta");
    }

    private static void Optional(int length, long needed, string name)
    {
        if (length != 0)
        {
            Require(length, needed, name);
        }
    }

    private static void Require(int length, long needed, string name)
    {
        if (length < needed)
        {
            throw new ArgumentException($"Batch normalisation {name} has {length} floats but needs {needed}.", name);
        }
    }
}
