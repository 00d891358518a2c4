using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Tests.Data;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Training;

public class TrainerTests
{
    private static (LinearSoftmaxNetwork Net, Trainer Trainer) Create(int features = 3, int classes = 3, int maxBatch = 16, TrainerOptions? options = null, float lr = 0.1f)
    {
        var net = new LinearSoftmaxNetwork(features, classes, maxBatch);
        return (net, new Trainer(net, new Sgd(lr), options ?? new TrainerOptions { BatchSize = 8, Epochs = 1 }));
    }

    private static List<float> FirstFeaturesSeen(long seed, int epochs, DataSet data)
    {
        var (net, trainer) = Create(options: new TrainerOptions { BatchSize = 8, Epochs = epochs, Seed = seed });
        net.SeenFirstFeatures = new List<float>();
        trainer.Fit(data);
        return net.SeenFirstFeatures;
    }

    [Fact]
    public void Trainer_BatchSizeAboveMaxBatch_ThrowsNamingBoth()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Create(maxBatch: 16, options: new TrainerOptions { BatchSize = 17 }));

        Assert.Contains("BatchSize is 17", e.Message);
        Assert.Contains("1 to 16", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(options: new TrainerOptions { BatchSize = 0 }));
    }

    [Fact]
    public void Trainer_ZeroEpochs_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Create(options: new TrainerOptions { BatchSize = 8, Epochs = 0 }));

        Assert.Contains("at least 1 epoch", e.Message);
    }

    [Fact]
    public void Fit_FeatureCountDiffersFromInputSize_ThrowsNamingBoth()
    {
        var (_, trainer) = Create(features: 3);

        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(TestData.Labelled(20, 4, 3)));

        Assert.Contains("4 features", e.Message);
        Assert.Contains("takes 3", e.Message);
    }

    [Fact]
    public void Fit_ValidationSetOfWrongShape_ThrowsBeforeTraining()
    {
        var (net, trainer) = Create(features: 3);
        net.SeenBatches = new List<int>();

        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(TestData.Labelled(20, 3, 3), TestData.Labelled(20, 5, 3)));

        Assert.Equal("validation", e.ParamName);
        Assert.Empty(net.SeenBatches);
    }

    [Fact]
    public void Fit_MoreClassesThanOutputs_ThrowsNamingBoth()
    {
        var (_, trainer) = Create(classes: 3);

        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(TestData.Labelled(20, 3, 5)));

        Assert.Contains("5 classes", e.Message);
        Assert.Contains("3 units", e.Message);
    }

    [Fact]
    public void Fit_RegressionTargetsForSoftmax_ThrowsSuggestingClassLabels()
    {
        var (_, trainer) = Create();

        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(new DataSet(new float[6], 3, new float[2])));

        Assert.Contains("LabelKind.Class", e.Message);
    }

    [Fact]
    public void Fit_EverySampleIsSeenOncePerEpoch_InBatchesWithASmallerLastOne()
    {
        DataSet data = TestData.Labelled(21, 3, 3);
        var (net, trainer) = Create(options: new TrainerOptions { BatchSize = 8, Epochs = 3 });
        net.SeenFirstFeatures = new List<float>();
        net.SeenBatches = new List<int>();

        trainer.Fit(data);

        Assert.Equal(new[] { 8, 8, 5, 8, 8, 5, 8, 8, 5 }, net.SeenBatches);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            Assert.Equal(Enumerable.Range(0, 21).Select(i => (float)i), net.SeenFirstFeatures.Skip(epoch * 21).Take(21).OrderBy(x => x));
        }
    }

    [Fact]
    public void Fit_Shuffle_SameSeedSameOrder_DifferentSeedOrEpochDifferentOrder()
    {
        DataSet data = TestData.Labelled(40, 3, 3);

        List<float> a = FirstFeaturesSeen(5, 2, data), b = FirstFeaturesSeen(5, 2, data), c = FirstFeaturesSeen(6, 2, data);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a.Take(40), a.Skip(40));
        Assert.NotEqual(Enumerable.Range(0, 40).Select(i => (float)i), a.Take(40));
    }

    [Fact]
    public void Fit_WithoutShuffle_VisitsRowsInOrder()
    {
        var (net, trainer) = Create(options: new TrainerOptions { BatchSize = 8, Epochs = 2, Shuffle = false });
        net.SeenFirstFeatures = new List<float>();

        trainer.Fit(TestData.Labelled(10, 3, 3));

        Assert.Equal(Enumerable.Range(0, 10).Concat(Enumerable.Range(0, 10)).Select(i => (float)i), net.SeenFirstFeatures);
    }

    [Fact]
    public void Fit_CallsTheCallbackOncePerEpochWithOneBasedNumbers()
    {
        var (_, trainer) = Create(options: new TrainerOptions { BatchSize = 8, Epochs = 4 });
        var reports = new List<EpochReport>();

        TrainingHistory history = trainer.Fit(TestData.Labelled(30, 3, 3), TestData.Labelled(9, 3, 3), reports.Add);

        Assert.Equal(new[] { 1, 2, 3, 4 }, reports.Select(r => r.Epoch));
        Assert.All(reports, r => Assert.Equal(4, r.Epochs));
        Assert.All(reports, r => Assert.NotNull(r.ValidationLoss));
        Assert.Equal(reports, history.Epochs);
        Assert.Equal(reports[^1], history.Last);
        Assert.True(history.Elapsed >= reports[^1].Elapsed);
        Assert.StartsWith("epoch 4/4  loss ", reports[^1].ToString());
    }

    [Fact]
    public void Fit_WithoutUpdates_TrainLossAndAccuracyEqualEvaluateOnTheTrainSet()
    {
        // With a learning rate of 0 every batch sees the same weights, so the batch-size-weighted mean of the
        // step losses must equal one evaluation of the whole training set.
        DataSet data = TestData.Labelled(37, 3, 3);
        var (_, trainer) = Create(lr: 0f, options: new TrainerOptions { BatchSize = 8, Epochs = 1 });
        trainer.Network.Initialize(3);

        EpochReport report = trainer.Fit(data).Last;
        Evaluation eval = trainer.Evaluate(data);

        Assert.Equal(eval.Loss, report.TrainLoss, 5);
        Assert.Equal(eval.Accuracy, report.TrainAccuracy);
        Assert.Equal(37, eval.Count);
        Assert.Null(report.ValidationLoss);
    }

    [Fact]
    public void Evaluate_InBatches_EqualsOneForwardPassOverTheWholeSet()
    {
        DataSet data = TestData.Labelled(13, 3, 3);
        var (net, trainer) = Create(maxBatch: 16, options: new TrainerOptions { BatchSize = 4 });
        net.Initialize(9);

        Evaluation batched = trainer.Evaluate(data);
        net.Forward(data.Features, new float[13 * 3], 13);
        float whole = net.ComputeLoss(data.Targets, 13);
        float accuracy = BatchAccuracy.CountCorrect(net.LastOutput, data.Targets, 13, 3, Loss.SoftmaxCrossEntropy) / 13f;

        Assert.Equal(whole, batched.Loss, 5);
        Assert.Equal(accuracy, batched.Accuracy);
    }

    [Fact]
    public void Predict_WritesEachRowsProbabilities()
    {
        DataSet data = TestData.Labelled(11, 3, 3);
        var (_, trainer) = Create(options: new TrainerOptions { BatchSize = 4 });
        var outputs = new float[11 * 3];

        trainer.Predict(data, outputs);

        for (int i = 0; i < 11; i++)
        {
            Assert.Equal(1f, outputs.AsSpan(i * 3, 3).ToArray().Sum(), 5);
        }
        Assert.Throws<ArgumentException>(() => trainer.Predict(data, new float[10]));
    }

    [Fact]
    public void Fit_PerBatchLoop_AllocatesNothingOnceWarm()
    {
        // Fit itself allocates its history (a list of one report per epoch) and the trainer sizes its permutation on
        // the first call; the epochs and batches must allocate nothing. So after a warm-up, 5 epochs may allocate
        // only a few report slots more than 1 epoch: far less than one batch of 64 x 8 floats would take.
        DataSet train = TestData.Labelled(600, 8, 4), validation = TestData.Labelled(50, 8, 4);
        var (_, one) = Create(8, 4, 64, new TrainerOptions { BatchSize = 64, Epochs = 1 });
        var (_, five) = Create(8, 4, 64, new TrainerOptions { BatchSize = 64, Epochs = 5 });
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
    public void Fit_StandardizedIris_LinearSoftmaxReachesHighValidationAccuracy()
    {
        DataSet iris = CsvLoader.LoadSklearnStyle(TestData.PathOf("iris.csv"));
        var (train, test) = iris.Split(0.2, seed: 0);
        var scaler = Standardizer.Fit(train);
        var net = new LinearSoftmaxNetwork(4, 3, 16);
        var trainer = new Trainer(net, new Sgd(0.1f, momentum: 0.9f), new TrainerOptions { BatchSize = 16, Epochs = 60, Seed = 1 });

        TrainingHistory history = trainer.Fit(scaler.Transform(train), scaler.Transform(test));

        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss / 2, string.Join("\n", history.Epochs));
        Assert.InRange(history.Last.ValidationAccuracy!.Value, 0.9f, 1f);
    }
}
