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
            sum += SquaredError(output[i], target[i]);
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
            sum += SquaredError(output[i], target[i]);
            doutput[i] = Gradient(output[i], target[i], scale);
        }
        return (float)(sum / n);
    }

    /// <summary>One element's term of the sum, <c>(y - t)^2</c>, rounded to float32 as the mean's terms are.</summary>
    public static float SquaredError(float output, float target)
    {
        float d = output - target;
        return d * d;
    }

    /// <summary>One element's gradient, <c>scale (y - t)</c>, where <paramref name="scale"/> is the float32 <c>2 / (B W)</c>.</summary>
    public static float Gradient(float output, float target, float scale) => scale * (output - target);
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
            sum += RowLoss(z, (int)target[b]);
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
            sum += RowLoss(z, label);
            Softmax.ForwardRow(z, dz);
            for (int j = 0; j < width; j++)
            {
                dz[j] = Gradient(dz[j], j == label, inv);
            }
        }
        return (float)(sum / batch);
    }

    /// <summary>
    /// One row's loss from its pieces: <c>logsumexp(z) - z[label] = max + log(sum of e^(z - max)) - z[label]</c>, in
    /// float64, where <paramref name="sumOfExp"/> adds <see cref="ShiftedExp"/> over the row in order.
    /// </summary>
    public static double RowLoss(float max, double sumOfExp, float labelLogit) => max + Math.Log(sumOfExp) - labelLogit;

    /// <summary><c>e^(z - max)</c> in float64, the terms of a row's log-sum-exp.</summary>
    public static double ShiftedExp(float z, float max) => Math.Exp(z - max);

    /// <summary>One logit's gradient, <c>(p - [j == label]) / B</c>, from its softmax probability and <paramref name="inverseBatch"/> = <c>1f / B</c>.</summary>
    public static float Gradient(float probability, bool isLabel, float inverseBatch) =>
        (isLabel ? probability - 1f : probability) * inverseBatch;

    private static double RowLoss(ReadOnlySpan<float> z, int label)
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
            s += ShiftedExp(z[j], max);
        }
        return RowLoss(max, s, z[label]);
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
            sum += ElementLoss(output[i], target[i]);
        }
        return (float)(sum / n);
    }

    /// <inheritdoc/>
    public float ForwardBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> doutput, int batch, int width)
    {
        int n = batch * width;
        float inv = 1f / n;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += ElementLoss(output[i], target[i]);
            doutput[i] = Gradient(output[i], target[i], inv);
        }
        return (float)(sum / n);
    }

    /// <summary>One element's term of the mean, <c>max(z, 0) - z t + log(1 + e^-|z|)</c>, in float64.</summary>
    public static double ElementLoss(float z, float t) =>
        Math.Max(z, 0.0) - (double)z * t + Math.Log(1.0 + Math.Exp(-Math.Abs((double)z)));

    /// <summary>One element's gradient, <c>(sigmoid(z) - t) / (B W)</c>, with <paramref name="inverseCount"/> = <c>1f / (B W)</c>.</summary>
    public static float Gradient(float z, float t, float inverseCount) => (default(SigmoidActivation).Forward(z) - t) * inverseCount;
}
