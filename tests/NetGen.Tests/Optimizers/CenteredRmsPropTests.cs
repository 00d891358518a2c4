using System;
using NetGen.Optimizers;
using NetGen.Optimizers.Rules;
using Xunit;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// Centred RMSprop with valid settings used to write NaN into the parameters: with a gradient that barely varies,
/// <c>s - a a</c> (a variance, 0 in exact arithmetic) rounds slightly below 0 and its square root is NaN. It is clamped
/// at 0 now, on the CPU and in the scalar rule the GPU kernel runs, while a NaN gradient still gives NaN.
/// </summary>
public class CenteredRmsPropTests
{
    private const int Steps = 3000; // a constant gradient used to fail after about 1,200

    [Theory]
    [InlineData(0f)]
    [InlineData(0.9f)]
    public void ConstantGradients_KeepTheParametersFinite_OnTheCpuAndInTheRule(float momentum)
    {
        var rms = new RmsProp(1e-3f, momentum: momentum, centered: true);
        var parameters = new float[64];
        var gradients = new float[64];
        for (int i = 0; i < gradients.Length; i++)
        {
            gradients[i] = 0.7f * (1 + i / 64f);
        }
        var elements = new OptimizerElement[64];
        var rule = new RmsPropRule(1e-3f, rms.Alpha, rms.Epsilon, 0f, momentum, centered: true);

        for (int step = 0; step < Steps; step++)
        {
            rms.Step(parameters, gradients); // would throw NonFiniteException on a NaN
            for (int i = 0; i < elements.Length; i++)
            {
                elements[i] = rule.Update(elements[i], gradients[i], decay: false);
            }
        }

        for (int i = 0; i < parameters.Length; i++)
        {
            Assert.True(float.IsFinite(parameters[i]));
            Assert.Equal(BitConverter.SingleToInt32Bits(parameters[i]), BitConverter.SingleToInt32Bits(elements[i].Parameter));
        }
    }

    [Fact]
    public void NaNGradient_StillGivesNaN_AndIsReported()
    {
        var rms = new RmsProp(1e-3f, centered: true);
        float[] parameters = { 1f, 2f };

        var e = Assert.Throws<NonFiniteException>(() => rms.Step(parameters, new[] { 0.5f, float.NaN }));

        Assert.True(e.UpdateApplied);
        Assert.True(float.IsNaN(new RmsPropRule(1e-3f, 0.99f, 1e-8f, 0f, 0f, centered: true).Update(new OptimizerElement(2f), float.NaN, false).Parameter));
    }
}
