using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetGen.Checkpoints;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Tests.Behaviour;
using NetGen.Tests.Networks;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Checkpoints;

/// <summary>Preprocessing travels with the model: saved in a checkpoint's extras, restored bit for bit, refused clearly when bad.</summary>
public sealed class PreprocessingCheckpointTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static DataSet Regression(int rows, int seed)
    {
        var random = new System.Random(seed);
        var x = new float[rows * 3];
        var y = new float[rows * 2];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                x[i * 3 + j] = (float)(random.NextDouble() * 10 + j * 100);
            }
            y[i * 2] = (float)(random.NextDouble() * 1000 + 5000);
            y[i * 2 + 1] = (float)(random.NextDouble() * 0.01);
        }
        return new DataSet(x, 3, y, 2);
    }

    [Fact]
    public void Standardizer_AndTargetScaler_RoundTripThroughACheckpoint()
    {
        DataSet train = Regression(50, 1);
        Standardizer features = Standardizer.Fit(train);
        TargetScaler targets = TargetScaler.Fit(train);
        string path = _folder.PathOf("model.safetensors");
        var net = new LinearRegressor(1);
        Checkpoint.Save(path, net, targets.SaveTo(features.SaveTo(new CheckpointExtras())));

        CheckpointContents contents = Checkpoint.Load(path, new LinearRegressor(2));
        Standardizer loadedFeatures = Standardizer.LoadFrom(contents);
        TargetScaler loadedTargets = TargetScaler.LoadFrom(contents);

        Assert.Equal(StateSnapshot.Bits(features.Mean), StateSnapshot.Bits(loadedFeatures.Mean));
        Assert.Equal(StateSnapshot.Bits(features.Std), StateSnapshot.Bits(loadedFeatures.Std));
        Assert.Equal(StateSnapshot.Bits(targets.Mean), StateSnapshot.Bits(loadedTargets.Mean));
        Assert.Equal(StateSnapshot.Bits(targets.Std), StateSnapshot.Bits(loadedTargets.Std));
        Assert.Equal(new[] { 3 }, contents.ExtraTensors["preprocessing.input.mean"].Shape.ToArray());
        Assert.Equal("{\"type\":\"TargetScaler\"}", contents.Metadata["preprocessing.target"]);
    }

    [Fact]
    public void ImageNormalizer_RoundTripsWithItsShape()
    {
        var normalizer = new ImageNormalizer(new ImageShape(3, 4, 5), new[] { 0.1f, 0.2f, 0.3f }, new[] { 0.5f, 0f, 2f });
        string path = _folder.PathOf("images.safetensors");
        Checkpoint.Save(path, new LinearRegressor(1), normalizer.SaveTo(new CheckpointExtras(), "pixels"));

        ImageNormalizer loaded = ImageNormalizer.LoadFrom(Checkpoint.Load(path, new LinearRegressor(1)), "pixels");

        Assert.Equal(new ImageShape(3, 4, 5), loaded.Shape);
        Assert.Equal(new[] { 0.1f, 0.2f, 0.3f }, loaded.Mean.ToArray());
        Assert.Equal(new[] { 0.5f, 1f, 2f }, loaded.Std.ToArray()); // a zero std is saved as the 1 it stands for
    }

    [Fact]
    public void TrainingCheckpoint_CarriesThePreprocessing()
    {
        DataSet train = Regression(16, 2);
        Standardizer features = Standardizer.Fit(train);
        TargetScaler targets = TargetScaler.Fit(train);
        var trainer = new Trainer(new LinearRegressor(1), new Sgd(0.01f), new TrainerOptions { Epochs = 1, BatchSize = 8 });
        trainer.Fit(targets.Transform(features.Transform(train)));
        string path = _folder.PathOf("run.safetensors");
        trainer.SaveCheckpoint(path, targets.SaveTo(features.SaveTo(new CheckpointExtras())));

        CheckpointContents contents = new Trainer(new LinearRegressor(2), new Sgd(0.01f), trainer.Options).LoadCheckpoint(path);

        Assert.Equal(features.Mean.ToArray(), Standardizer.LoadFrom(contents).Mean.ToArray());
        Assert.Equal(targets.Std.ToArray(), TargetScaler.LoadFrom(contents).Std.ToArray());
    }

    [Fact]
    public void TargetScaler_MatchesANaiveMeanAndPopulationStd_AndInvertsItsTransform()
    {
        DataSet train = Regression(40, 3);
        TargetScaler scaler = TargetScaler.Fit(train);

        float[] y = train.Targets.ToArray();
        for (int column = 0; column < 2; column++)
        {
            double[] values = Enumerable.Range(0, 40).Select(i => (double)y[i * 2 + column]).ToArray();
            double mean = values.Average();
            double std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
            Assert.Equal(mean, scaler.Mean[column], (float)(Math.Abs(mean) * 1e-6));
            Assert.Equal(std, scaler.Std[column], (float)(std * 1e-5));
        }

        DataSet scaled = scaler.Transform(train);
        Assert.Equal(train.Features.ToArray(), scaled.Features.ToArray());
        float[] back = scaled.Targets.ToArray();
        scaler.InverseTransform(back);
        for (int i = 0; i < y.Length; i++)
        {
            Assert.Equal(y[i], back[i], Math.Abs(y[i]) * 1e-5f + 1e-6f);
        }
    }

    [Fact]
    public void TargetScaler_RefusesClassLabels_AndOtherWidths()
    {
        var labels = new DataSet(new float[] { 1, 2, 3, 4 }, 2, new float[] { 0, 1 }, 1, classCount: 2);
        Assert.Contains("regression targets only", Assert.Throws<ArgumentException>(() => TargetScaler.Fit(labels)).Message);
        var scaler = new TargetScaler(new[] { 1f }, new[] { 2f });
        Assert.Contains("fitted on 1", Assert.Throws<ArgumentException>(() => scaler.Transform(Regression(4, 1))).Message);
        Assert.Contains("whole rows", Assert.Throws<ArgumentException>(() => new TargetScaler(new[] { 1f, 2f }, new[] { 1f, 1f }).InverseTransform(new float[3])).Message);
    }

    [Theory]
    [InlineData("missing", "holds no preprocessing named 'input' (metadata 'preprocessing.input'); it holds 'target'")]
    [InlineData("other-type", "was saved by a TargetScaler, not a Standardizer; load it with TargetScaler.LoadFrom")]
    [InlineData("no-mean", "no tensor 'preprocessing.input.mean'")]
    [InlineData("nan-std", "'preprocessing.input.std' holds NaN at index 1")]
    [InlineData("negative-std", "'preprocessing.input.std' holds -1 at index 2; a standard deviation is >= 0")]
    [InlineData("lengths", "'preprocessing.input.mean' has 2 values and 'preprocessing.input.std' has 3")]
    [InlineData("two-d", "tensor 'preprocessing.input.mean' has shape (1, 3); it must be 1-D")]
    [InlineData("not-json", "metadata 'preprocessing.input' is not valid JSON")]
    [InlineData("no-type", "metadata 'preprocessing.input' is {}, not an object with a \"type\" string")]
    public void Standardizer_LoadFrom_BadEntry_ThrowsNamingIt(string kind, string problem)
    {
        var extras = new CheckpointExtras();
        float[] mean = { 1, 2, 3 }, std = { 1, 1, 1 };
        string type = "{\"type\":\"Standardizer\"}";
        string name = "input";
        switch (kind)
        {
            case "missing": name = "target"; type = "{\"type\":\"TargetScaler\"}"; break;
            case "other-type": type = "{\"type\":\"TargetScaler\"}"; break;
            case "nan-std": std[1] = float.NaN; break;
            case "negative-std": std[2] = -1; break;
            case "lengths": mean = new float[] { 1, 2 }; break;
            case "not-json": type = "{\"type\":"; break;
            case "no-type": type = "{}"; break;
        }
        if (kind != "no-mean")
        {
            extras.AddTensor($"preprocessing.{name}.mean", mean, kind == "two-d" ? new[] { 1, 3 } : new[] { mean.Length });
        }
        extras.AddTensor($"preprocessing.{name}.std", std);
        extras.SetMetadata($"preprocessing.{name}", type);
        string path = _folder.PathOf("bad.safetensors");
        Checkpoint.Save(path, new LinearRegressor(1), extras);
        CheckpointContents contents = Checkpoint.Load(path, new LinearRegressor(1));

        var e = Assert.Throws<InvalidDataException>(() => Standardizer.LoadFrom(contents));

        Assert.Contains(problem, e.Message);
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData("{\"type\":\"ImageNormalizer\"}", "image shape []")]
    [InlineData("{\"type\":\"ImageNormalizer\",\"shape\":[2,4,4]}", "image shape [2, 4, 4] for 3 channel statistics")]
    [InlineData("{\"type\":\"ImageNormalizer\",\"shape\":[3,0,4]}", "dimensions are whole numbers of at least 1")]
    [InlineData("{\"type\":\"ImageNormalizer\",\"shape\":[3,99999,99999]}", "image shape [3, 99999, 99999]")]
    [InlineData("{\"type\":\"ImageNormalizer\",\"shape\":\"3x4x4\"}", "not an array of dimensions")]
    [InlineData("{\"type\":\"ImageNormalizer\",\"shape\":[3,4,4],\"shape\":[3,2,8]}", "names 'shape' twice")]
    public void ImageNormalizer_LoadFrom_BadShape_ThrowsNamingIt(string metadata, string problem)
    {
        var extras = new CheckpointExtras()
            .AddTensor("preprocessing.input.mean", new float[] { 0, 0, 0 })
            .AddTensor("preprocessing.input.std", new float[] { 1, 1, 1 })
            .SetMetadata("preprocessing.input", metadata);
        string path = _folder.PathOf("bad.safetensors");
        Checkpoint.Save(path, new LinearRegressor(1), extras);

        var e = Assert.Throws<InvalidDataException>(() => ImageNormalizer.LoadFrom(Checkpoint.Load(path, new LinearRegressor(1))));

        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void SaveTo_RefusesBadNames_AndTheTrainersOwnNames()
    {
        var standardizer = new Standardizer(new[] { 1f }, new[] { 2f });
        var extras = standardizer.SaveTo(new CheckpointExtras());
        Assert.Contains("already hold a preprocessing named 'input'", Assert.Throws<ArgumentException>(() => standardizer.SaveTo(extras)).Message);
        Assert.Contains("holds a dot", Assert.Throws<ArgumentException>(() => standardizer.SaveTo(new CheckpointExtras(), "a.b")).Message);
        Assert.Throws<ArgumentException>(() => standardizer.SaveTo(new CheckpointExtras(), ""));

        var trainer = new Trainer(new LinearRegressor(1), new Sgd(0.1f), new TrainerOptions { BatchSize = 4 });
        string path = _folder.PathOf("run.safetensors");
        Assert.Contains("prefix the trainer keeps", Assert.Throws<ArgumentException>(() =>
            trainer.SaveCheckpoint(path, new CheckpointExtras().AddTensor("trainer.mine", new float[1]))).Message);
        Assert.Contains("the trainer's own state", Assert.Throws<ArgumentException>(() =>
            trainer.SaveCheckpoint(path, new CheckpointExtras().SetMetadata("netgen.trainer", "{}"))).Message);
        Assert.False(File.Exists(path));
    }
}
