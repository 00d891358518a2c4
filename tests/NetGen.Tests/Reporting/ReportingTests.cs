using System;
using System.IO;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Reporting;
using NetGen.Tests.Networks;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Reporting;

/// <summary>The reporting package: a progress-bar run trains like Fit, and plots are real PNG files.</summary>
public class ReportingTests
{
    private static DataSet Data(int seed)
    {
        var random = new System.Random(seed);
        var x = new float[24 * 4];
        var y = new float[24];
        for (int i = 0; i < 24; i++)
        {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++)
            {
                x[i * 4 + j] = (float)random.NextDouble() + y[i] * (j == 0 ? 1 : 0);
            }
        }
        return new DataSet(x, 4, y, 1, 3);
    }

    [Fact]
    public void ConsoleTrainingFit_TrainsExactlyLikeTrainerFit()
    {
        var plain = new LogitClassifier(1);
        var shown = new LogitClassifier(1);
        var options = new TrainerOptions { Epochs = 3, BatchSize = 8, Seed = 2 };
        TrainingHistory expected = new Trainer(plain, new Sgd(0.1f), options).Fit(Data(1), Data(2));
        TextWriter console = Console.Out;
        TrainingHistory actual;
        try
        {
            Console.SetOut(TextWriter.Null);
            actual = ConsoleTraining.Fit(new Trainer(shown, new Sgd(0.1f), options), Data(1), Data(2));
        }
        finally
        {
            Console.SetOut(console);
        }

        Assert.Equal(expected.Epochs.Count, actual.Epochs.Count);
        for (int i = 0; i < expected.Epochs.Count; i++)
        {
            Assert.Equal(expected.Epochs[i].TrainLoss, actual.Epochs[i].TrainLoss);
        }
        Assert.Equal(plain.Parameters.ToArray(), shown.Parameters.ToArray());
    }

    [Fact]
    public void TrainingPlot_WritesAPng()
    {
        TrainingHistory history = new Trainer(new LogitClassifier(1), new Sgd(0.1f), new TrainerOptions { Epochs = 4, BatchSize = 8 })
            .Fit(Data(1), Data(2));
        string path = Path.Combine(Path.GetTempPath(), $"netgen-plot-{Guid.NewGuid():N}", "run.png");

        string written = TrainingPlot.Save(history, path, "test");

        byte[] bytes = File.ReadAllBytes(written);
        Assert.True(bytes.Length > 2000, $"only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Directory.Delete(Path.GetDirectoryName(written)!, recursive: true);
    }

    [Fact]
    public void TrainingPlot_LegendDrawsNothingOverTheCurves()
    {
        TrainingHistory history = new Trainer(new LogitClassifier(1), new Sgd(0.1f), new TrainerOptions { Epochs = 4, BatchSize = 8 })
            .Fit(Data(1), Data(2));
        ScottPlot.Plot plot = TrainingPlot.Build(history, "test");
        byte[,,] shown = plot.GetImage(900, 500).GetArrayRGB();
        ScottPlot.PixelRect data = plot.RenderManager.LastRender.DataRect;
        // The same data area without the legend: every pixel over the curves must be the same.
        plot.Layout.Fixed(data);
        plot.HideLegend();
        byte[,,] hidden = plot.GetImage(900, 500).GetArrayRGB();

        Assert.Equal(new[] { 500, 900, 3 }, new[] { shown.GetLength(0), shown.GetLength(1), shown.GetLength(2) }); // (y, x, RGB)
        int differing = 0;
        for (int x = (int)data.Left; x < (int)data.Right; x++)
        {
            for (int y = (int)data.Top; y < (int)data.Bottom; y++)
            {
                for (int c = 0; c < 3; c++)
                {
                    differing += shown[y, x, c] != hidden[y, x, c] ? 1 : 0;
                }
            }
        }
        Assert.True(data.Width > 400 && data.Height > 250, $"data area {data}");
        Assert.Equal(0, differing);
    }

    [Fact]
    public void TrainingPlot_OfAnEmptyHistory_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            TrainingPlot.Save(new TrainingHistory(Array.Empty<EpochReport>(), TimeSpan.Zero), "x.png", "empty"));
        Assert.Contains("no epochs", e.Message);
    }
}
