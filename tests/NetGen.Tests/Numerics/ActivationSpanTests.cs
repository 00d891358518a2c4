using System;
using NetGen.Ops;
using Xunit;

namespace NetGen.Tests.Numerics;

/// <summary>The span forms of each activation (the kernels' epilogues) equal its scalar formulas bit for bit.</summary>
public class ActivationSpanTests
{
    private static float[] Values()
    {
        var random = new System.Random(3);
        var values = new float[37]; // not a multiple of any vector width, so every tail loop runs
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 8 - 4);
        }
        values[0] = 0f;
        values[1] = -0f;
        values[2] = float.NaN;
        values[3] = float.PositiveInfinity;
        values[4] = float.NegativeInfinity;
        values[5] = 1e-30f;
        return values;
    }

    public static TheoryData<string> Names => new() { "Identity", "Sigmoid", "Tanh", "ReLU", "LeakyReLU" };

    [Theory]
    [MemberData(nameof(Names))]
    public void SpanForwardAndDerivative_EqualTheScalarFormulasBitForBit(string name)
    {
        switch (name)
        {
            case "Identity": Check(default(IdentityActivation)); break;
            case "Sigmoid": Check(default(SigmoidActivation)); break;
            case "Tanh": Check(default(TanhActivation)); break;
            case "ReLU": Check(default(ReluActivation)); break;
            default: Check(new LeakyReluActivation(0.2f)); break;
        }
    }

    private static void Check<TAct>(TAct activation)
        where TAct : struct, IActivation
    {
        float[] x = Values();
        float[] y = (float[])x.Clone();
        activation.Forward(y.AsSpan());
        float[] dout = Values();
        Array.Reverse(dout);
        float[] dpre = (float[])dout.Clone();
        activation.MultiplyByDerivative(y, dpre);

        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(activation.Forward(x[i])), BitConverter.SingleToInt32Bits(y[i]));
            Assert.Equal(BitConverter.SingleToInt32Bits(dout[i] * activation.Derivative(y[i])), BitConverter.SingleToInt32Bits(dpre[i]));
        }
    }
}
