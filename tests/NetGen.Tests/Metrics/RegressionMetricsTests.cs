using System;
using NetGen.Metrics;
using Xunit;

namespace NetGen.Tests.Metrics;

public class RegressionMetricsTests
{
    [Fact]
    public void OneOutput_HandExample_MatchesScikitLearn_AcrossBatches()
    {
        // y = 3, -0.5, 2, 7 and prediction = 2.5, 0, 2, 8 (scikit-learn's r2_score example).
        // errors -0.5, 0.5, 0, 1: MSE (0.25 + 0.25 + 0 + 1) / 4 = 0.375, MAE (0.5 + 0.5 + 0 + 1) / 4 = 0.5.
        // mean y = 11.5 / 4 = 2.875; deviations 0.125, -3.375, -0.875, 4.125;
        // Σ(y - mean)² = 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875; R² = 1 - 1.5 / 29.1875 = 0.948608.
        var m = new RegressionMetrics();

        m.Add(new[] { 2.5f, 0f, 2f }, new[] { 3f, -0.5f, 2f }, 3);
        m.Add(new[] { 8f }, new[] { 7f }, 1);

        Assert.Equal(4, m.Count);
        Assert.Equal(0.375, m.Mse, 12);
        Assert.Equal(Math.Sqrt(0.375), m.Rmse, 12);
        Assert.Equal(0.5, m.Mae, 12);
        Assert.Equal(1 - 1.5 / 29.1875, m.R2, 12);
        Assert.Equal(0.948608137044968, m.R2, 12);
    }

    [Fact]
    public void TwoOutputs_UniformAverage_MatchesScikitLearn()
    {
        // y = [[0.5, 1], [-1, 1], [7, -6]], prediction = [[0, 2], [-1, 2], [8, -5]] (scikit-learn's example).
        // Output 0: errors -0.5, 0, 1: SSE 1.25, SAE 1.5; mean 13/6; Σ(y - mean)² = 217/6; R² = 1 - 1.25 / (217/6) = 209.5/217.
        // Output 1: errors 1, 1, 1:    SSE 3,    SAE 3;   mean -4/3; Σ(y - mean)² = 98/3;  R² = 1 - 3 / (98/3) = 89/98.
        var m = new RegressionMetrics(outputs: 2);

        m.Add(new[] { 0f, 2f, -1f, 2f, 8f, -5f }, new[] { 0.5f, 1f, -1f, 1f, 7f, -6f }, 3);

        Assert.Equal(209.5 / 217, m.R2Of(0), 12);
        Assert.Equal(89.0 / 98, m.R2Of(1), 12);
        Assert.Equal((209.5 / 217 + 89.0 / 98) / 2, m.R2, 12);   // 0.936801
        Assert.Equal((1.25 + 3) / 6, m.Mse, 12);                  // 0.708333
        Assert.Equal((1.5 + 3) / 6, m.Mae, 12);                   // 0.75
        Assert.Equal(1.25 / 3, m.MseOf(0), 12);
        Assert.Equal(1.0, m.MaeOf(1), 12);
        // scikit-learn averages each output's RMSE: (sqrt(1.25/3) + sqrt(1)) / 2 = 0.822749, not sqrt(0.708333) = 0.841625.
        Assert.Equal((Math.Sqrt(1.25 / 3) + 1) / 2, m.Rmse, 12);
        Assert.Equal(0.822748612184, m.Rmse, 12);
    }

    [Fact]
    public void ConstantTarget_R2IsOneWhenPerfect_ZeroOtherwise()
    {
        var perfect = new RegressionMetrics();
        var imperfect = new RegressionMetrics();
        var mixed = new RegressionMetrics(outputs: 2);

        perfect.Add(new[] { 2f, 2f, 2f }, new[] { 2f, 2f, 2f }, 3);
        imperfect.Add(new[] { 2f, 2f, 2.5f }, new[] { 2f, 2f, 2f }, 3);
        // Output 0: constant and exact, R² 1. Output 1: y = 0, 2, prediction 0, 1: 1 - 1 / 2 = 0.5. Mean 0.75.
        mixed.Add(new[] { 5f, 0f, 5f, 1f }, new[] { 5f, 0f, 5f, 2f }, 2);

        Assert.Equal(1.0, perfect.R2);
        Assert.Equal(0.0, imperfect.R2);
        Assert.Equal(1.0, mixed.R2Of(0));
        Assert.Equal(0.5, mixed.R2Of(1), 12);
        Assert.Equal(0.75, mixed.R2, 12);
    }

    [Fact]
    public void R2_TargetsWithALargeOffset_StayExact()
    {
        // y = 1e9 + 0, 64, 128, 192 (exact floats): Σ(y - mean)² = 64² (1.5² + 0.5² + 0.5² + 1.5²) = 20480, while
        // Σy² ≈ 4e18, whose double spacing is 512: the textbook Σy² - n mean² would be off by several percent.
        // predictions off by +64, -64, 0, 0: SSE 8192, R² = 1 - 8192 / 20480 = 0.6.
        var m = new RegressionMetrics();
        float[] y = { 1e9f, 1e9f + 64, 1e9f + 128, 1e9f + 192 };

        m.Add(new[] { y[0] + 64, y[1] - 64, y[2], y[3] }, y, 4);

        Assert.Equal(0.6, m.R2, 12);
    }

    [Fact]
    public void Empty_IsNaN_OneSampleHasNoR2_ResetForgets()
    {
        var m = new RegressionMetrics();
        Assert.True(double.IsNaN(m.Mse));
        Assert.True(double.IsNaN(m.R2));

        m.Add(new[] { 1f }, new[] { 2f }, 1);
        Assert.Equal(1.0, m.Mse);
        Assert.True(double.IsNaN(m.R2));   // scikit-learn: R² is not well-defined with fewer than two samples

        m.Reset();
        Assert.Equal(0, m.Count);
        m.Add(new[] { 1f, 3f }, new[] { 1f, 3f }, 2);
        Assert.Equal(1.0, m.R2);
        Assert.Equal(0.0, m.Mse);
    }

    [Fact]
    public void ToString_SummarisesInTheInvariantCulture()
    {
        var m = new RegressionMetrics();
        m.Add(new[] { 2.5f, 0f, 2f, 8f }, new[] { 3f, -0.5f, 2f, 7f }, 4);

        Assert.Equal("n=4 MSE=0.375 RMSE=0.612372 MAE=0.5 R2=0.948608", m.ToString());
    }

    [Fact]
    public void Arguments_BadSpansOrOutput_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegressionMetrics(0));
        var m = new RegressionMetrics(outputs: 2);

        var e = Assert.Throws<ArgumentException>(() => m.Add(new float[3], new float[4], 2));
        Assert.Equal("predictions", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => m.Add(new float[4], new float[3], 2));
        Assert.Equal("targets", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.MseOf(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.R2Of(-1));
        Assert.Equal(0, m.Count);
    }
}
