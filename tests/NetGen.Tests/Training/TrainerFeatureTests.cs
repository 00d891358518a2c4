using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using NetGen.Checkpoints;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Schedules;
using NetGen.Tests.Behaviour;
using NetGen.Tests.Networks;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>The trainer's aids: resumable checkpoints, accumulation, clipping, schedules, early stopping, the NaN guard.</summary>
public class TrainerFeatureTests
{
    private static DataSet Random(int count, int features, int classes, int seed) => SyntheticClasses.Make(count, features, classes, seed);

    // Records the running loss after every mini-batch: equal sequences mean equal per-batch losses.
    private sealed class LossLog : IProgress<TrainingProgress>
    {
        public List<int> Bits { get; } = new();

        public int CancelAfter { get; init; } = -1;

        public CancellationTokenSource Cancel { get; } = new();

        public void Report(TrainingProgress value)
        {
            Bits.Add(BitConverter.SingleToInt32Bits(value.Loss));
            if (Bits.Count == CancelAfter)
            {
                Cancel.Cancel();
            }
        }
    }

    private static Trainer ResumableTrainer(EveryLayerNet network) => new(network, new AdamW(3e-3f), new TrainerOptions
    {
        Epochs = 3,
        BatchSize = 8,
        Seed = 9,
        Schedule = new StepSchedule(3e-3f, stepSize: 1, gamma: 0.5),
        ClipGradientNorm = 5f,
        EarlyStopping = new EarlyStopping { Patience = 10 },
    });

    [Fact]
    public void ResumedFromAMidEpochCheckpoint_GivesBitIdenticalLossesAndWeights()
    {
        DataSet train = Random(44, EveryLayerNet.InputSize, 3, 1), validation = Random(12, EveryLayerNet.InputSize, 3, 2);
        string path = Path.Combine(Path.GetTempPath(), $"netgen-resume-{Guid.NewGuid():N}.safetensors");

        var straight = new EveryLayerNet(5);
        var whole = new LossLog();
        ResumableTrainer(straight).Fit(train, validation, null, whole);

        // Interrupted after 8 batches (epoch 2 of 3, batch 2 of 6), saved, then resumed by fresh objects.
        var first = new EveryLayerNet(5);
        var before = new LossLog { CancelAfter = 8 };
        Trainer interrupted = ResumableTrainer(first);
        Assert.Throws<OperationCanceledException>(() => interrupted.Fit(train, validation, null, before, before.Cancel.Token));
        interrupted.SaveCheckpoint(path);

        var second = new EveryLayerNet(77);
        Trainer resumed = ResumableTrainer(second);
        resumed.LoadCheckpoint(path);
        var after = new LossLog();
        TrainingHistory history = resumed.Fit(train, validation, null, after);

        var combined = new List<int>(before.Bits);
        combined.AddRange(after.Bits);
        Assert.Equal(whole.Bits, combined);
        Assert.Equal(StateSnapshot.Bits(straight.Parameters), StateSnapshot.Bits(second.Parameters));
        Assert.Equal(StateSnapshot.Bits(straight.Buffers), StateSnapshot.Bits(second.Buffers));
        Assert.Equal(3, history.Epochs.Count); // the first epoch's report came back with the checkpoint
        File.Delete(path);
    }

    [Fact]
    public void LoadCheckpoint_OfAnotherOptimizer_ThrowsAndChangesNothing()
    {
        string path = Path.Combine(Path.GetTempPath(), $"netgen-other-{Guid.NewGuid():N}.safetensors");
        var trained = new LogitClassifier(1);
        var saver = new Trainer(trained, new Adam(), new TrainerOptions { Epochs = 1, BatchSize = 4 });
        saver.Fit(Random(12, 4, 3, 3));
        saver.SaveCheckpoint(path);

        var target = new LogitClassifier(2);
        float[] before = target.Parameters.ToArray();
        var e = Assert.Throws<InvalidDataException>(() =>
            new Trainer(target, new Sgd(0.1f), new TrainerOptions { Epochs = 1, BatchSize = 4 }).LoadCheckpoint(path));

        Assert.Contains("Adam", e.Message);
        Assert.Equal(StateSnapshot.Bits(before), StateSnapshot.Bits(target.Parameters));
        File.Delete(path);
    }

    [Fact]
    public void LoadCheckpoint_OfWeightsOnly_SaysToUseCheckpointLoad()
    {
        string path = Path.Combine(Path.GetTempPath(), $"netgen-weights-{Guid.NewGuid():N}.safetensors");
        Checkpoint.Save(path, new LogitClassifier(1));
        var e = Assert.Throws<InvalidDataException>(() =>
            new Trainer(new LogitClassifier(2), new Sgd(0.1f), new TrainerOptions { BatchSize = 4 }).LoadCheckpoint(path));
        Assert.Contains("Checkpoint.Load", e.Message);
        File.Delete(path);
    }

    [Fact]
    public void Accumulation_OfTwoHalfBatches_MatchesOneFullBatchUpdate()
    {
        DataSet data = Random(8, 4, 3, 4);
        var whole = new LogitClassifier(3);
        var halves = new LogitClassifier(3);
        new Trainer(whole, new Sgd(0.5f), new TrainerOptions { Epochs = 1, BatchSize = 8, Shuffle = false }).Fit(data);
        new Trainer(halves, new Sgd(0.5f), new TrainerOptions { Epochs = 1, BatchSize = 4, Shuffle = false, AccumulationSteps = 2 }).Fit(data);

        for (int i = 0; i < whole.Parameters.Length; i++)
        {
            Assert.Equal(whole.Parameters[i], halves.Parameters[i], 5);
        }
        Assert.NotEqual(StateSnapshot.Bits(new LogitClassifier(3).Parameters), StateSnapshot.Bits(halves.Parameters));
    }

