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

    public static (RunState Run, RngState Rng, RngState? Augmenter, List<EpochReport> Reports) Read(string json, string path)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            var run = new RunState
            {
                InProgress = root.GetProperty("in_progress").GetBoolean(),
                Stopped = root.GetProperty("stopped").GetBoolean(),
                Epoch = root.GetProperty("epoch").GetInt32(),
                Batch = root.GetProperty("batch").GetInt32(),
                EpochStart = ReadRng(root.GetProperty("epoch_start")),
                LossSum = Real(root.GetProperty("loss_sum")),
                Correct = root.GetProperty("correct").GetInt64(),
                Seen = root.GetProperty("seen").GetInt64(),
                Pending = root.GetProperty("pending").GetInt32(),
                Best = Real(root.GetProperty("best")),
                BadEpochs = root.GetProperty("bad_epochs").GetInt32(),
                BestEpoch = root.GetProperty("best_epoch").GetInt32(),
                OrderStale = true,
            };
            RngState? augmenter = root.TryGetProperty("augmentation", out JsonElement a) ? ReadRng(a) : null;
            var reports = new List<EpochReport>();
            foreach (JsonElement r in root.GetProperty("reports").EnumerateArray())
            {
                bool validated = r[7].GetBoolean();
                reports.Add(new EpochReport(
                    r[0].GetInt32(), r[1].GetInt32(), (float)Real(r[2]), (float)Real(r[3]),
                    validated ? (float)Real(r[4]) : null, validated ? (float)Real(r[5]) : null, TimeSpan.FromSeconds(r[6].GetDouble())));
            }
            return (run, ReadRng(root.GetProperty("shuffle")), augmenter, reports);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            throw new InvalidDataException(
                $"{path}: the trainer state in the checkpoint's metadata is malformed ({e.Message}); the file was not written by Trainer.SaveCheckpoint or has been edited.", e);
        }
    }

    private static void WriteRng(Utf8JsonWriter w, string name, RngState state)
    {
        w.WriteStartArray(name);
        w.WriteStringValue(state.Low.ToString(CultureInfo.InvariantCulture));
        w.WriteStringValue(state.High.ToString(CultureInfo.InvariantCulture));
        w.WriteEndArray();
    }

    private static RngState ReadRng(JsonElement e) =>
        new(ulong.Parse(e[0].GetString()!, CultureInfo.InvariantCulture), ulong.Parse(e[1].GetString()!, CultureInfo.InvariantCulture));

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

    private static double Real(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetDouble();
}
