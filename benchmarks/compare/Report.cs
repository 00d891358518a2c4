using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace NetGen.Compare;

/// <summary>Every timing of one run, keyed like <c>mlp_train_b64_1t</c> or <c>cnn_infer_b64_1t</c>.</summary>
public sealed class Measurements
{
    /// <summary>The FMA peak on one thread and on two at once (seconds per loop iteration).</summary>
    public Timing? Peak1 { get; set; }

    /// <summary>The FMA peak on two threads at once.</summary>
    public Timing? Peak2 { get; set; }

    /// <summary>One read of the MLP's first-layer weight from L2 (seconds per read): the floor of its batch-1 inference.</summary>
    public Timing? WeightStream { get; set; }

    /// <summary>NetGen's timings.</summary>
    public Dictionary<string, Timing> NetGen { get; } = new();

    /// <summary>ONNX Runtime's inference timings.</summary>
    public Dictionary<string, Timing> Ort { get; } = new();

    /// <summary>PyTorch's timings.</summary>
    public Dictionary<string, Timing> Torch { get; } = new();

    /// <summary>How often NetGen's default-thread contenders woke the worker pool, keyed like their timings.</summary>
    public Dictionary<string, PoolUse> PoolUse { get; } = new();

    /// <summary>Every timing.</summary>
    public IEnumerable<Timing> All()
    {
        foreach (Timing? t in new[] { Peak1, Peak2, WeightStream })
        {
            if (t is not null)
            {
                yield return t;
            }
        }
        foreach (Dictionary<string, Timing> d in new[] { NetGen, Ort, Torch })
        {
            foreach (Timing t in d.Values)
            {
                yield return t;
            }
        }
    }
}

/// <summary>Collects the configuration, the correctness checks and the measurements, and prints them as Markdown tables.</summary>
public sealed class Report
{
    private readonly MeasureSettings _settings;
    private readonly List<(string Key, string Value)> _config = new();
    private readonly List<(string What, double Diff, bool Ok)> _checks = new();
    private readonly List<string> _notes = new();
    private readonly List<string[]> _rows = new();
    private readonly List<string[]> _record = new();
    private ThreadsCheck? _threads;

    /// <summary>Creates an empty report.</summary>
    public Report(MeasureSettings settings) => _settings = settings;

    /// <summary>Whether NetGen's two-thread step computed what its one-thread step did (or was not checked).</summary>
    public bool ThreadsOk { get; set; } = true;

    /// <summary>Whether the default thread count was, for every workload, at least <see cref="ThreadsCheck.MinRatio"/> of one thread's speed.</summary>
    public bool DefaultThreadsOk => _threads?.Ok ?? true;

    /// <summary>The share of CPU time other processes used while timing (NaN when unknown).</summary>
    public double ForeignShare { get; set; } = double.NaN;

    /// <summary>What the FMA peak loop used.</summary>
    public string PeakKind { get; set; } = "";

    /// <summary>Adds a configuration line.</summary>
    public void Config(string key, string value) => _config.Add((key, value));

    /// <summary>Adds a note printed under the tables.</summary>
    public void Note(string note) => _notes.Add(note);

    /// <summary>Records a comparison; returns whether <paramref name="diff"/> is within <see cref="Program.Tolerance"/>.</summary>
    public bool Check(string what, double diff)
    {
        bool ok = diff <= Program.Tolerance;
        _checks.Add((what, diff, ok));
        return ok;
    }

    /// <summary>Prints the configuration.</summary>
    public void PrintConfig()
    {
        Console.WriteLine("Configuration:");
        foreach ((string key, string value) in _config)
        {
            Console.WriteLine($"  {key}: {value}");
        }
        Console.WriteLine();
    }

    /// <summary>Prints the correctness checks.</summary>
    public void PrintChecks()
    {
        foreach ((string what, double diff, bool ok) in _checks)
        {
            Console.WriteLine($"  {(ok ? "ok  " : "FAIL")} {what}: max |diff| {diff:E2} (tolerance {Program.Tolerance:E0})");
        }
    }

