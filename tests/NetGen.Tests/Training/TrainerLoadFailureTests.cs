using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using NetGen.Checkpoints;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Schedules;
using NetGen.Tests.Checkpoints;
using NetGen.Tests.Networks;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>
/// Trainer.LoadCheckpoint with a bad file of every kind: each is an <see cref="InvalidDataException"/> naming the file
/// and the problem, and leaves the network, optimizer, schedule, generators and counters exactly as they were.
/// </summary>
public sealed class TrainerLoadFailureTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static DataSet Random(int count, int features, int classes, int seed) => SyntheticClasses.Make(count, features, classes, seed);

    // Every resumable aid on: schedule, clipping, accumulation, early stopping with best weights, augmentation.
    internal static Trainer FullTrainer(EveryLayerNet net, double gamma = 0.5, int batchSize = 8) => new(net, new AdamW(3e-3f), new TrainerOptions
    {
        Epochs = 3,
        BatchSize = batchSize,
        Seed = 9,
        Schedule = new StepSchedule(3e-3f, stepSize: 1, gamma: gamma),
        ClipGradientNorm = 5f,
        AccumulationSteps = 2,
        EarlyStopping = new EarlyStopping { Patience = 10 },
        Augmentation = new ImageAugmenter(new AugmentationOptions { NoiseStd = 0.01f }, new ImageShape(2, 9, 11), seed: 4),
    });

    /// <summary>Cancels a Fit after a number of mini-batches.</summary>
    internal sealed class CancelAfter : IProgress<TrainingProgress>
    {
        private readonly int _batches;
        private int _seen;

        public CancelAfter(int batches) => _batches = batches;

        public CancellationTokenSource Source { get; } = new();

        public void Report(TrainingProgress value)
        {
            if (++_seen == _batches)
            {
                Source.Cancel();
            }
        }
    }

    /// <summary>A checkpoint of a run stopped at epoch 2, batch 3 (1 mini-batch of gradients pending), with a best epoch.</summary>
    internal static string GoodCheckpoint(string path)
    {
        Trainer saver = FullTrainer(new EveryLayerNet(5));
        var cancel = new CancelAfter(9);
        Assert.Throws<OperationCanceledException>(() => saver.Fit(
            Random(44, EveryLayerNet.InputSize, 3, 1), Random(12, EveryLayerNet.InputSize, 3, 2), null, cancel, cancel.Source.Token));
        saver.SaveCheckpoint(path);
        return path;
    }

    [Theory]
    [InlineData("weights-only", "holds weights but no training state")]
    [InlineData("other-optimizer", "was trained with Adam but this trainer uses AdamW")]
    [InlineData("schedule-differs", "its schedule state does not fit")] // the optimizer used to keep the file's state here
    [InlineData("no-schedule", "without a learning-rate schedule")]
    [InlineData("no-augmentation", "without a random augmentation")]
    [InlineData("batch-size-differs", "not 3 x this trainer's BatchSize 4")]
    [InlineData("zero-shuffle", "'shuffle' is an all-zero generator state")] // used to throw after everything was replaced
    [InlineData("zero-epoch-start", "'epoch_start' is an all-zero generator state")]
    [InlineData("zero-augmentation", "'augmentation' is an all-zero generator state")]
    [InlineData("shuffle-overflow", "'shuffle' is [\"-1\",\"5\"], not a generator state")]
    [InlineData("negative-batch", "'batch' is -3, not a whole number from 0")] // used to resume, then throw IndexOutOfRange
    [InlineData("huge-batch", "saw 24 samples, which is not 2147483647 x")]
    [InlineData("overflow-epoch", "'epoch' is 99999999999999999999, not a whole number")]
    [InlineData("fractional-epoch", "'epoch' is 1.5, not a whole number")]
    [InlineData("negative-seen", "'seen' is -1")]
    [InlineData("negative-pending", "'pending' is -1")]
    [InlineData("pending-too-many", "has 2 mini-batches of gradients pending but this trainer updates every 2")]
    [InlineData("pending-without-gradients", "no 'trainer.pending_gradients' tensor")]
    [InlineData("reports-mismatch", "has 'epoch' 1 but 0 reports")]
    [InlineData("best-without-tensors", "no 'trainer.best_parameters' tensor")] // early stopping used to zero every parameter
    [InlineData("best-epoch-beyond", "'best_epoch' 4 and 'bad_epochs' 0 after 1 epochs")]
    [InlineData("nan-best", "'trainer.best_parameters' holds NaN at index 7")]
    [InlineData("missing-field", "has no 'seen'")]
    [InlineData("duplicate-field", "names 'batch' twice")]
    [InlineData("trainer-not-json", "'netgen.trainer' is not valid JSON")]
    [InlineData("nan-moment", "'exp_avg' holds NaN at index 5")]
    [InlineData("inf-moment", "at index 6, but a running sum of squares is finite")]
    [InlineData("negative-square", "'exp_avg_sq' holds -1 at index 2, but a running sum of squares is finite and >= 0")]
    [InlineData("missing-moment", "lacks the tensor 'exp_avg_sq'")]
    [InlineData("lr-overflow", "'lr' is \"99999999999999999999\"")] // used to escape as OverflowException
    [InlineData("lr-negative", "learning rate")]
    [InlineData("step-negative", "'step' is -1")]
    [InlineData("step-overflow", "'step' is 1e30")]
    [InlineData("schedule-overflow", "'stepCount' is \"99999999999999999999\"")]
    [InlineData("flipped-bit", "the checkpoint's data is corrupt")]
    [InlineData("nan-parameter", "tensor 'conv1.weight' holds NaN")]
    public void LoadCheckpoint_BadFile_ThrowsNamingTheProblem_AndChangesNothing(string kind, string problem)
    {
        string good = GoodCheckpoint(_folder.PathOf("good.safetensors"));
        string bad = _folder.PathOf("bad.safetensors");
        MakeBad(kind, good, bad);
        Trainer target = kind switch
        {
            "schedule-differs" => FullTrainer(new EveryLayerNet(6), gamma: 0.9),
            "batch-size-differs" => FullTrainer(new EveryLayerNet(6), batchSize: 4),
            _ => FullTrainer(new EveryLayerNet(6)),
        };
        target.Fit(Random(16, EveryLayerNet.InputSize, 3, 3)); // state of its own, so that a change shows
        TrainerSnapshot before = TrainerSnapshot.Of(target, _folder.PathOf("before.safetensors"));

        var e = Assert.Throws<InvalidDataException>(() => target.LoadCheckpoint(bad));

        Assert.Contains(bad, e.Message);
        Assert.Contains(problem, e.Message);
        before.AssertSame(TrainerSnapshot.Of(target, _folder.PathOf("after.safetensors")));
    }

    [Fact]
    public void LoadCheckpoint_GoodFile_ChangesTheState_SoTheSnapshotWouldSeeAChange()
    {
        string good = GoodCheckpoint(_folder.PathOf("good.safetensors"));
        Trainer target = FullTrainer(new EveryLayerNet(6));
        target.Fit(Random(16, EveryLayerNet.InputSize, 3, 3));
        TrainerSnapshot before = TrainerSnapshot.Of(target, _folder.PathOf("before.safetensors"));
        target.LoadCheckpoint(good);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => before.AssertSame(TrainerSnapshot.Of(target, _folder.PathOf("after.safetensors"))));
    }

    [Fact]
    public void Fit_AfterResumingAtABatchBeyondTheTrainingSet_ThrowsBeforeTraining()
    {
        // A consistent file (batch 100 of 8 samples each) resumed on a training set of 6 batches.
        string good = GoodCheckpoint(_folder.PathOf("good.safetensors"));
        string edited = _folder.PathOf("edited.safetensors");
        Rewrite(good, edited, trainer =>
        {
            trainer["batch"] = 100;
            trainer["seen"] = 800;
            trainer["correct"] = 0;
        });
        Trainer target = FullTrainer(new EveryLayerNet(6));
        target.LoadCheckpoint(edited);
        TrainerSnapshot before = TrainerSnapshot.Of(target, _folder.PathOf("before.safetensors"));

        var e = Assert.Throws<ArgumentException>(() => target.Fit(Random(44, EveryLayerNet.InputSize, 3, 1)));

        Assert.Contains("stopped after mini-batch 100 of its epoch, but the training set of 44 samples has only 6 batches", e.Message);
        before.AssertSame(TrainerSnapshot.Of(target, _folder.PathOf("after.safetensors")));
    }

    private void MakeBad(string kind, string good, string bad)
    {
        switch (kind)
        {
            case "weights-only":
                Checkpoint.Save(bad, new EveryLayerNet(5));
                return;
            case "schedule-differs":
            case "batch-size-differs":
                File.Copy(good, bad);
                return;
            case "flipped-bit":
                byte[] bytes = File.ReadAllBytes(good);
                bytes[^5] ^= 0x10;
                File.WriteAllBytes(bad, bytes);
                return;
        }
        Rewrite(good, bad, trainer =>
        {
            switch (kind)
            {
                case "zero-shuffle": trainer["shuffle"] = new JsonArray("0", "0"); break;
                case "zero-epoch-start": trainer["epoch_start"] = new JsonArray("0", "0"); break;
                case "zero-augmentation": trainer["augmentation"] = new JsonArray("0", "0"); break;
                case "shuffle-overflow": trainer["shuffle"] = new JsonArray("-1", "5"); break;
                case "no-augmentation": trainer.Remove("augmentation"); break;
                case "negative-batch": trainer["batch"] = -3; break;
                case "huge-batch": trainer["batch"] = int.MaxValue; break;
                case "overflow-epoch": trainer["epoch"] = JsonNode.Parse("99999999999999999999"); break;
                case "fractional-epoch": trainer["epoch"] = 1.5; break;
                case "negative-seen": trainer["seen"] = -1; break;
                case "negative-pending": trainer["pending"] = -1; break;
                case "pending-too-many": trainer["pending"] = 2; break;
                case "reports-mismatch": trainer["reports"] = new JsonArray(); break;
                case "best-epoch-beyond": trainer["best_epoch"] = 4; trainer["bad_epochs"] = 0; break;
                case "missing-field": trainer.Remove("seen"); break;
            }
        }, (metadata, tensors) =>
        {
            switch (kind)
            {
                case "other-optimizer": Replace(metadata, "netgen.optimizer", "\"type\":\"AdamW\"", "\"type\":\"Adam\""); break;
                case "no-schedule": metadata.Remove("netgen.schedule"); break;
                case "duplicate-field": Replace(metadata, "netgen.trainer", "{", "{\"batch\":3,"); break;
                case "trainer-not-json": metadata["netgen.trainer"] = "{\"epoch\":"; break;
                case "lr-overflow": Replace(metadata, "netgen.optimizer", "\"lr\":\"", "\"lr\":\"99999999999999999999\",\"old_lr\":\""); break;
                case "lr-negative": SetOptimizerField(metadata, "lr", $"\"{BitConverter.SingleToInt32Bits(-0.5f)}\""); break;
                case "step-negative": SetOptimizerField(metadata, "step", "-1"); break;
                case "step-overflow": SetOptimizerField(metadata, "step", "1e30"); break;
                case "schedule-overflow": SetScheduleStepCount(metadata, "\"99999999999999999999\""); break;
                case "pending-without-gradients": tensors.RemoveAll(t => t.Name == "trainer.pending_gradients"); break;
                case "best-without-tensors": tensors.RemoveAll(t => t.Name is "trainer.best_parameters" or "trainer.best_buffers"); break;
                case "nan-best": tensors.Single(t => t.Name == "trainer.best_parameters").Data[7] = float.NaN; break;
                case "nan-moment": tensors.Single(t => t.Name == "optimizer.exp_avg").Data[5] = float.NaN; break;
                case "inf-moment": tensors.Single(t => t.Name == "optimizer.exp_avg_sq").Data[6] = float.PositiveInfinity; break;
                case "negative-square": tensors.Single(t => t.Name == "optimizer.exp_avg_sq").Data[2] = -1f; break;
                case "missing-moment": tensors.RemoveAll(t => t.Name == "optimizer.exp_avg_sq"); break;
                case "nan-parameter": tensors.Single(t => t.Name == "conv1.weight").Data[0] = float.NaN; break;
            }
        });
    }

    /// <summary>
    /// Rewrites a training checkpoint with its trainer state (as a JSON object) and its metadata and tensors edited,
    /// and a checksum that fits the new data, so that only the edit is wrong.
    /// </summary>
    internal static void Rewrite(
        string source, string target, Action<JsonObject>? trainer,
        Action<Dictionary<string, string>, List<CheckpointTensor>>? edit = null)
    {
        SafetensorsFile file = SafetensorsReader.Read(source);
        var metadata = new Dictionary<string, string>(file.Metadata);
        List<CheckpointTensor> tensors = file.Tensors.ToList();
        if (trainer is not null)
        {
            JsonObject state = JsonNode.Parse(metadata["netgen.trainer"])!.AsObject();
            trainer(state);
            metadata["netgen.trainer"] = state.ToJsonString();
        }
        edit?.Invoke(metadata, tensors);
        metadata[CheckpointMetadataKeys.DataSha256] = DataChecksum.Of(tensors);
        using var stream = File.Create(target);
        SafetensorsWriter.Write(stream, tensors, metadata);
    }

    private static void Replace(Dictionary<string, string> metadata, string key, string old, string replacement)
    {
        Assert.Contains(old, metadata[key]); // the edit must happen, or the test would check nothing
        int at = metadata[key].IndexOf(old, StringComparison.Ordinal);
        metadata[key] = metadata[key].Substring(0, at) + replacement + metadata[key].Substring(at + old.Length);
    }

    private static void SetOptimizerField(Dictionary<string, string> metadata, string field, string rawJson)
    {
        JsonObject optimizer = JsonNode.Parse(metadata["netgen.optimizer"])!.AsObject();
        Assert.True(optimizer.ContainsKey(field));
        optimizer[field] = JsonNode.Parse(rawJson);
        metadata["netgen.optimizer"] = optimizer.ToJsonString();
    }

    private static void SetScheduleStepCount(Dictionary<string, string> metadata, string rawJson)
    {
        JsonObject schedule = JsonNode.Parse(metadata["netgen.schedule"])!.AsObject();
        Assert.True(schedule.ContainsKey("stepCount"));
        schedule["stepCount"] = JsonNode.Parse(rawJson);
        metadata["netgen.schedule"] = schedule.ToJsonString();
    }
}
