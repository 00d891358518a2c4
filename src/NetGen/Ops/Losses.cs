using System;

namespace NetGen.Ops;

/// <summary>
/// Mean squared error over every element, <c>L = sum((y - t)^2) / (B W)</c>, like <c>torch.nn.MSELoss()</c>;
/// <c>dL/dy = 2 (y - t) / (B W)</c>. Targets are <c>batch x width</c>.
/// </summary>
public readonly struct MeanSquaredErrorLoss : ILoss
{
    /// <inheritdoc/>
    public float Forward(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch, int width)
    {
        int n = batch * width;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            float d = output[i] - target[i];
            sum += d * d;
        }
        return (float)(sum / n);
    }

    /// <inheritdoc/>
    public float ForwardBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> doutput, int batch, int width)
    {
        int n = batch * width;
        float scale = 2f / n;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            float d = output[i] - target[i];
            sum += d * d;
            doutput[i] = scale * d;
        }
        return (float)(sum / n);
    }
}

/// <summary>
/// Softmax cross-entropy with integer class labels, averaged over the batch, like
/// <c>torch.nn.CrossEntropyLoss()</c>: <c>L_b = logsumexp(z_b) - z_b[label_b]</c>;
/// <c>dL/dz = (softmax(z) - onehot(label)) / B</c>. Targets hold one class index per sample, stored as a float.
/// </summary>
public readonly struct SoftmaxCrossEntropyLoss : ILoss
{
    /// <inheritdoc/>
    public float Forward(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch, int width)
    {
        double sum = 0;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> z = output.Slice(b * width, width);
            sum += LogSumExp(z) - z[(int)target[b]];
        }
        return (float)(sum / batch);
    }

    /// <inheritdoc/>
    public float ForwardBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> doutput, int batch, int width)
    {
        double sum = 0;
        float inv = 1f / batch;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> z = output.Slice(b * width, width);
            Span<float> dz = doutput.Slice(b * width, width);
            int label = (int)target[b];
            sum += LogSumExp(z) - z[label];
            Softmax.ForwardRow(z, dz);
            dz[label] -= 1f;
            for (int j = 0; j < width; j++)
            {
                dz[j] *= inv;
            }
        }
        return (float)(sum / batch);
    }

    private static double LogSumExp(ReadOnlySpan<float> z)
    {
        float max = z[0];
        for (int j = 1; j < z.Length; j++)
        {
            if (z[j] > max)
            {
                max = z[j];
            }
        }
        double s = 0;
        for (int j = 0; j < z.Length; j++)
        {
            s += Math.Exp(z[j] - max);
        }
        return max + Math.Log(s);
    }
}

/// <summary>
/// Binary cross-entropy with a fused sigmoid, averaged over every element, like
/// <c>torch.nn.BCEWithLogitsLoss()</c>: <c>L = max(z, 0) - z t + log(1 + e^-|z|)</c> (the stable form);
/// <c>dL/dz = (sigmoid(z) - t) / (B W)</c>. Targets are probabilities in [0, 1], <c>batch x width</c>.
/// </summary>
public readonly struct BinaryCrossEntropyLoss : ILoss
{
    /// <inheritdoc/>
    public float Forward(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch, int width)
    {
        int n = batch * width;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += Element(output[i], target[i]);
        }
        return (float)(sum / n);
    }

    /// <inheritdoc/>
    public float ForwardBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> doutput, int batch, int width)
    {
        int n = batch * width;
        float inv = 1f / n;
        double sum = 0;
        var sigmoid = default(SigmoidActivation);
        for (int i = 0; i < n; i++)
        {
            float z = output[i];
            sum += Element(z, target[i]);
            doutput[i] = (sigmoid.Forward(z) - target[i]) * inv;
        }
        return (float)(sum / n);
    }

    private static double Element(float z, float t) =>
        Math.Max(z, 0.0) - (double)z * t + Math.Log(1.0 + Math.Exp(-Math.Abs((double)z)));
}
