using System;
using System.Runtime.Intrinsics.X86;
using NetGen.Kernels;
using NetGen.Ops;
using NetGen.Tests.Kernels;
using Xunit;

namespace NetGen.Tests.Behaviour;

/// <summary>
/// NaN propagates as in PyTorch: <c>torch.relu(nan)</c> is nan, so a NaN reaches the loss and the NaN guard instead of
/// vanishing into a 0. Each kernel path with a ReLU epilogue (the vectorised span, the AVX-512 direct convolution's
/// tile store, im2col, dense GEMM and GEMV, batch norm) is compared with a naive float64 reference of PyTorch's rules.
/// </summary>
public class NanPropagationTests
{
    /// <summary><c>torch.relu</c>: NaN stays NaN, -0 and negatives become +0.</summary>
    private static double TorchRelu(double x) => double.IsNaN(x) ? double.NaN : x > 0 ? x : 0.0;

    private static void AssertTorchRelu(double[] preActivation, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(preActivation.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++)
        {
            double expected = TorchRelu(preActivation[i]);
            if (double.IsNaN(expected))
            {
                Assert.True(float.IsNaN(actual[i]), $"{what}[{i}]: expected NaN, got {actual[i]}");
            }
            else
            {
                ReferenceChecks.AssertClose(expected, actual[i], 1e-4, 1e-5, $"{what}[{i}]");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(33)]
    public void ReluSpan_MatchesTorchReluBitForBit(int n)
    {
        float[] special = { float.NaN, -0f, 0f, float.NegativeInfinity, float.PositiveInfinity, -2f, 2f, -float.Epsilon, float.Epsilon };
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = special[(i * 5) % special.Length];
        }
        float[] y = (float[])x.Clone();

        default(ReluActivation).Forward(y);

        for (int i = 0; i < n; i++)
        {
            float expected = (float)TorchRelu(x[i]);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(y[i]));
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(default(ReluActivation).Forward(x[i])));
        }
    }

    [Fact]
    public void ReluDerivative_PassesTheGradientWhereTheOutputIsNaN_AsThresholdBackward()
    {
        float[] y = { float.NaN, 0f, 3f, float.NaN, 0f, 1f, 2f, 0f, float.NaN };
        float[] dout = { 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f };

        default(ReluActivation).MultiplyByDerivative(y, dout);

        // threshold_backward(grad, y, 0): grad where !(y <= 0), else 0.
        Assert.Equal(new[] { 1f, 0f, 3f, 4f, 0f, 6f, 7f, 0f, 9f }, dout);
    }

    [Fact]
    public void LeakyRelu_KeepsNaN()
    {
        var leaky = new LeakyReluActivation(0.1f);
        float[] values = { float.NaN, -1f, 1f };

        leaky.Forward(values);

        Assert.True(float.IsNaN(values[0]));
        Assert.Equal(new[] { -0.1f, 1f }, values[1..]);
    }

    [Theory]
    [InlineData(1, true)]  // stride 1: the direct AVX-512 path where the CPU has it
    [InlineData(2, false)] // stride 2: im2col and GEMM, then the span epilogue
    public void Conv2DRelu_NaNInput_NaNExactlyWhereItsWindowsReach(int stride, bool direct)
    {
        var c = new ConvCase("nan", 2, 2, 10, 20, 8, 3, 3, stride, stride, 1, 1, 1, 1, true, RefActivation.Relu);
        Conv2DShape shape = ConvCases.Shape(c);
        Assert.Equal(direct && Avx512F.IsSupported, Conv2DDirect.CanForward(shape));
        float[] x = ReferenceChecks.Uniform(1, c.Batch * c.InC * c.InH * c.InW);
        float[] w = ReferenceChecks.Uniform(2, c.OutC * c.InC * c.KH * c.KW);
        float[] bias = ReferenceChecks.Uniform(3, c.OutC);
        x[37] = float.NaN;                            // sample 0, channel 0
        x[c.InC * c.InH * c.InW + 150] = float.NaN;   // sample 1, channel 0, another row
        var y = new float[c.Batch * shape.OutSize];

        Conv2DKernels.Forward(x, w, bias, y, new float[shape.ScratchSize], shape, c.Batch, default(ReluActivation));

        double[] z = ReferenceConv2D.PreActivation(c, ReferenceChecks.D(x), ReferenceChecks.D(w), ReferenceChecks.D(bias));
        AssertTorchRelu(z, y, "conv output");
        Assert.Contains(y, float.IsNaN);
        Assert.Contains(y, v => v == 0f); // negatives still become 0
    }

    [Theory]
    [InlineData(1)] // one sample: the matrix-vector product
    [InlineData(5)] // a batch: GEMM
    public void DenseRelu_NaNInput_PoisonsItsRowOnly(int batch)
    {
        const int inputs = 19, outputs = 13;
        float[] x = ReferenceChecks.Uniform(4, batch * inputs);
        float[] w = ReferenceChecks.Uniform(5, outputs * inputs);
        float[] bias = ReferenceChecks.Uniform(6, outputs);
        x[(batch - 1) * inputs + 3] = float.NaN;
        var y = new float[batch * outputs];

        DenseKernels.Forward(x, w, bias, y, batch, inputs, outputs, default(ReluActivation));

        var z = new double[batch * outputs];
        for (int b = 0; b < batch; b++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double sum = bias[o];
                for (int i = 0; i < inputs; i++)
                {
                    sum += (double)w[o * inputs + i] * x[b * inputs + i];
                }
                z[b * outputs + o] = sum;
            }
        }
        AssertTorchRelu(z, y, "dense output");
    }

    [Fact]
    public void BatchNormRelu_NaNInput_PoisonsItsChannelAndRunningStatistics()
    {
        const int channels = 3, spatial = 4, batch = 2;
        float[] x = ReferenceChecks.Uniform(7, batch * channels * spatial);
        x[spatial + 1] = float.NaN; // sample 0, channel 1
        var y = new float[x.Length];
        float[] runningMean = new float[channels], runningVar = { 1f, 1f, 1f };

        BatchNormKernels.TrainingForward(x, y, ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, runningMean, runningVar,
            new float[channels], new float[channels], channels, spatial, batch, 0.1f, 1e-5f, default(ReluActivation));

        // PyTorch: the channel's batch mean is NaN, so every value of that channel and its running statistics are.
        for (int b = 0; b < batch; b++)
        {
            for (int ch = 0; ch < channels; ch++)
            {
                for (int s = 0; s < spatial; s++)
                {
                    float v = y[(b * channels + ch) * spatial + s];
                    Assert.Equal(ch == 1, float.IsNaN(v));
                }
            }
        }
        Assert.True(float.IsNaN(runningMean[1]) && float.IsNaN(runningVar[1]));
        Assert.True(float.IsFinite(runningMean[0]) && float.IsFinite(runningVar[2]));
    }
}
