using System;
using System.Linq;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Data;

public class StandardizerTests
{
    private static double ColumnMean(DataSet data, int j) =>
        Enumerable.Range(0, data.Count).Average(i => (double)data.FeaturesOf(i)[j]);

    private static double ColumnPopulationStd(DataSet data, int j)
    {
        double mean = ColumnMean(data, j);
        return Math.Sqrt(Enumerable.Range(0, data.Count).Average(i => Math.Pow(data.FeaturesOf(i)[j] - mean, 2)));
    }

    [Fact]
    public void Standardizer_HandExample_UsesPopulationStdLikeStandardScaler()
    {
        // Column 0 is 1, 2, 3, 4: mean 2.5, population variance 1.25 (sklearn's scale_ is sqrt(1.25), not the
        // sample std sqrt(5/3)).
        var data = new DataSet(new[] { 1f, 10f, 2f, 20f, 3f, 30f, 4f, 40f }, 2, new float[4]);

        var scaler = Standardizer.Fit(data);

        Assert.Equal(new[] { 2.5f, 25f }, scaler.Mean.ToArray());
        Assert.Equal(MathF.Sqrt(1.25f), scaler.Std[0], 6);
        Assert.Equal(MathF.Sqrt(125f), scaler.Std[1], 5);
        Assert.Equal(-1.5f / MathF.Sqrt(1.25f), scaler.Transform(data).FeaturesOf(0)[0], 6);
    }

    [Fact]
    public void Standardizer_FittedTrainSet_HasMeanZeroAndStdOnePerFeature()
    {
        DataSet iris = CsvLoader.LoadSklearnStyle(TestData.PathOf("iris.csv"));
        var (train, _) = iris.Split(0.2, seed: 1);

        DataSet scaled = Standardizer.Fit(train).Transform(train);

        for (int j = 0; j < scaled.FeatureCount; j++)
        {
            Assert.Equal(0, ColumnMean(scaled, j), 5);
            Assert.Equal(1, ColumnPopulationStd(scaled, j), 5);
        }
        Assert.Equal(train.Targets.ToArray(), scaled.Targets.ToArray());
    }

    [Fact]
    public void Standardizer_FitsOnTrainOnly_SoTheTestSetIsScaledWithTrainStatistics()
    {
        DataSet iris = CsvLoader.LoadSklearnStyle(TestData.PathOf("iris.csv"));
        var (train, test) = iris.Split(0.3, seed: 2);

        var scaler = Standardizer.Fit(train);
        DataSet scaledTest = scaler.Transform(test);

        for (int j = 0; j < iris.FeatureCount; j++)
        {
            Assert.Equal(ColumnMean(train, j), scaler.Mean[j], 4);
            Assert.Equal(ColumnPopulationStd(train, j), scaler.Std[j], 4);
            double expected = (ColumnMean(test, j) - ColumnMean(train, j)) / ColumnPopulationStd(train, j);
            Assert.Equal(expected, ColumnMean(scaledTest, j), 4);
        }
        Assert.Contains(Enumerable.Range(0, iris.FeatureCount), j => Math.Abs(ColumnMean(scaledTest, j)) > 1e-3);
    }

    [Fact]
    public void Standardizer_ConstantColumn_IsCentredWithScaleOne()
    {
        var data = new DataSet(new[] { 0.1f, 1f, 0.1f, 2f, 0.1f, 3f }, 2, new float[3]);

        var scaler = Standardizer.Fit(data);
        DataSet scaled = scaler.Transform(data);

        Assert.Equal(1f, scaler.Std[0]);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(0f, scaled.FeaturesOf(i)[0], 6));
        Assert.True(scaled.Features.ToArray().All(float.IsFinite));
    }

    [Fact]
    public void Standardizer_TransformSpan_StandardizesWholeRowsInPlace()
    {
        var scaler = new Standardizer(new[] { 1f, 2f }, new[] { 2f, 0f });
        float[] rows = { 3f, 2f, -1f, 5f };

        scaler.Transform(rows);

        Assert.Equal(new[] { 1f, 0f, -1f, 3f }, rows);
    }

    [Fact]
    public void Standardizer_FeatureCountMismatch_ThrowsNamingBothCounts()
    {
        var scaler = new Standardizer(new[] { 0f, 0f }, new[] { 1f, 1f });

        var e = Assert.Throws<ArgumentException>(() => scaler.Transform(TestData.Labelled(4, 3, 2)));
        Assert.Contains("3 features", e.Message);
        Assert.Contains("fitted on 2", e.Message);
        Assert.Throws<ArgumentException>(() => scaler.Transform(new float[3]));
    }
}