    [Fact]
    public void ClipGradientNorm_BoundsTheStepOfPlainSgd()
    {
        var net = new LogitClassifier(3);
        float[] before = net.Parameters.ToArray();
        new Trainer(net, new Sgd(1f), new TrainerOptions { Epochs = 1, BatchSize = 8, ClipGradientNorm = 0.01f }).Fit(Random(8, 4, 3, 5));

        double step = 0;
        for (int i = 0; i < before.Length; i++)
        {
            step += Math.Pow(net.Parameters[i] - before[i], 2);
        }
        Assert.InRange(Math.Sqrt(step), 1e-4, 0.01 + 1e-6); // one update of lr 1 times a gradient of norm at most 0.01
    }

    [Fact]
    public void Schedule_SetsTheOptimizersRateEachEpoch()
    {
        var sgd = new Sgd(0.1f);
        var rates = new List<float>();
        var trainer = new Trainer(new LogitClassifier(1), sgd, new TrainerOptions
        {
            Epochs = 4, BatchSize = 4, Schedule = new StepSchedule(0.1f, stepSize: 2, gamma: 0.1),
        });
        trainer.Fit(Random(8, 4, 3, 6), onEpoch: _ => rates.Add(sgd.LearningRate));

        // The rate of each epoch's updates, read after it: 0.1, 0.1, then 0.01 from epoch 3 (StepLR, step 2).
        Assert.Equal(new[] { 0.1f, 0.1f, 0.01f, 0.01f }, rates.ToArray(), (a, b) => Math.Abs(a - b) < 1e-7f);
    }

    [Fact]
    public void EarlyStopping_StopsAfterPatienceAndRestoresTheBestEpoch()
    {
        // A learning rate so large that the validation loss soon stops improving.
        var net = new LogitClassifier(1);
        var snapshots = new List<float[]>();
        var trainer = new Trainer(net, new Sgd(5f), new TrainerOptions
        {
            Epochs = 50, BatchSize = 4, EarlyStopping = new EarlyStopping { Patience = 3 },
        });
        TrainingHistory history = trainer.Fit(Random(16, 4, 3, 7), Random(8, 4, 3, 8), _ => snapshots.Add(net.Parameters.ToArray()));

        Assert.True(history.Epochs.Count < 50, "stopped early");
        Assert.Equal(trainer.BestEpoch + 3, history.Epochs.Count);
        double best = double.MaxValue;
        int bestEpoch = 0;
        foreach (EpochReport r in history.Epochs)
        {
            if (r.ValidationLoss!.Value < best)
            {
                (best, bestEpoch) = (r.ValidationLoss.Value, r.Epoch);
            }
        }
        Assert.Equal(bestEpoch, trainer.BestEpoch);
        Assert.Equal(StateSnapshot.Bits(snapshots[bestEpoch - 1]), StateSnapshot.Bits(net.Parameters));
    }

    [Fact]
    public void NonFiniteStep_ThrowsNamingTheLayerAndKeepsTheLastGoodState()
    {
        var net = new EveryLayerNet(1);
        var sgd = new Sgd(0.1f);
        var data = Random(8, EveryLayerNet.InputSize, 3, 9);
        net.TrainStep(data.Features, data.Targets, 8, sgd); // a good step, then poison a weight
        net.Conv1Weight[0] = float.NaN;
        float[] parameters = net.Parameters.ToArray(), buffers = net.Buffers.ToArray();
        NetworkRandomState random = net.RandomState;

        var e = Assert.Throws<NonFiniteException>(() => net.TrainStep(data.Features, data.Targets, 8, sgd));

        Assert.Equal("the parameter conv1.weight", e.Where); // the cause, not the first activation it spoiled
        Assert.Equal(StateSnapshot.Bits(parameters), StateSnapshot.Bits(net.Parameters));
        Assert.Equal(StateSnapshot.Bits(buffers), StateSnapshot.Bits(net.Buffers));
        Assert.Equal(random, net.RandomState);
    }

    [Fact]
    public void Fit_WithEveryAidOn_PerBatchLoopAllocatesNothing()
    {
        DataSet train = Random(64, 4, 3, 10);
        Trainer Make(int epochs) => new(new LogitClassifier(1), new Adam(), new TrainerOptions
        {
            Epochs = epochs, BatchSize = 4, AccumulationSteps = 2, ClipGradientNorm = 1f, ClipGradientValue = 1f,
            Schedule = new CosineAnnealingSchedule(1e-3f, 10, interval: ScheduleInterval.Batch),
        });
        Trainer one = Make(1), five = Make(5);
        one.Fit(train);
        five.Fit(train);

        long before = GC.GetAllocatedBytesForCurrentThread();
        one.Fit(train);
        long oneEpoch = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        five.Fit(train);
        long fiveEpochs = GC.GetAllocatedBytesForCurrentThread() - before;

        // Only the history grows with the epochs (a report each); the 16 batches of each epoch allocate nothing.
        Assert.InRange(fiveEpochs - oneEpoch, 0, 4 * 64);
    }
}
