using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Tests.Data;
using NetGen.Tests.Training;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Images;

public class TrainerAugmentationTests
{
    /// <summary>Counts its calls and the batch sizes, and marks every sample by adding 1000 to its first feature.</summary>
    private sealed class CountingTransform : IBatchTransform
    {
        public CountingTransform(int sampleSize) => SampleSize = sampleSize;

        public int SampleSize { get; }

        public List<int> Batches { get; } = new();

        public void Apply(Span<float> batch, int count)
        {
            Assert.Equal(count * SampleSize, batch.Length);
            Batches.Add(count);
            for (int n = 0; n < count; n++)
            {
                batch[n * SampleSize] += 1000f;
            }
        }
    }

    [Fact]
    public void Fit_AppliesTheAugmentationOncePerTrainingBatch_NeverToValidationOrEvaluation()
    {
        var transform = new CountingTransform(3);
        var net = new LinearSoftmaxNetwork(3, 3, 16) { SeenBatches = new List<int>(), SeenFirstFeatures = new List<float>() };
        var trainer = new Trainer(net, new Sgd(0.1f), new TrainerOptions { BatchSize = 8, Epochs = 3, Augmentation = transform });
        DataSet train = TestData.Labelled(21, 3, 3), validation = TestData.Labelled(9, 3, 3);
        float[] trainBefore = train.Features.ToArray(), validationBefore = validation.Features.ToArray();

        trainer.Fit(train, validation);
        trainer.Evaluate(validation);
        trainer.Predict(validation, new float[9 * 3]);

        Assert.Equal(new[] { 8, 8, 5, 8, 8, 5, 8, 8, 5 }, transform.Batches);
        Assert.Equal(net.SeenBatches, transform.Batches);
        Assert.All(net.SeenFirstFeatures, x => Assert.InRange(x, 1000f, 1020f)); // every step saw the transformed copy
        Assert.Equal(trainBefore, train.Features.ToArray());                      // never the data set's memory
        Assert.Equal(validationBefore, validation.Features.ToArray());
    }

    [Fact]
    public void Trainer_AugmentationForAnotherInputSize_ThrowsNamingBoth()
    {
        var net = new LinearSoftmaxNetwork(3, 3, 16);
        var options = new TrainerOptions { BatchSize = 8, Augmentation = new ImageAugmenter(new AugmentationOptions(), new ImageShape(1, 28, 28), seed: 0) };

        var e = Assert.Throws<ArgumentException>(() => new Trainer(net, new Sgd(0.1f), options));

        Assert.Contains("samples of 784 floats", e.Message);
        Assert.Contains("takes 3 inputs", e.Message);
    }

    [Fact]
    public void Fit_WithAnImageAugmenter_PerBatchLoopStillAllocatesNothing()
    {
        // As TrainerTests.Fit_PerBatchLoop_AllocatesNothingOnceWarm: 5 epochs may allocate only a few report slots more than 1.
        var shape = new ImageShape(1, 4, 4);
        var options = new AugmentationOptions { MaxShift = 1, MaxRotationDegrees = 10, MaxScaleJitter = 0.1f, NoiseStd = 0.01f };
        DataSet train = TestData.Labelled(600, 16, 4), validation = TestData.Labelled(50, 16, 4);
        Trainer Create(int epochs) => new(new LinearSoftmaxNetwork(16, 4, 64), new Sgd(0.01f),
            new TrainerOptions { BatchSize = 64, Epochs = epochs, Augmentation = new ImageAugmenter(options, shape, seed: 1) });
        Trainer one = Create(1), five = Create(5);
        one.Fit(train, validation);
        five.Fit(train, validation);

        long before = GC.GetAllocatedBytesForCurrentThread();
        one.Fit(train, validation);
        long oneEpoch = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        five.Fit(train, validation);
        long fiveEpochs = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(fiveEpochs - oneEpoch, 0, 4 * 64);
    }

    [Fact]
    public void Fit_MnistWithShiftAndRotation_LinearSoftmaxStillLearns()
    {
        // The trainer augments the batches it is given, here normalised images, so the pixels brought in from outside
        // must be the normalised background, -mean / std, not 0.
        ImageDataSet mnist = MnistFiles.Load(limit: 3000);
        var (train, test) = mnist.Data.Split(0.2, seed: 0);
        var normalizer = ImageNormalizer.Fit(train, mnist.Shape);
        float background = -normalizer.Mean[0] / normalizer.Std[0];
        var augmenter = new ImageAugmenter(
            new AugmentationOptions { MaxShift = 2, MaxRotationDegrees = 10, FillValue = background }, mnist.Shape, seed: 1);
        var trainer = new Trainer(new LinearSoftmaxNetwork(784, 10, 32), new Sgd(0.002f, momentum: 0.9f),
            new TrainerOptions { BatchSize = 32, Epochs = 4, Seed = 1, Augmentation = augmenter });

        TrainingHistory history = trainer.Fit(normalizer.Transform(train), normalizer.Transform(test));

        Assert.InRange(history.Last.ValidationAccuracy!.Value, 0.8f, 1f);
    }
}
