using NetGen.Tests.Networks;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Cnn;

/// <summary>
/// The generated backward pass of a whole convolutional network against central finite differences of its loss:
/// every parameter of convolutions (stride, padding, dilation, a non-square kernel), batch norm over channels and
/// over features, average pooling with padding, global average pooling and dense layers.
/// </summary>
public class CnnGradientTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public void SmoothCnn_Backward_MatchesFiniteDifferencesOfTheLoss(int batch)
    {
        var net = new SmoothCnn(seed: 5) { Training = true };
        var random = new System.Random(batch);
        float[] input = Fill(new float[batch * SmoothCnn.InputSize], random, 1.0);
        float[] target = Fill(new float[batch * SmoothCnn.TargetSize], random, 0.5);
        FiniteDifferenceCheck.AllGradients(net, input, target, batch, random);
    }

    private static float[] Fill(float[] values, System.Random random, double scale)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        }
        return values;
    }
}
