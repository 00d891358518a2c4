using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using NetGen.Checkpoints;
using NetGen.Optimizers;
using NetGen.Random;

namespace NetGen.Training;

public sealed partial class Trainer
{
    private const string TrainerKey = "netgen.trainer";
    private const string OptimizerKey = "netgen.optimizer";
    private const string ScheduleKey = "netgen.schedule";
    private const string OptimizerPrefix = "optimizer.";
    private const string BestParameters = "trainer.best_parameters";
    private const string BestBuffers = "trainer.best_buffers";

    /// <summary>
    /// Writes a full training checkpoint, atomically: the network's parameters and buffers (PyTorch names, readable as
    /// a plain weights file), the optimizer's state, the schedule's position, every random generator's state, the
    /// epoch and the position in the data, so that <see cref="LoadCheckpoint"/> and <see cref="Fit"/> continue with
    /// bit-identical losses to an uninterrupted run on the same machine.
    /// </summary>
    public void SaveCheckpoint(string path)
    {
        var extras = new CheckpointExtras();
        foreach (OptimizerStateTensor tensor in Optimizer.StateTensors)
        {
            extras.AddTensor(OptimizerPrefix + tensor.Name, tensor.Values);
        }
        if (_bestParameters is not null && _run.BestEpoch > 0)
        {
            extras.AddTensor(BestParameters, _bestParameters);
            if (_bestBuffers!.Length > 0)
            {
                extras.AddTensor(BestBuffers, _bestBuffers);
            }
        }
        RngState? augmenter = (Options.Augmentation as IRandomized)?.RandomState;
        extras.SetMetadata(TrainerKey, TrainerStateJson.Write(_run, _rng.State, augmenter, _reports));
        extras.SetMetadata(OptimizerKey, string.Create(CultureInfo.InvariantCulture,
            $"{{\"type\":\"{Optimizer.GetType().Name}\",\"step\":{Optimizer.StepCount},\"lr\":\"{BitConverter.SingleToInt32Bits(Optimizer.LearningRate)}\"}}"));
        if (Options.Schedule is { } schedule)
        {
            extras.SetMetadata(ScheduleKey, ScheduleJson(schedule.SaveState()));
        }
        Checkpoint.Save(path, Network, extras);
    }

    /// <summary>
    /// Restores a checkpoint written by <see cref="SaveCheckpoint"/> into this trainer, its network, optimizer,
    /// schedule and augmentation; the next <see cref="Fit"/> continues the run where it stopped. Everything is checked
    /// before anything changes: on error the exception names the problem and nothing is modified.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is corrupt, belongs to another architecture, holds only weights, or its optimizer or schedule differ from this trainer's.</exception>
    public void LoadCheckpoint(string path)
    {
        IReadOnlyDictionary<string, string> metadata = Checkpoint.ReadMetadata(path);
        if (!metadata.TryGetValue(TrainerKey, out string? trainerJson) || !metadata.TryGetValue(OptimizerKey, out string? optimizerJson))
        {
            throw new InvalidDataException(
                $"{path} holds weights but no training state; load it with Checkpoint.Load(path, network), or resume from a file written by Trainer.SaveCheckpoint.");
        }
        var (run, rng, augmenter, reports) = TrainerStateJson.Read(trainerJson, path);
        (long step, float rate) = ReadOptimizer(optimizerJson, path);
        IReadOnlyDictionary<string, double>? scheduleState = ReadSchedule(metadata, path);

        // The network loads last among the checks and first among the changes; later failures put it back.
        float[] parameters = Network.Parameters.ToArray(), buffers = Network.Buffers.ToArray();
        NetworkRandomState random = Network.RandomState;
        CheckpointContents contents = Checkpoint.Load(path, Network);
        try
        {
            var state = new Dictionary<string, float[]>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, CheckpointTensor> extra in contents.ExtraTensors)
            {
                if (extra.Key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
                {
                    state.Add(extra.Key.Substring(OptimizerPrefix.Length), extra.Value.Data);
                }
            }
            Optimizer.LoadState(step, rate, state);
            if (scheduleState is not null)
            {
                Options.Schedule!.LoadState(scheduleState);
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            parameters.CopyTo(Network.Parameters);
            buffers.CopyTo(Network.Buffers);
            Network.RandomState = random;
            throw new InvalidDataException($"{path}: its optimizer or schedule state does not fit this trainer ({e.Message}); nothing was loaded.", e);
        }
        RestoreBest(contents);
        if (augmenter is { } a && Options.Augmentation is IRandomized randomized)
        {
            randomized.RandomState = a;
        }
        _run = run;
        _rng = Rng.FromState(rng);
        _reports.Clear();
        _reports.AddRange(reports);
    }

    private void RestoreBest(CheckpointContents contents)
    {
        if (_bestParameters is not null && contents.ExtraTensors.TryGetValue(BestParameters, out CheckpointTensor? best)
            && best.Data.Length == _bestParameters.Length)
        {
            best.Data.CopyTo(_bestParameters, 0);
            if (contents.ExtraTensors.TryGetValue(BestBuffers, out CheckpointTensor? bestBuffers) && bestBuffers.Data.Length == _bestBuffers!.Length)
            {
                bestBuffers.Data.CopyTo(_bestBuffers, 0);
            }
        }
    }

    private (long Step, float Rate) ReadOptimizer(string json, string path)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            string type = root.GetProperty("type").GetString()!;
            if (type != Optimizer.GetType().Name)
            {
                throw new InvalidDataException(
                    $"{path} was trained with {type} but this trainer uses {Optimizer.GetType().Name}; resume with the same optimizer, or load only the weights with Checkpoint.Load.");
            }
            int bits = int.Parse(root.GetProperty("lr").GetString()!, CultureInfo.InvariantCulture);
            return (root.GetProperty("step").GetInt64(), BitConverter.Int32BitsToSingle(bits));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: the optimizer state in the metadata is malformed ({e.Message}).", e);
        }
    }

    private IReadOnlyDictionary<string, double>? ReadSchedule(IReadOnlyDictionary<string, string> metadata, string path)
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
        try
        {
            using JsonDocument document = JsonDocument.Parse(json!);
            var state = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                state[property.Name] = BitConverter.Int64BitsToDouble(long.Parse(property.Value.GetString()!, CultureInfo.InvariantCulture));
            }
            return state;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: the schedule state in the metadata is malformed ({e.Message}).", e);
        }
    }

    // Each double as its 64 bits, so that the schedule resumes bit for bit.
    private static string ScheduleJson(IReadOnlyDictionary<string, double> state)
    {
        var text = new StringBuilder("{");
        foreach (KeyValuePair<string, double> entry in state)
        {
            if (text.Length > 1)
            {
                text.Append(',');
            }
            text.Append('"').Append(JsonEncodedText.Encode(entry.Key).ToString()).Append("\":\"")
                .Append(BitConverter.DoubleToInt64Bits(entry.Value).ToString(CultureInfo.InvariantCulture)).Append('"');
        }
        return text.Append('}').ToString();
    }
}
