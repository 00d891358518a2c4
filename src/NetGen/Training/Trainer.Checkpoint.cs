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
    private const string TrainerPrefix = "trainer.";
    private const string BestParameters = "trainer.best_parameters";
    private const string BestBuffers = "trainer.best_buffers";
    private const string PendingGradients = "trainer.pending_gradients";

    /// <summary>
    /// Writes a full training checkpoint, atomically: the network's parameters and buffers (PyTorch names, readable as
    /// a plain weights file), the optimizer's state, the schedule's position, every random generator's state, the
    /// epoch, the position in the data and any gradients accumulated toward the next update, so that
    /// <see cref="LoadCheckpoint"/> and <see cref="Fit"/> continue with bit-identical losses to an uninterrupted run on
    /// the same machine.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="extras">
    /// More tensors and metadata to keep with the run, such as the preprocessing
    /// (<see cref="NetGen.Data.Standardizer.SaveTo"/>), or null. Tensor names may not start with <c>optimizer.</c> or
    /// <c>trainer.</c>, nor metadata keys be the trainer's own (<c>netgen.trainer</c>, <c>netgen.optimizer</c>, <c>netgen.schedule</c>).
    /// </param>
    /// <exception cref="ArgumentException">An extra uses one of the trainer's names, or a parameter is not finite.</exception>
    public void SaveCheckpoint(string path, CheckpointExtras? extras = null)
    {
        var all = new CheckpointExtras();
        foreach (OptimizerStateTensor tensor in Optimizer.StateTensors)
        {
            all.AddTensor(OptimizerPrefix + tensor.Name, tensor.Values);
        }
        if (_bestParameters is not null && _run.BestEpoch > 0)
        {
            all.AddTensor(BestParameters, _bestParameters);
            if (_bestBuffers!.Length > 0)
            {
                all.AddTensor(BestBuffers, _bestBuffers);
            }
        }
        if (_run.Pending > 0)
        {
            all.AddTensor(PendingGradients, Network.Gradients); // accumulated micro-batches not yet applied
        }
        RngState? augmenter = (Options.Augmentation as IRandomized)?.RandomState;
        all.SetMetadata(TrainerKey, TrainerStateJson.Write(_run, _rng.State, augmenter, _reports));
        all.SetMetadata(OptimizerKey, string.Create(CultureInfo.InvariantCulture,
            $"{{\"type\":\"{Optimizer.GetType().Name}\",\"step\":{Optimizer.StepCount},\"lr\":\"{BitConverter.SingleToInt32Bits(Optimizer.LearningRate)}\"}}"));
        if (Options.Schedule is { } schedule)
        {
            all.SetMetadata(ScheduleKey, ScheduleJson(schedule.SaveState()));
        }
        AddUserExtras(all, extras);
        Checkpoint.Save(path, Network, all);
    }

    /// <summary>
    /// Restores a checkpoint written by <see cref="SaveCheckpoint"/> into this trainer, its network, optimizer,
    /// schedule and augmentation; the next <see cref="Fit"/> continues the run where it stopped. The file is read once,
    /// and everything in it is checked before anything changes: on error the exception names the problem, and the
    /// network, optimizer, schedule, generators and counters are exactly as they were.
    /// </summary>
    /// <param name="path">A file written by <see cref="SaveCheckpoint"/>.</param>
    /// <returns>The file's metadata and extra tensors, with the extras given to <see cref="SaveCheckpoint"/> (preprocessing...).</returns>
    /// <exception cref="InvalidDataException">
    /// The file is corrupt, belongs to another architecture, holds only weights, holds training state that is
    /// malformed or contradicts itself, or its optimizer, schedule, augmentation, batch size or early stopping differ
    /// from this trainer's.
    /// </exception>
    public CheckpointContents LoadCheckpoint(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        StagedCheckpoint file = Checkpoint.Stage(path, Network, requireSameArchitecture: true);
        ResumeState resume = StageResume(file);
        ApplyResume(file, resume);
        return file.Contents;
    }

    private static void AddUserExtras(CheckpointExtras all, CheckpointExtras? extras)
    {
        if (extras is null)
        {
            return;
        }
        foreach (CheckpointTensor tensor in extras.Tensors)
        {
            if (tensor.Name.StartsWith(OptimizerPrefix, StringComparison.Ordinal) || tensor.Name.StartsWith(TrainerPrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Extra tensor '{tensor.Name}' uses a prefix the trainer keeps for its own state ('{OptimizerPrefix}', '{TrainerPrefix}'); choose another name.",
                    nameof(extras));
            }
            all.AddTensor(tensor.Name, tensor.Data, tensor.Shape);
        }
        foreach (KeyValuePair<string, string> item in extras.Metadata)
        {
            if (item.Key is TrainerKey or OptimizerKey or ScheduleKey)
            {
                throw new ArgumentException($"Metadata key '{item.Key}' holds the trainer's own state; choose another key.", nameof(extras));
            }
            all.SetMetadata(item.Key, item.Value);
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
