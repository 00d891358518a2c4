using System;
using System.Collections.Generic;
using System.IO;
using NetGen.Checkpoints;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Tests.Behaviour;
using NetGen.Tests.Checkpoints;
using NetGen.Tests.Networks;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>Early stopping in every combination of its options and the trainer's, through Fit and through checkpoints.</summary>
public sealed class EarlyStoppingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static DataSet Data(int count, int seed) => SyntheticClasses.Make(count, 4, 3, seed);

    [Fact]
    public void Fit_WithoutRestoreBestWeights_RunsEveryEpoch_AndKeepsTheLastWeights()
    {
        // The repro: this threw "Destination is too short" after the first epoch.
        var net = new LogitClassifier(1);
        var last = new List<float[]>();
        var trainer = new Trainer(net, new Sgd(0.1f), new TrainerOptions
        {
            Epochs = 3, BatchSize = 4, EarlyStopping = new EarlyStopping { RestoreBestWeights = false, Patience = 10 },
        });

        TrainingHistory history = trainer.Fit(Data(16, 7), Data(8, 8), _ => last.Add(net.Parameters.ToArray()));

        Assert.Equal(3, history.Epochs.Count);
        Assert.Equal(StateSnapshot.Bits(last[^1]), StateSnapshot.Bits(net.Parameters));
    }

    public static IEnumerable<object[]> Combinations()
    {
        foreach (bool restore in new[] { true, false })
        {
            foreach (MonitoredMetric monitor in Enum.GetValues<MonitoredMetric>())
            {
                foreach (bool validation in new[] { true, false })
                {
                    foreach (bool checkpoint in new[] { true, false })
                    {
                        foreach (int accumulation in new[] { 1, 2 })
                        {
                            yield return new object[] { restore, monitor, validation, checkpoint, accumulation };
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Fit_EveryEarlyStoppingCombination_StopsAtPatience_AndKeepsTheRightWeights(
        bool restore, MonitoredMetric monitor, bool validation, bool checkpoint, int accumulation)
    {
        const int Patience = 2;
        var net = new LogitClassifier(1);
        var snapshots = new List<float[]>();
        string? path = checkpoint ? _folder.PathOf("run.safetensors") : null;
        // A learning rate so large that the monitored figure soon stops improving.
        var trainer = new Trainer(net, new Sgd(5f), new TrainerOptions
        {
            Epochs = 12, BatchSize = 4, AccumulationSteps = accumulation, CheckpointPath = path,
            EarlyStopping = new EarlyStopping { Patience = Patience, Monitor = monitor, RestoreBestWeights = restore },
        });

        TrainingHistory history = trainer.Fit(Data(16, 7), validation ? Data(8, 8) : null, _ => snapshots.Add(net.Parameters.ToArray()));

        // The reference: Keras's rule over the reports, written out here.
        int best = 0, bad = 0, stopped = history.Epochs.Count;
        double bestValue = double.NaN;
        foreach (EpochReport r in history.Epochs)
        {
            double value = monitor switch
            {
                MonitoredMetric.ValidationLoss => r.ValidationLoss ?? r.TrainLoss,
                MonitoredMetric.ValidationAccuracy => r.ValidationAccuracy ?? r.TrainAccuracy,
                _ => r.TrainLoss,
            };
            bool higher = monitor == MonitoredMetric.ValidationAccuracy;
            if (best == 0 || (higher ? value > bestValue : value < bestValue))
            {
                (best, bestValue, bad) = (r.Epoch, value, 0);
            }
            else if (++bad >= Patience)
            {
                stopped = r.Epoch;
                break;
            }
        }
        Assert.Equal(stopped, history.Epochs.Count);
        Assert.Equal(best, trainer.BestEpoch);
        float[] expected = restore ? snapshots[best - 1] : snapshots[^1];
        Assert.Equal(StateSnapshot.Bits(expected), StateSnapshot.Bits(net.Parameters));
        if (path is not null)
        {
            // The last epoch's checkpoint holds that epoch's weights (restoring the best happens after it) and resumes.
            var loaded = new LogitClassifier(2);
            Checkpoint.Load(path, loaded);
            Assert.Equal(StateSnapshot.Bits(snapshots[^1]), StateSnapshot.Bits(loaded.Parameters));
            new Trainer(loaded, new Sgd(5f), trainer.Options).LoadCheckpoint(path);
        }
    }

    [Theory]
    [InlineData(true, 1, 9)]
    [InlineData(false, 1, 9)]
    [InlineData(true, 2, 9)]  // stopped with one mini-batch of gradients pending
    [InlineData(false, 2, 10)]
    [InlineData(false, 3, 8)]
    public void ResumedMidEpoch_GivesBitIdenticalLossesAndWeights(bool restore, int accumulation, int stopAfter)
    {
        DataSet train = SyntheticClasses.Make(44, EveryLayerNet.InputSize, 3, 1);
        DataSet validation = SyntheticClasses.Make(12, EveryLayerNet.InputSize, 3, 2);
        string path = _folder.PathOf("resume.safetensors");
        Trainer Create(EveryLayerNet net) => new(net, new Adam(3e-3f), new TrainerOptions
        {
            Epochs = 3, BatchSize = 8, Seed = 9, AccumulationSteps = accumulation,
            EarlyStopping = new EarlyStopping { Patience = 10, RestoreBestWeights = restore },
        });

        var straight = new EveryLayerNet(5);
        var whole = new LossLog();
        TrainingHistory expected = Create(straight).Fit(train, validation, null, whole);

        var first = new EveryLayerNet(5);
        var before = new LossLog(stopAfter);
        Trainer interrupted = Create(first);
        Assert.Throws<OperationCanceledException>(() => interrupted.Fit(train, validation, null, before, before.Cancel.Token));
        interrupted.SaveCheckpoint(path);
        Assert.Equal(accumulation > 1 && stopAfter % 6 % accumulation != 0, System.Linq.Enumerable.Any(SafetensorsReader.Read(path).Tensors, t => t.Name == "trainer.pending_gradients"));

        var second = new EveryLayerNet(77);
        Trainer resumed = Create(second);
        resumed.LoadCheckpoint(path);
        var after = new LossLog();
        TrainingHistory history = resumed.Fit(train, validation, null, after);

        Assert.Equal(whole.Bits, [.. before.Bits, .. after.Bits]);
        Assert.Equal(StateSnapshot.Bits(straight.Parameters), StateSnapshot.Bits(second.Parameters));
        Assert.Equal(StateSnapshot.Bits(straight.Buffers), StateSnapshot.Bits(second.Buffers));
        Assert.Equal(expected.Epochs.Count, history.Epochs.Count);
    }

    /// <summary>Records the running loss after every mini-batch, and cancels after a number of them.</summary>
    private sealed class LossLog : IProgress<TrainingProgress>
    {
        private readonly int _cancelAfter;

        public LossLog(int cancelAfter = -1) => _cancelAfter = cancelAfter;

        public List<int> Bits { get; } = new();

        public System.Threading.CancellationTokenSource Cancel { get; } = new();

        public void Report(TrainingProgress value)
        {
            Bits.Add(BitConverter.SingleToInt32Bits(value.Loss));
            if (Bits.Count == _cancelAfter)
            {
                Cancel.Cancel();
            }
        }
    }
}