    /// <summary>Turns the measurements into the target table and the full record.</summary>
    public void Build(Measurements m, bool torchOk, bool ortOk, bool peersPresent)
    {
        string torchMissing = peersPresent ? "PyTorch outputs differ: not compared" : "PyTorch not measured";
        string ortMissing = peersPresent ? "ONNX Runtime outputs differ: not compared" : "ONNX Runtime not measured";
        double peak1 = m.Peak1 is null ? double.NaN : FmaPeak.FlopsPerIteration / m.Peak1.MedianSeconds / 1e9;
        double peak2 = m.Peak2 is null ? double.NaN : 2 * FmaPeak.FlopsPerIteration / m.Peak2.MedianSeconds / 1e9;

        if (peak2 / peak1 < 1.7 && !(ForeignShare > 0.05))
        {
            _notes.Add($"The FMA peak itself scales only {peak2 / peak1:F2}x from one thread to two here: the two threads share execution units "
                + "(SMT siblings, or a virtual machine whose vCPUs do), so a 2t vs 1t target of 1.7x cannot be met on this machine.");
        }

        // What the targets ask of this machine, from its own peak and memory figures: a target above what the hardware
        // can do is said so, with the arithmetic.
        if (torchOk && m.Torch.TryGetValue("mlp_train_b64_1t", out Timing? torchMlp))
        {
            double needed = 3 * torchMlp.PerSecond * Workload.DenseTrainingFlops(64, 784, 128, 10) / 1e9;
            if (needed > peak1)
            {
                _notes.Add($"MLP training 3x PyTorch needs {3 * torchMlp.PerSecond:N0} steps/s x {Workload.DenseTrainingFlops(64, 784, 128, 10) / 1e6:F1} MFLOP = "
                    + $"{needed:F0} GFLOP/s, {100 * needed / peak1:F0}% of the one-core FMA peak ({peak1:F1}): not attainable on this machine.");
            }
        }
        if (ortOk && m.WeightStream is not null && m.Ort.TryGetValue("mlp_infer_b1_1t", out Timing? ortMlp) && m.WeightStream.MedianSeconds > 0.5 * ortMlp.MedianSeconds)
        {
            _notes.Add($"MLP inference b1 at half ONNX Runtime's latency must finish in {0.5 * ortMlp.MedianSeconds * 1e6:F2} us, but reading fc1's weight "
                + $"({WeightStream.Bytes:N0} bytes, from L2) alone takes {m.WeightStream.MedianSeconds * 1e6:F2} us here "
                + $"({WeightStream.Bytes / m.WeightStream.MedianSeconds / 1e9:F0} GB/s): not attainable on this machine.");
        }
        if (ortOk && m.Ort.TryGetValue("cnn_infer_b64_1t", out Timing? ortCnn))
        {
            double needed = 64 * Workload.CnnForwardFlops / (0.5 * ortCnn.MedianSeconds) / 1e9;
            _notes.Add($"CNN inference b64 at half ONNX Runtime's latency needs {needed:F0} GFLOP/s of its convolutions and dense layer, "
                + $"{100 * needed / peak1:F0}% of the one-core FMA peak ({peak1:F1}).");
        }

        void Training(Workload w, double target)
        {
            string id = $"{w.Id}_train_b{w.MaxBatch}_1t";
            Timing ng = m.NetGen[id];
            string label = $"{w.Label} training b{w.MaxBatch} 1t";
            if (torchOk && m.Torch.TryGetValue(id, out Timing? pt))
            {
                double r = ng.PerSecond / pt.PerSecond;
                _rows.Add(new[] { label, Steps(ng), $"PyTorch {Steps(pt)}", $"{r:F2}x", $"≥ {target:0.#}x PyTorch", Met(r >= target) });
            }
            else
            {
                _rows.Add(new[] { label, Steps(ng), torchMissing, "-", $"≥ {target:0.#}x PyTorch", "-" });
            }
        }

        Training(Workload.Mlp, 3);
        {
            Timing ng = m.NetGen["mlp_train_b64_1t"];
            double gflops = Workload.DenseTrainingFlops(64, 784, 128, 10) / ng.MedianSeconds / 1e9;
            double percent = 100 * gflops / peak1;
            _rows.Add(new[]
            {
                "MLP training b64 1t, FLOP rate", $"{gflops:F1} GFLOP/s", $"FMA peak {peak1:F1} GFLOP/s", $"{percent:F0}% of peak", "≥ 60% of peak", Met(percent >= 60),
            });
        }
        Training(Workload.Cnn, 5);
        Training(Workload.MlpS, 5);

        void Inference(Workload w, int batch)
        {
            string id = $"{w.Id}_infer_b{batch}_1t";
            Timing ng = m.NetGen[id];
            string label = $"{w.Label} inference b{batch} 1t";
            if (ortOk && m.Ort.TryGetValue(id, out Timing? ort))
            {
                double r = ng.MedianSeconds / ort.MedianSeconds;
                _rows.Add(new[] { label, Latency(ng), $"ONNX Runtime {Latency(ort)}", $"{r:F2}x the latency", "≤ 0.5x ONNX Runtime", Met(r <= 0.5) });
            }
            else
            {
                _rows.Add(new[] { label, Latency(ng), ortMissing, "-", "≤ 0.5x ONNX Runtime", "-" });
            }
        }

        Inference(Workload.Mlp, 1);
        Inference(Workload.Cnn, 64);

        foreach (Workload w in new[] { Workload.Mlp, Workload.Cnn })
        {
            string label = $"{w.Label} training b{w.MaxBatch} 2t vs 1t";
            Timing one = m.NetGen[$"{w.Id}_train_b{w.MaxBatch}_1t"];
            if (!ThreadsOk)
            {
                _rows.Add(new[] { label, "2 threads compute other parameters than 1: not compared", $"NetGen {Steps(one)} (1t)", "-", "≥ 1.7x", "-" });
            }
            else if (m.NetGen.TryGetValue($"{w.Id}_train_b{w.MaxBatch}_2t", out Timing? two))
            {
                double r = two.PerSecond / one.PerSecond;
                _rows.Add(new[] { label, $"{Steps(two)} (2t)", $"NetGen {Steps(one)} (1t)", $"{r:F2}x", "≥ 1.7x", Met(r >= 1.7) });
            }
            else
            {
                _rows.Add(new[] { label, "not measured: no NetGen.Threading.Parallelism", $"NetGen {Steps(one)} (1t)", "-", "≥ 1.7x", "-" });
            }
        }

        _threads = ThreadControl.Available ? ThreadsCheck.Build(m) : null;

        // The record: every number, with its spread.
        _record.Add(new[] { "FMA peak 1t", Gflops(m.Peak1, peak1), "", "" });
        _record.Add(new[] { "FMA peak 2t (both threads together)", Gflops(m.Peak2, peak2), "", "" });
        if (m.WeightStream is not null)
        {
            _record.Add(new[] { "fc1 weight read from L2 (401 KB)", $"{m.WeightStream.MedianSeconds * 1e6:F2} us ({WeightStream.Bytes / m.WeightStream.MedianSeconds / 1e9:F0} GB/s)", "", "" });
        }
        foreach (int t in new[] { 1, 2 })
        {
            foreach (Workload w in Workload.All)
            {
                string id = $"{w.Id}_train_b{w.MaxBatch}_{t}t";
                if (m.NetGen.ContainsKey(id) || m.Torch.ContainsKey(id))
                {
                    _record.Add(new[]
                    {
                        $"{w.Label} training b{w.MaxBatch} {t}t (steps/s)",
                        Cell(m.NetGen, id, Steps), Cell(m.Torch, id, Steps), "",
                    });
                }
            }
        }
        foreach (string id in m.NetGen.Keys.Where(k => k.Contains("_infer_", StringComparison.Ordinal) && k.EndsWith("_1t", StringComparison.Ordinal)))
        {
            string[] parts = id.Split('_');
            string label = Workload.All.First(w => w.Id == parts[0]).Label;
            _record.Add(new[]
            {
                $"{label} inference {parts[2]} 1t (latency)",
                Cell(m.NetGen, id, Latency), Cell(m.Torch, id, Latency), Cell(m.Ort, id, Latency),
            });
        }
    }

