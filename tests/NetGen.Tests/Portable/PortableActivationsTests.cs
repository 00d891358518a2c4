using System;
using NetGen.Kernels.Portable;
using NetGen.Tests.Kernels;
using Xunit;

namespace NetGen.Tests.Portable;

/// <summary>
/// The netstandard2.1 build's vectorised ReLU loops, <see cref="PortableActivations"/>, against <c>torch.relu</c>
/// (NaN stays NaN, -0 becomes +0) and <c>threshold_backward</c> element by element, bit for bit, finishing with the
/// same scalar tail as <see cref="Ops.ReluActivation"/>.
/// </summary>
public class PortableActivationsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(37)]
    public void Relu_MatchesScalarDefinition(int n)
    {
        float[] x = ReferenceChecks.Uniform(1, n);
        if (n > 4)
        {
            x[0] = float.NaN;
            x[1] = -0f;
            x[2] = 0f;
            x[3] = float.NegativeInfinity;
        }
        float[] dout = ReferenceChecks.Uniform(2, n);
        float[] values = (float[])x.Clone(), gradient = (float[])dout.Clone();

        int forward = PortableActivations.ReluForward(values);
        int backward = PortableActivations.ReluMultiplyByDerivative(x, gradient);
        for (int i = forward; i < n; i++)
        {
            values[i] = values[i] <= 0f ? 0f : values[i];
        }
        for (int i = backward; i < n; i++)
        {
            gradient[i] *= x[i] <= 0f ? 0f : 1f;
        }

        for (int i = 0; i < n; i++)
        {
            // torch.relu: NaN stays NaN, -0 becomes +0; threshold_backward passes the gradient where y is NaN.
            float expected = float.IsNaN(x[i]) ? float.NaN : Math.Max(x[i], 0f) == 0f ? 0f : x[i];
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(values[i]));
            Assert.Equal(dout[i] * (float.IsNaN(x[i]) || x[i] > 0f ? 1f : 0f), gradient[i]);
        }
        Assert.InRange(forward, 0, n);
        Assert.Equal(forward, backward);
    }
}
