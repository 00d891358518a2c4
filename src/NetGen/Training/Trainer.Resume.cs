using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using NetGen.Checkpoints;
using NetGen.Optimizers;
using NetGen.Random;

namespace NetGen.Training;

// Resuming from a training checkpoint in two steps: StageResume parses and checks every part of the file against this
// trainer and changes nothing; ApplyResume then copies it in with operations that cannot fail. So a bad file leaves the
// network, optimizer, schedule, generators and counters exactly as they were.
public sealed partial class Trainer
{
    private sealed class ResumeState
    {
        public RunState Run;
        public RngState Shuffle;
        public RngState? Augmenter;
        public List<EpochReport> Reports = new();
        public Optimizer.LoadedState Optimizer = null!;
        public IReadOnlyDictionary<string, double>? Schedule;
        public float[]? BestParameters, BestBuffers, PendingGradients;
    }

    private ResumeState StageResume(StagedCheckpoint file)
    {
        string path = file.Path;
        IReadOnlyDictionary<string, string> metadata = file.Contents.Metadata;
        if (!metadata.TryGetValue(TrainerKey, out string? trainerJson) || !metadata.TryGetValue(OptimizerKey, out string? optimizerJson))
        {
            throw new InvalidDataException(
                $"{path} holds weights but no training state; load it with Checkpoint.Load(path, network), or resume from a file written by Trainer.SaveCheckpoint.");
        }
        var state = new ResumeState();
        (state.Run, state.Shuffle, state.Augmenter, state.Reports) = TrainerStateJson.Read(trainerJson, path, TrainerKey);
        CheckRunFitsOptions(new MetadataJson(path, TrainerKey), state.Run);
        CheckAugmentation(path, state.Augmenter);
        state.Optimizer = StageOptimizer(file, optimizerJson);
        state.Schedule = StageSchedule(path, metadata);
        IReadOnlyDictionary<string, CheckpointTensor> extras = file.Contents.ExtraTensors;
        if (state.Run.BestEpoch > 0 && _bestParameters is not null)
        {
            string why = $"the run's best epoch ({state.Run.BestEpoch}) is kept for EarlyStopping.RestoreBestWeights";
            state.BestParameters = ArenaTensor(path, extras, BestParameters, Network.ParameterCount, why);
            state.BestBuffers = _bestBuffers!.Length > 0 ? ArenaTensor(path, extras, BestBuffers, _bestBuffers.Length, why) : null;
        }
        if (state.Run.Pending > 0)
        {
            state.PendingGradients = ArenaTensor(path, extras, PendingGradients, Network.ParameterCount,
                $"{state.Run.Pending} mini-batches' gradients were accumulated toward the next update");
        }
        return state;
    }

    private void ApplyResume(StagedCheckpoint file, ResumeState state)
    {
        // The one call into code outside NetGen goes first: if a custom augmentation throws, nothing has changed yet.
        if (state.Augmenter is { } augmenter)
        {
            ((IRandomized)Options.Augmentation!).RandomState = augmenter;
        }
        file.ApplyTo(Network);
        Optimizer.ApplyState(state.Optimizer);
        if (state.Schedule is not null)
        {
            Options.Schedule!.ApplyState(state.Schedule);
        }
        state.BestParameters?.CopyTo(_bestParameters!, 0);
        state.BestBuffers?.CopyTo(_bestBuffers!, 0);
        state.PendingGradients?.AsSpan().CopyTo(Network.Gradients);
        _run = state.Run;
        _rng = Rng.FromState(state.Shuffle); // not all-zero: checked by TrainerStateJson
        _reports.Clear();
        _reports.AddRange(state.Reports);
    }

    // Mid-epoch, the counters follow from the batch size and the accumulation steps of the run that wrote them.
    private void CheckRunFitsOptions(MetadataJson reader, RunState run)
    {
        if (run.Seen != (long)run.Batch * Options.BatchSize)
        {
            throw reader.Error(
                $"says {run.Batch} mini-batches of this epoch saw {run.Seen} samples, which is not {run.Batch} x this trainer's BatchSize {Options.BatchSize}",
                "resume with the BatchSize of the run that wrote it (or the file was edited or damaged).");
        }
        if (run.Pending >= Options.AccumulationSteps)
        {
            throw reader.Error(
                $"has {run.Pending} mini-batches of gradients pending but this trainer updates every {Options.AccumulationSteps}",
                "resume with the AccumulationSteps of the run that wrote it (or the file was edited or damaged).");
        }
        if (run.Correct > (decimal)run.Seen * Network.OutputSize)
        {
            throw reader.Error($"counts {run.Correct} correct predictions among {run.Seen} samples of {Network.OutputSize} outputs");
        }
    }

