using System;
using NetGen.Ops;
using Xunit;

namespace NetGen.Tests.Numerics;

/// <summary>
/// The losses' scalar helpers (what the GPU loss kernel calls per row and element) left the CPU losses unchanged:
/// <see cref="ILoss.Forward"/> and <see cref="ILoss.ForwardBackward"/> give the same bits as the formulas the
/// structs held before the helpers were split out, written out here as loops.
/// </summary>
public class LossScalarFormTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 7)]
    [InlineData(64, 10)]
    public void MeanSquaredError_IsUnchangedBitForBit(int batch, int width)
    {
        (float[] output, float[] target) = Data(batch, width, probabilities: false, seed: 1);
        int n = batch * width;
        double sum = 0;
        var expected = new float[n];
        for (int i = 0; i < n; i++)
        {
            float d = output[i] - target[i];
            sum += d * d;
            expected[i] = 2f / n * d;
        }

        AssertSame(default(MeanSquaredErrorLoss), output, target, batch, width, (float)(sum / n), expected);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(5, 7)]
    [InlineData(64, 10)]
    public void SoftmaxCrossEntropy_IsUnchangedBitForBit(int batch, int width)
    {
        (float[] output, _) = Data(batch, width, probabilities: false, seed: 2);
        var random = new System.Random(3);
        var labels = new float[batch];
        double sum = 0;
        var expected = new float[batch * width];
        for (int b = 0; b < batch; b++)
        {
            int label = random.Next(width);
            labels[b] = label;
            ReadOnlySpan<float> z = output.AsSpan(b * width, width);
            float max = z[0];
            for (int j = 1; j < width; j++)
            {
                max = z[j] > max ? z[j] : max;
            }
            double s = 0;
            for (int j = 0; j < width; j++)
            {
                s += Math.Exp(z[j] - max);
            }
            sum += max + Math.Log(s) - z[label];
            Span<float> dz = expected.AsSpan(b * width, width);
            Softmax.ForwardRow(z, dz);
            dz[label] -= 1f;
            for (int j = 0; j < width; j++)
            {
                dz[j] *= 1f / batch;
            }
        }

        AssertSame(default(SoftmaxCrossEntropyLoss), output, labels, batch, width, (float)(sum / batch), expected);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 7)]
    [InlineData(64, 3)]
    public void BinaryCrossEntropy_IsUnchangedBitForBit(int batch, int width)
    {
        (float[] output, float[] target) = Data(batch, width, probabilities: true, seed: 4);
        int n = batch * width;
        double sum = 0;
        var expected = new float[n];
        for (int i = 0; i < n; i++)
        {
            float z = output[i];
            sum += Math.Max(z, 0.0) - (double)z * target[i] + Math.Log(1.0 + Math.Exp(-Math.Abs((double)z)));
            expected[i] = (default(SigmoidActivation).Forward(z) - target[i]) * (1f / n);
        }

        AssertSame(default(BinaryCrossEntropyLoss), output, target, batch, width, (float)(sum / n), expected);
    }

    private static void AssertSame<TLoss>(TLoss loss, float[] output, float[] target, int batch, int width, float expectedLoss, float[] expectedGradient)
        where TLoss : struct, ILoss
    {
        var gradient = new float[batch * width];
        float value = loss.ForwardBackward(output, target, gradient, batch, width);
        Assert.Equal(BitConverter.SingleToInt32Bits(expectedLoss), BitConverter.SingleToInt32Bits(value));
        Assert.Equal(BitConverter.SingleToInt32Bits(expectedLoss), BitConverter.SingleToInt32Bits(loss.Forward(output, target, batch, width)));
        for (int i = 0; i < gradient.Length; i++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(expectedGradient[i]) == BitConverter.SingleToInt32Bits(gradient[i]),
                $"gradient[{i}]: expected {expectedGradient[i]:R}, got {gradient[i]:R}.");
        }
    }

    private static (float[] Output, float[] Target) Data(int batch, int width, bool probabilities, int seed)
    {
        var random = new System.Random(seed);
        var output = new float[batch * width];
        var target = new float[batch * width];
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = (float)((random.NextDouble() * 2 - 1) * 6);
            target[i] = probabilities ? (float)random.NextDouble() : (float)(random.NextDouble() * 2 - 1);
        }
        return (output, target);
    }
}
