using System;
using System.IO;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Tests.Networks;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Cnn;

/// <summary>The convolutional network trained on a subset of the shipped MNIST digits, through the public API.</summary>
public class MnistTrainingTests
{
    // Measured 0.956 when written (the full sample, 8,000 images for 15 epochs with augmentation, reaches above 0.98).
    [Fact]
    public void MnistCnn_OnThreeThousandDigitsForThreeEpochs_ReachesAtLeast94PercentOnAThousandHeldOut()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "data", "mnist10k");
        ImageDataSet mnist = IdxLoader.Load(Path.Combine(folder, "images-idx3-ubyte.gz"), Path.Combine(folder, "labels-idx1-ubyte.gz"), limit: 4000);
        (DataSet train, DataSet test) = mnist.Data.Split(testFraction: 0.25, seed: 1);
        ImageNormalizer normalizer = ImageNormalizer.Fit(train, mnist.Shape);
        var trainer = new Trainer(new MnistCnn(42), new Sgd(0.02f, momentum: 0.9f),
            new TrainerOptions { Epochs = 3, BatchSize = 64, Seed = 7 });

        trainer.Fit(normalizer.Transform(train));
        Evaluation result = trainer.Evaluate(normalizer.Transform(test));

        Assert.Equal(1000, result.Count);
        Assert.True(result.Accuracy >= 0.94f, $"test accuracy {result.Accuracy}");
    }
}
