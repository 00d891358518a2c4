using System;

namespace NetGen.Tests.Kernels;

/// <summary>
/// Batch normalisation in float64, written from Algorithm 1 of Ioffe and Szegedy (2015) and the <c>torch.nn.BatchNorm2d</c>
/// doc page (biased variance to normalise, unbiased variance in the running estimate); the backward pass is the
/// paper's step-by-step chain rule through the variance and the mean, not the kernel's closed form.
/// Layout <c>(batch, channels, spatial)</c>; a null gamma means 1, a null beta 0.
/// </summary>
public static class ReferenceBatchNorm
{
    /// <summary>The batch mean and biased variance of each channel.</summary>
    public static (double[] Mean, double[] Var) Statistics(double[] x, int channels, int spatial, int batch)
    {
        var mean = new double[channels];
        var variance = new double[channels];
        int n = batch * spatial;
        for (int c = 0; c < channels; c++)
        {
            for (int b = 0; b < batch; b++)
            {
                for (int s = 0; s < spatial; s++)
                {
                    mean[c] += x[(b * channels + c) * spatial + s];
                }
            }
            mean[c] /= n;
            for (int b = 0; b < batch; b++)
            {
                for (int s = 0; s < spatial; s++)
                {
                    double d = x[(b * channels + c) * spatial + s] - mean[c];
                    variance[c] += d * d;
                }
            }
            variance[c] /= n;
        }
        return (mean, variance);
    }

    /// <summary>The pre-activation <c>gamma (x - mean) / sqrt(var + eps) + beta</c> with the given statistics.</summary>
    public static double[] Normalise(double[] x, double[]? gamma, double[]? beta, double[] mean, double[] variance,
        int channels, int spatial, int batch, double eps)
    {
        var z = new double[x.Length];
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < channels; c++)
            {
                for (int s = 0; s < spatial; s++)
                {
                    int i = (b * channels + c) * spatial + s;
                    z[i] = (gamma?[c] ?? 1.0) * (x[i] - mean[c]) / Math.Sqrt(variance[c] + eps) + (beta?[c] ?? 0.0);
                }
            }
        }
        return z;
    }

    /// <summary>Training-mode pre-activation, with batch statistics.</summary>
    public static double[] TrainingPreActivation(double[] x, double[]? gamma, double[]? beta, int channels, int spatial, int batch, double eps)
    {
        (double[] mean, double[] variance) = Statistics(x, channels, spatial, batch);
        return Normalise(x, gamma, beta, mean, variance, channels, spatial, batch, eps);
    }

    /// <summary><c>running = (1 - momentum) running + momentum stat</c>, with the unbiased variance <c>var n / (n - 1)</c>.</summary>
    public static void UpdateRunning(double[] runningMean, double[] runningVar, double[] x, int channels, int spatial, int batch, double momentum)
    {
        (double[] mean, double[] variance) = Statistics(x, channels, spatial, batch);
        int n = batch * spatial;
        for (int c = 0; c < channels; c++)
        {
            runningMean[c] = (1 - momentum) * runningMean[c] + momentum * mean[c];
            runningVar[c] = (1 - momentum) * runningVar[c] + momentum * variance[c] * n / (n - 1);
        }
    }

    /// <summary>The gradients of <c>L = sum dout * act(z)</c> with respect to x, gamma and beta.</summary>
    public static (double[] Dx, double[] Dgamma, double[] Dbeta) Backward(
        double[] x, double[]? gamma, double[]? beta, double[] dout, RefActivation act, int channels, int spatial, int batch, double eps)
    {
        (double[] mean, double[] variance) = Statistics(x, channels, spatial, batch);
        double[] z = Normalise(x, gamma, beta, mean, variance, channels, spatial, batch, eps);
        var dx = new double[x.Length];
        var dgamma = new double[channels];
        var dbeta = new double[channels];
        int n = batch * spatial;
        for (int c = 0; c < channels; c++)
        {
            double g = gamma?[c] ?? 1.0, sd = Math.Sqrt(variance[c] + eps);
            double dvar = 0, dmean = 0, sumCentered = 0;
            for (int b = 0; b < batch; b++)
            {
                for (int s = 0; s < spatial; s++)
                {
                    int i = (b * channels + c) * spatial + s;
                    double dz = dout[i] * ReferenceConv2D.Derivative(act, z[i]);
                    double xhat = (x[i] - mean[c]) / sd;
                    dbeta[c] += dz;
                    dgamma[c] += dz * xhat;
                    double dxhat = dz * g;
                    dvar += dxhat * (x[i] - mean[c]) * -0.5 * Math.Pow(variance[c] + eps, -1.5);
                    dmean += -dxhat / sd;
                    sumCentered += -2 * (x[i] - mean[c]);
                }
            }
            dmean += dvar * sumCentered / n;
            for (int b = 0; b < batch; b++)
            {
                for (int s = 0; s < spatial; s++)
                {
                    int i = (b * channels + c) * spatial + s;
                    double dxhat = dout[i] * ReferenceConv2D.Derivative(act, z[i]) * g;
                    dx[i] = dxhat / sd + dvar * 2 * (x[i] - mean[c]) / n + dmean / n;
                }
            }
        }
        return (dx, dgamma, dbeta);
    }
}