    /// <summary>Prints the tables and notes.</summary>
    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine(Tables());
    }

    /// <summary>The whole report as Markdown.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine("### Configuration").AppendLine();
        foreach ((string key, string value) in _config)
        {
            sb.AppendLine($"- {key}: {value}");
        }
        sb.AppendLine().AppendLine("### Correctness").AppendLine();
        foreach ((string what, double diff, bool ok) in _checks)
        {
            sb.AppendLine($"- {(ok ? "ok" : "**FAIL**")}: {what}, max |diff| {diff.ToString("E2", CultureInfo.InvariantCulture)}");
        }
        sb.AppendLine().Append(Tables());
        return sb.ToString();
    }

    private string Tables()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| workload | NetGen | peer | ratio | target | met? |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (string[] row in _rows)
        {
            sb.AppendLine("| " + string.Join(" | ", row) + " |");
        }
        sb.AppendLine();
        sb.AppendLine($"All measurements (median of {_settings.Repetitions}; ± is half the min-max range relative to the median):");
        sb.AppendLine();
        sb.AppendLine("| measurement | NetGen | PyTorch | ONNX Runtime |");
        sb.AppendLine("|---|---|---|---|");
        foreach (string[] row in _record)
        {
            sb.AppendLine("| " + string.Join(" | ", row) + " |");
        }
        if (_threads is not null)
        {
            sb.AppendLine().Append(_threads.Table());
        }
        if (PeakKind.Length > 0)
        {
            sb.AppendLine().AppendLine($"FMA peak loop: {PeakKind}. MLP FLOPs per b64 step: {Workload.DenseTrainingFlops(64, 784, 128, 10):N0} (forward, weight-gradient and input-gradient GEMMs, no input gradient for fc1).");
        }
        foreach (string note in _notes)
        {
            sb.AppendLine().AppendLine(note);
        }
        return sb.ToString();
    }

    private static string Met(bool met) => met ? "yes" : "no";

    private static string Steps(Timing t) => $"{t.PerSecond:N0} steps/s";

    private static string Latency(Timing t) =>
        t.MedianSeconds < 1e-3 ? $"{t.MedianSeconds * 1e6:F1} µs" : $"{t.MedianSeconds * 1e3:F3} ms";

    private static string Gflops(Timing? t, double value) => t is null ? "-" : $"{value:F1} GFLOP/s ±{t.Spread * 50:F1}%{Disturbed(t)}";

    private static string Cell(Dictionary<string, Timing> timings, string id, Func<Timing, string> format) =>
        timings.TryGetValue(id, out Timing? t) ? $"{format(t)} ±{t.Spread * 50:F1}%{Disturbed(t)}" : "-";

    private static string Disturbed(Timing t) => t.Disturbed == 0 ? "" : $" ({t.Disturbed} of {t.Repetitions} disturbed)";
}
