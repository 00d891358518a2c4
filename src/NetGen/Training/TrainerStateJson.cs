using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using NetGen.Random;

namespace NetGen.Training;

/// <summary>
/// The trainer's own state in a training checkpoint, as JSON in the safetensors metadata: the run's position, the
/// shuffle generator, the epoch's running sums, early stopping and the reports so far. Written with
/// <see cref="Utf8JsonWriter"/> (no reflection); 64-bit generator words and non-finite numbers are strings, so
/// every value round-trips exactly.
/// </summary>
internal static class TrainerStateJson
{
    public static string Write(RunState run, RngState rng, RngState? augmenter, IReadOnlyList<EpochReport> reports)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteBoolean("in_progress", run.InProgress);
            w.WriteBoolean("stopped", run.Stopped);
            w.WriteNumber("epoch", run.Epoch);
            w.WriteNumber("batch", run.Batch);
            WriteRng(w, "epoch_start", run.EpochStart);
            WriteRng(w, "shuffle", rng);
            if (augmenter is { } a)
            {
                WriteRng(w, "augmentation", a);
            }
            Real(w, "loss_sum", run.LossSum);
            w.WriteNumber("correct", run.Correct);
            w.WriteNumber("seen", run.Seen);
            w.WriteNumber("pending", run.Pending);
            Real(w, "best", run.Best);
            w.WriteNumber("bad_epochs", run.BadEpochs);
            w.WriteNumber("best_epoch", run.BestEpoch);
            w.WriteStartArray("reports");
            foreach (EpochReport r in reports)
            {
                w.WriteStartArray();
                w.WriteNumberValue(r.Epoch);
                w.WriteNumberValue(r.Epochs);
                RealValue(w, r.TrainLoss);
                RealValue(w, r.TrainAccuracy);
                RealValue(w, r.ValidationLoss ?? double.NaN);
                RealValue(w, r.ValidationAccuracy ?? double.NaN);
                w.WriteNumberValue(r.Elapsed.TotalSeconds);
                w.WriteBooleanValue(r.ValidationLoss is not null);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Reads the state <see cref="Write"/> wrote, checking every field's type and range and the fields' agreement with
    /// each other (the checks that need the trainer's options are the caller's).
    /// </summary>
    /// <exception cref="InvalidDataException">A field is missing, malformed, out of range or contradicts another; the message names it.</exception>
    public static (RunState Run, RngState Rng, RngState? Augmenter, List<EpochReport> Reports) Read(string json, string path, string key)
    {
        var reader = new MetadataJson(path, key);
        using JsonDocument document = reader.Parse(json);
        JsonElement root = document.RootElement;
        var run = new RunState
        {
            InProgress = reader.Bool(root, "in_progress"),
            Stopped = reader.Bool(root, "stopped"),
            Epoch = reader.Int(root, "epoch", 0, int.MaxValue),
            Batch = reader.Int(root, "batch", 0, int.MaxValue),
            EpochStart = reader.Rng(root, "epoch_start"),
            LossSum = reader.Real(root, "loss_sum", finite: true),
            Correct = reader.Long(root, "correct", 0, long.MaxValue),
            Seen = reader.Long(root, "seen", 0, long.MaxValue),
            Pending = reader.Int(root, "pending", 0, int.MaxValue),
            Best = reader.Real(root, "best", finite: false),
            BadEpochs = reader.Int(root, "bad_epochs", 0, int.MaxValue),
            BestEpoch = reader.Int(root, "best_epoch", 0, int.MaxValue),
            OrderStale = true,
        };
        RngState? augmenter = root.TryGetProperty("augmentation", out _) ? reader.Rng(root, "augmentation") : null;
        List<EpochReport> reports = ReadReports(reader, reader.Field(root, "reports"));
        CheckAgreement(reader, run, reports.Count);
        return (run, reader.Rng(root, "shuffle"), augmenter, reports);
    }

    private static List<EpochReport> ReadReports(MetadataJson reader, JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw reader.Error($"'reports' is a JSON {array.ValueKind}, not an array");
        }
        var reports = new List<EpochReport>();
        foreach (JsonElement r in array.EnumerateArray())
        {
            string name = $"reports[{reports.Count}]";
            if (r.ValueKind != JsonValueKind.Array || r.GetArrayLength() != 8 || r[7].ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw reader.Error($"'{name}' is not an array of 8 fields (epoch, epochs, four figures, seconds, validated)");
            }
            int epoch = (int)reader.Whole(r[0], name + "[0]", reports.Count + 1, reports.Count + 1);
            int epochs = (int)reader.Whole(r[1], name + "[1]", 1, int.MaxValue);
            double seconds = reader.Real(r[6], name + "[6]");
            if (!(seconds >= 0 && seconds <= TimeSpan.MaxValue.TotalSeconds))
            {
                throw reader.Error($"'{name}[6]' is {seconds}, not a duration in seconds");
            }
            bool validated = r[7].GetBoolean();
            reports.Add(new EpochReport(
                epoch, epochs, (float)reader.Real(r[2], name + "[2]"), (float)reader.Real(r[3], name + "[3]"),
                validated ? (float)reader.Real(r[4], name + "[4]") : null, validated ? (float)reader.Real(r[5], name + "[5]") : null,
                TimeSpan.FromSeconds(seconds)));
        }
        return reports;
    }

    // What a run's counters always satisfy (see Trainer.Fit and EndEpoch): one report per finished epoch, the best epoch
    // among them, and nothing counted at the start of an epoch.
    private static void CheckAgreement(MetadataJson reader, RunState run, int reports)
    {
        if (reports != run.Epoch)
        {
            throw reader.Error($"has 'epoch' {run.Epoch} but {reports} reports; a run reports each finished epoch once");
        }
        if (run.BestEpoch > run.Epoch || run.BadEpochs > run.Epoch)
        {
            throw reader.Error($"has 'best_epoch' {run.BestEpoch} and 'bad_epochs' {run.BadEpochs} after {run.Epoch} epochs; neither can pass the epoch count");
        }
        if (run.BestEpoch > 0 && double.IsNaN(run.Best))
        {
            throw reader.Error($"has 'best_epoch' {run.BestEpoch} but its 'best' figure is NaN");
        }
        if (run.Batch == 0 && (run.Seen != 0 || run.Correct != 0 || run.Pending != 0 || run.LossSum != 0))
        {
            throw reader.Error("counts samples ('seen', 'correct', 'loss_sum') or pending gradients at the start of an epoch ('batch' 0)");
        }
    }

    private static void WriteRng(Utf8JsonWriter w, string name, RngState state)
    {
        w.WriteStartArray(name);
        w.WriteStringValue(state.Low.ToString(CultureInfo.InvariantCulture));
        w.WriteStringValue(state.High.ToString(CultureInfo.InvariantCulture));
        w.WriteEndArray();
    }

    private static void Real(Utf8JsonWriter w, string name, double value)
    {
        w.WritePropertyName(name);
        RealValue(w, value);
    }

    private static void RealValue(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumberValue(value);
        }
        else
        {
            w.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }
}