    private void CheckAugmentation(string path, RngState? saved)
    {
        bool randomized = Options.Augmentation is IRandomized;
        if (saved is not null != randomized)
        {
            throw new InvalidDataException(saved is not null
                ? $"{path} was trained with a random augmentation but this trainer has none; set TrainerOptions.Augmentation as in the run that wrote it."
                : $"{path} was trained without a random augmentation but this trainer has one; resume with the TrainerOptions.Augmentation of the run that wrote it.");
        }
    }

    private Optimizer.LoadedState StageOptimizer(StagedCheckpoint file, string json)
    {
        string path = file.Path;
        var reader = new MetadataJson(path, OptimizerKey);
        long step;
        float rate;
        using (JsonDocument document = reader.Parse(json))
        {
            JsonElement root = document.RootElement;
            JsonElement type = reader.Field(root, "type");
            string name = Optimizer.GetType().Name;
            if (type.ValueKind != JsonValueKind.String || type.GetString() != name)
            {
                throw new InvalidDataException(
                    $"{path} was trained with {type} but this trainer uses {name}; resume with the same optimizer, or load only the weights with Checkpoint.Load.");
            }
            step = reader.Long(root, "step", 0, long.MaxValue);
            JsonElement bits = reader.Field(root, "lr");
            long lr = reader.LongString(bits, "lr");
            if (lr < int.MinValue || lr > int.MaxValue)
            {
                throw reader.Error($"'lr' is {lr}, not the 32 bits of a float");
            }
            rate = BitConverter.Int32BitsToSingle((int)lr);
        }
        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, CheckpointTensor> extra in file.Contents.ExtraTensors)
        {
            if (extra.Key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
            {
                tensors.Add(extra.Key.Substring(OptimizerPrefix.Length), extra.Value.Data);
            }
        }
        try
        {
            return Optimizer.CheckState(step, rate, tensors);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: its optimizer state does not fit this trainer's {Optimizer.GetType().Name}: {e.Message}", e);
        }
    }

    private IReadOnlyDictionary<string, double>? StageSchedule(string path, IReadOnlyDictionary<string, string> metadata)
    {
        bool has = metadata.TryGetValue(ScheduleKey, out string? json);
        if (has != Options.Schedule is not null)
        {
            throw new InvalidDataException(has
                ? $"{path} was trained with a learning-rate schedule but this trainer has none; set TrainerOptions.Schedule as in the run that wrote it."
                : $"{path} was trained without a learning-rate schedule but this trainer has one; resume without TrainerOptions.Schedule.");
        }
        if (!has)
        {
            return null;
        }
        var reader = new MetadataJson(path, ScheduleKey);
        var state = new Dictionary<string, double>(StringComparer.Ordinal);
        using (JsonDocument document = reader.Parse(json!))
        {
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                state[property.Name] = BitConverter.Int64BitsToDouble(reader.LongString(property.Value, property.Name));
            }
        }
        try
        {
            Options.Schedule!.ValidateState(state);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: its schedule state does not fit this trainer's {Options.Schedule!.GetType().Name}: {e.Message}", e);
        }
        return state;
    }

    // A 1-D tensor over an arena of the network (best weights, pending gradients): present, of the right length, finite.
    private static float[] ArenaTensor(string path, IReadOnlyDictionary<string, CheckpointTensor> extras, string name, int length, string why)
    {
        if (!extras.TryGetValue(name, out CheckpointTensor? tensor))
        {
            throw new InvalidDataException(
                $"{path}: {why}, but the checkpoint has no '{name}' tensor; it was written with other TrainerOptions (EarlyStopping, AccumulationSteps) or edited. " +
                "Resume with the options of the run that wrote it.");
        }
        if (tensor.Shape.Length != 1 || tensor.Data.Length != length)
        {
            throw new InvalidDataException($"{path}: tensor '{name}' has shape {tensor} but this network needs ({length},).");
        }
        int bad = Checkpoint.IndexOfNonFinite(tensor.Data);
        if (bad >= 0)
        {
            throw new InvalidDataException($"{path}: tensor '{name}' holds {tensor.Data[bad]} at index {bad}; a diverged or corrupt run cannot be resumed.");
        }
        return tensor.Data;
    }
}
