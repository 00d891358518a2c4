using System;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Tests.Data;
using NetGen.Tests.Networks;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>The runtime's data and training pieces driving a network generated at build time, on real data.</summary>
public class DigitsEndToEndTests
{
    private static (DataSet Train, DataSet Test) StandardizedDigits()
    {
        DataSet digits = CsvLoader.Load(TestData.PathOf("digits.csv.gz"), new CsvOptions());
        var (train, test) = digits.Split(0.2, seed: 0);
        var scaler = Standardizer.Fit(train);   // on the training set only; constant border pixels get scale 1
        return (scaler.Transform(train), scaler.Transform(test));
    }

    [Fact]
    public void Fit_GeneratedDigitsMlp_ReachesHighTestAccuracyInFiveEpochs()
    {
        var (train, test) = StandardizedDigits();
        var net = new DigitsMlp();
        net.Initialize(1);
        var trainer = new Trainer(net, new Sgd(0.05f, momentum: 0.9f), new TrainerOptions { Epochs = 5, BatchSize = 32, Seed = 1 });

        TrainingHistory history = trainer.Fit(train, test);

        Assert.True(history.Last.TrainLoss < history.Epochs[0].TrainLoss, string.Join("\n", history.Epochs));
        Assert.InRange(history.Last.ValidationAccuracy!.Value, 0.93f, 1f);
        Assert.Equal(history.Last.ValidationAccuracy!.Value, trainer.Evaluate(test).Accuracy);
    }

    [Fact]
    public void Fit_GeneratedDigitsMlp_EpochsAllocateNothingOnceWarm()
    {
        // As in TrainerTests: 3 epochs may allocate only two more history slots (40 bytes each) than 1 epoch.
        // Only this thread is counted (other test classes run in parallel); the trainer's loop runs on it.
        var (train, test) = StandardizedDigits();
        Trainer Make(int epochs) => new Trainer(new DigitsMlp(), new Sgd(0.01f, momentum: 0.9f), new TrainerOptions { Epochs = epochs, BatchSize = 64 });
        Trainer one = Make(1), three = Make(3);
        one.Fit(train, test);
        three.Fit(train, test);

        long before = GC.GetAllocatedBytesForCurrentThread();
        one.Fit(train, test);
        long oneEpoch = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        three.Fit(train, test);
        long threeEpochs = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(threeEpochs - oneEpoch, 0, 2 * 64);
    }
}
