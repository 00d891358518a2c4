using System;
using System.Linq;
using NetGen.Data;
using NetGen.Random;
using Xunit;

namespace NetGen.Tests.Images;

public class ImageNormalizerTests
{
    private static readonly ImageShape Rgb = new(3, 4, 5);

    // Images whose channel c is uniform noise around 0.2 + 0.3c with spread 0.1 (c + 1), plus a per-image offset.
    private static DataSet RandomImages(int count, long seed, float offset = 0f)
    {
        var rng = new Rng(seed);
        var x = new float[count * Rgb.Size];
        for (int n = 0; n < count; n++)
        {
            for (int c = 0; c < Rgb.Channels; c++)
            {
                for (int k = 0; k < Rgb.PlaneSize; k++)
                {
                    x[n * Rgb.Size + c * Rgb.PlaneSize + k] = 0.2f + 0.3f * c + offset + 0.1f * (c + 1) * rng.NextFloat(-1f, 1f);
                }
            }
        }
        return new DataSet(x, Rgb.Size, new float[count]);
    }

    // Every pixel of channel c across the data set, computed without the normaliser.
    private static double[] Channel(DataSet data, int c) =>
        Enumerable.Range(0, data.Count)
            .SelectMany(n => data.FeaturesOf(n).Slice(c * Rgb.PlaneSize, Rgb.PlaneSize).ToArray())
            .Select(v => (double)v).ToArray();

    private static double PopulationStd(double[] v) => Math.Sqrt(v.Average(x => (x - v.Average()) * (x - v.Average())));

    [Fact]
    public void Fit_OnTheTrainingSet_GivesItMeanZeroAndStdOnePerChannel()
    {
        DataSet train = RandomImages(50, seed: 1), test = RandomImages(20, seed: 2, offset: 0.5f);

        var normalizer = ImageNormalizer.Fit(train, Rgb);
        DataSet scaledTrain = normalizer.Transform(train), scaledTest = normalizer.Transform(test);

        for (int c = 0; c < Rgb.Channels; c++)
        {
            Assert.Equal(Channel(train, c).Average(), normalizer.Mean[c], 5);
            Assert.Equal(PopulationStd(Channel(train, c)), normalizer.Std[c], 5);
            Assert.Equal(0, Channel(scaledTrain, c).Average(), 4);
            Assert.Equal(1, PopulationStd(Channel(scaledTrain, c)), 4);
            // The test set keeps its own shift: its statistics did not enter the fit.
            Assert.True(Channel(scaledTest, c).Average() > 1, $"channel {c}");
        }
    }

    [Fact]
    public void Transform_InPlaceSpan_EqualsTransformOfTheDataSet_AndLeavesTheSourceUnchanged()
    {
        DataSet data = RandomImages(5, seed: 3);
        float[] before = data.Features.ToArray();
        var normalizer = ImageNormalizer.Fit(data, Rgb);

        float[] inPlace = data.Features.ToArray();
        normalizer.Transform(inPlace);

        Assert.Equal(normalizer.Transform(data).Features.ToArray(), inPlace);
        Assert.Equal(before, data.Features.ToArray());
    }

    [Fact]
    public void KnownStatistics_NormaliseLikeTorchvision()
    {
        var mnist = new ImageNormalizer(new ImageShape(1, 1, 2), new[] { 0.1307f }, new[] { 0.3081f });
        var pixels = new[] { 0f, 1f };

        mnist.Transform(pixels);

        Assert.Equal(-0.1307f / 0.3081f, pixels[0], 6);
        Assert.Equal((1f - 0.1307f) / 0.3081f, pixels[1], 6);
    }

    [Fact]
    public void Fit_ConstantChannel_IsCentredButNotScaled()
    {
        var data = new DataSet(new[] { 0.5f, 0.5f, 0.5f, 0.5f }, 2, new float[2]);

        var normalizer = ImageNormalizer.Fit(data, new ImageShape(1, 1, 2));

        Assert.Equal(1f, normalizer.Std[0]);
        Assert.All(normalizer.Transform(data).Features.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void WrongShapes_ThrowNamingTheSizes()
    {
        DataSet data = RandomImages(2, seed: 4);
        var normalizer = ImageNormalizer.Fit(data, Rgb);

        Assert.Contains("60 features", Assert.Throws<ArgumentException>(() => ImageNormalizer.Fit(data, new ImageShape(1, 28, 28))).Message);
        Assert.Contains("whole images", Assert.Throws<ArgumentException>(() => normalizer.Transform(new float[61])).Message);
        Assert.Contains("one mean", Assert.Throws<ArgumentException>(() => new ImageNormalizer(Rgb, new[] { 0f }, new[] { 1f })).Message);
    }
}
