using System;
using System.IO;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Tests.Networks;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.EndToEnd;

/// <summary>Training the Iris network through the public API, as the Iris sample does.</summary>
public class IrisTrainingTests
{
    private static (DataSet Train, DataSet Test) LoadIris(long splitSeed)
    {
        DataSet all = CsvLoader.LoadSklearnStyle(Path.Combine(AppContext.BaseDirectory, "data", "iris.csv"));
        (DataSet train, DataSet test) = all.Split(0.2, splitSeed);
        Standardizer scaler = Standardizer.Fit(train);
        return (scaler.Transform(train), scaler.Transform(test));
    }

    private static (Evaluation Result, TrainingHistory History) Train(long splitSeed, long initSeed)
    {
        (DataSet train, DataSet test) = LoadIris(splitSeed);
        var trainer = new Trainer(new IrisMlp(initSeed), new Sgd(0.05f, momentum: 0.9f),
            new TrainerOptions { Epochs = 60, BatchSize = 16, Seed = 5 });
        TrainingHistory history = trainer.Fit(train);
        return (trainer.Evaluate(test), history);
    }

    // The Iris sample's split (seed 3), with several initialisations.
    [Theory]
    [InlineData(42)]
    [InlineData(7)]
    [InlineData(1)]
    public void Iris_TrainedThroughThePublicApi_ReachesAtLeast95PercentTestAccuracy(long initSeed)
    {
        (Evaluation result, TrainingHistory history) = Train(splitSeed: 3, initSeed);

        Assert.Equal(30, result.Count);
        Assert.True(result.Accuracy >= 0.95f, $"test accuracy {result.Accuracy} with init seed {initSeed}");
        Assert.True(history.Last.TrainLoss < history.Epochs[0].TrainLoss / 5, "the training loss should fall at least fivefold");
    }

    // One flower is 3.3 points of a 30-flower test set, and some splits put overlapping versicolor and virginica
    // flowers in it; so across splits the mean is the stable figure (about 0.95 measured over 20 splits).
    [Fact]
    public void Iris_AcrossTwentySplits_MeanTestAccuracyIsAtLeast93Percent()
    {
        double sum = 0;
        for (long split = 1; split <= 20; split++)
        {
            sum += Train(split, initSeed: 42).Result.Accuracy;
        }
        Assert.True(sum / 20 >= 0.93, $"mean test accuracy {sum / 20:F4}");
    }

    [Fact]
    public void Iris_ForwardWithDeclaredSoftmax_ReturnsProbabilitiesWhoseArgmaxIsTheLogitsArgmax()
    {
        (DataSet train, _) = LoadIris(3);
        var network = new IrisMlp(1);
        float[] probabilities = new float[8 * IrisMlp.OutputSize];

        network.Forward(train.Features.Slice(0, 8 * IrisMlp.InputSize), probabilities, 8);

        for (int b = 0; b < 8; b++)
        {
            ReadOnlySpan<float> p = probabilities.AsSpan(b * 3, 3), z = network.LastOutput.Slice(b * 3, 3);
            Assert.Equal(1.0, p[0] + p[1] + p[2], 5);
            Assert.Equal(ArgMax(z), ArgMax(p));
            // softmax: p_i / p_j = exp(z_i - z_j), checked independently of the runtime's softmax
            Assert.Equal(Math.Exp(z[0] - z[1]), p[0] / (double)p[1], 4);
        }
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }
}
