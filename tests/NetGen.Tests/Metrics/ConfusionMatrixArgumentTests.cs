using System;
using NetGen.Metrics;
using Xunit;

namespace NetGen.Tests.Metrics;

public class ConfusionMatrixArgumentTests
{
    [Fact]
    public void Constructor_FewerThanTwoClassesOrWrongNames_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConfusionMatrix(1));
        var e = Assert.Throws<ArgumentException>(() => new ConfusionMatrix(3, new[] { "a", "b" }));
        Assert.Contains("3 classes but 2 class names", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(2, new[] { "a", null! }));
    }

    [Fact]
    public void Add_SpansNotExactlyOneBatch_ThrowsNamingTheSpan()
    {
        var m = new ConfusionMatrix(3);

        var e = Assert.Throws<ArgumentException>(() => m.Add(new float[5], new float[2], 2, Loss.SoftmaxCrossEntropy));
        Assert.Equal("outputs", e.ParamName);
        Assert.Contains("exactly 6 outputs", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => m.Add(new float[6], new float[3], 2, Loss.SoftmaxCrossEntropy));
        Assert.Equal("targets", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Add(new float[0], new float[0], -1, Loss.SoftmaxCrossEntropy));
    }

    [Theory]
    [InlineData(3f)]
    [InlineData(-1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void Add_SoftmaxLabelNotAClassIndex_ThrowsAndCountsNothing(float label)
    {
        var m = new ConfusionMatrix(3);

        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => m.Add(new float[] { 1, 0, 0, 0, 1, 0 }, new[] { 0f, label }, 2, Loss.SoftmaxCrossEntropy));

        Assert.Contains("targets[1]", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, m.Total);   // the valid first sample was not counted either
        Assert.Equal(0, m[0, 0]);
    }

    [Fact]
    public void Add_BinaryTargetOutsideZeroOne_Throws()
    {
        var m = new ConfusionMatrix(2);

        Assert.Throws<ArgumentOutOfRangeException>(() => m.Add(new[] { 1f }, new[] { 2f }, 1, Loss.BinaryCrossEntropy));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.AddProbabilities(new[] { 0.7f }, new[] { -0.1f }, 1));
        Assert.Equal(0, m.Total);
    }

    [Fact]
    public void Add_BinaryWithMoreThanTwoClasses_OrRegressionLoss_Throws()
    {
        var three = new ConfusionMatrix(3);
        var two = new ConfusionMatrix(2);

        Assert.Throws<InvalidOperationException>(() => three.Add(new[] { 1f }, new[] { 1f }, 1, Loss.BinaryCrossEntropy));
        Assert.Throws<InvalidOperationException>(() => three.AddProbabilities(new[] { 1f }, new[] { 1f }, 1));
        var e = Assert.Throws<ArgumentException>(() => two.Add(new[] { 1f }, new[] { 1f }, 1, Loss.MeanSquaredError));
        Assert.Contains("RegressionMetrics", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => two.AddProbabilities(new[] { 1f }, new[] { 1f }, 1, float.NaN));
        // Two outputs per sample (multi-label) do not fit one binary confusion matrix.
        Assert.Throws<ArgumentException>(() => two.Add(new[] { 1f, 1f }, new[] { 1f, 1f }, 1, Loss.BinaryCrossEntropy));
    }

    [Fact]
    public void ClassArguments_OutOfRange_Throw()
    {
        var m = new ConfusionMatrix(2);

        Assert.Throws<ArgumentOutOfRangeException>(() => m.Add(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Add(0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => m[0, 2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Precision(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Recall(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.F1(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Support(2));
        Assert.Equal(0, m.Total);
    }
}
