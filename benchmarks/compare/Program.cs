using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime;
using System.Text;
using System.Text.Json;
using NetGen.Checkpoints;
using NetGen.Optimizers;

namespace NetGen.Compare;

/// <summary>
/// Measures NetGen, PyTorch and ONNX Runtime on the same workloads in one run, after checking that all three compute
/// the same outputs from the same weights, and prints one table row per performance target. See docs/benchmarks.md.
/// </summary>
public static class Program
{
    /// <summary>The learning rate of every training step (plain SGD, no momentum), NetGen's and PyTorch's.</summary>
    public const float LearningRate = 0.01f;

    /// <summary>Outputs and parameters must agree within this absolute difference.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>Training steps cycle through this many random batches (the same count on the PyTorch side).</summary>
    public const int BatchesInPool = 8;

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        ThreadControl.RecordDefault();
        Options? options = Options.Parse(args, out string message);
        if (options is null)
        {
            if (message == Options.Usage)
            {
                Console.WriteLine(message);
                return 0;
            }
            Console.Error.WriteLine(message);
            return 2;
        }
        if (options.Install && !Install())
        {
            return 1;
        }
        var report = new Report(options.Settings);
        try
        {
            return Run(options, report);
        }
        finally
        {
            if (options.Markdown is string path)
            {
                File.WriteAllText(path, report.ToMarkdown());
                Console.WriteLine($"Wrote {path}.");
            }
        }
    }

    private static int Run(Options options, Report report)
    {
        Directory.CreateDirectory(options.WorkDirectory);
        report.Config("CPU", MachineInfo.Cpu);
        report.Config("Logical processors", Environment.ProcessorCount.ToString());
        report.Config("Vectors", MachineInfo.VectorSupport);
        report.Config(".NET", MachineInfo.Runtime);
        report.Config("GC", $"{(GCSettings.IsServerGC ? "server" : "workstation")}, latency {GCSettings.LatencyMode}");
        report.Config("Priority", RaisePriority());
        report.Config("NetGen threads", ThreadControl.Available
            ? $"NetGen.Threading.Parallelism.MaxDegree = 1 (1t rows), 2 (2t rows), or left at its default, {ThreadControl.Default} (default rows: each kernel call decides)"
            : "this NetGen has no NetGen.Threading.Parallelism: single-threaded kernels, 2t rows not measured");
        report.Config("NetGen", MachineInfo.SourceRevision());
        report.Config("Measurement", $"median of {options.Settings.Repetitions} samples of ~{options.Settings.SampleSeconds:0.##} s, "
            + $"after at least {LocalContender.MinWarmupCalls} calls and {options.Settings.WarmupSeconds:0.##} s of warm-up; full GC before each sample; "
            + "the contenders of a row take turns, one sample each per round");

        // The peers: probe torch, and let the Python side check correctness and export ONNX before anything is timed.
        TorchRunner? torch = null;
        if (options.NoPeers)
        {
            report.Note("--no-peers: PyTorch and ONNX Runtime not measured.");
        }
        else
        {
            var candidate = new TorchRunner(options.Python);
            using JsonDocument? probe = candidate.Probe(out string reason);
            if (probe is null)
            {
                report.Note($"PyTorch and ONNX Runtime columns skipped: {reason}. Run with --install (apt-get install -y python3-torch libopenblas0-openmp, "
                    + "Debian 12) to measure them; ONNX Runtime needs the ONNX files PyTorch exports.");
            }
            else
            {
                torch = candidate;
                DescribeTorch(report, probe.RootElement);
                report.Config("ONNX Runtime", $"{OrtRunner.Version} (Microsoft.ML.OnnxRuntime for .NET, CPU provider), intra-op 1 thread, inter-op 1, sequential, ORT_ENABLE_ALL, IoBinding over pinned arrays");
            }
        }
        report.PrintConfig();

        var data = new Dictionary<string, (float[][] X, float[][] Y)>();
        foreach (Workload w in Workload.All)
        {
            data[w.Id] = MakeBatches(w, w.MaxBatch, seed: 100 + w.Id.Length);
        }

        bool torchOk = false, ortOk = false;
        if (torch is not null)
        {
            (torchOk, ortOk) = Check(options, torch, report);
        }
        if (ThreadControl.Available)
        {
            ThreadsCheck.CheckParameters(report, data);
        }

        CpuLoad? load = CpuLoad.Start();
        string loadBefore = CpuLoad.LoadAverage();
        Measurements m = MeasureAll(options, torch, data, torchOk, ortOk, report);
        double foreign = load?.ForeignShare() ?? double.NaN;
        report.ForeignShare = foreign;
        if (!double.IsNaN(foreign))
        {
            int retakes = 0, disturbed = 0;
            foreach (Timing t in m.All())
            {
                retakes += t.Retakes;
                disturbed += t.Disturbed;
            }
            report.Note($"Other processes used {foreign * 100:F1}% of the machine's CPU time during the run (load average {loadBefore} before, "
                + $"{CpuLoad.LoadAverage()} after). {retakes} samples were retaken because others used more than "
                + $"{options.Settings.QuietShare * 100:0.#}% of it during them ({Measure.WaitedSeconds:F0} s spent waiting); "
                + (disturbed == 0 ? "every kept sample ran on a quiet machine." : $"{disturbed} disturbed samples were kept when the waiting budget (--max-wait) ran out: those numbers are less reliable."));
        }
        report.Build(m, torchOk, ortOk, torch is not null);
        report.Print();
        return (torch is not null && (!torchOk || !ortOk)) || !report.ThreadsOk || !report.DefaultThreadsOk ? 1 : 0;
    }

    /// <summary>Writes checkpoints and fixed inputs, has PyTorch compute logits and one SGD step, compares them, then ORT.</summary>
    private static (bool Torch, bool Ort) Check(Options options, TorchRunner torch, Report report)
    {
        Console.WriteLine("Correctness: NetGen vs PyTorch vs ONNX Runtime, same weights and inputs.");
        ThreadControl.Degree = 1;
        string dir = options.WorkDirectory;
        var nets = new Dictionary<string, (INetwork Net, float[] X, float[] Y, float[] Logits)>();
        using var job = new MemoryStream();
        using (var json = new Utf8JsonWriter(job, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("lr", LearningRate);
            json.WriteStartArray("nets");
            foreach (Workload w in Workload.All)
            {
                INetwork net = w.Create();
                net.Training = false;
                (float[][] xs, float[][] ys) = MakeBatches(w, w.MaxBatch, seed: 7, count: 1);
                float[] logits = new float[w.MaxBatch * Workload.Classes];
                net.Forward(xs[0], logits, w.MaxBatch);
                string checkpoint = Path.Combine(dir, $"{w.Id}.safetensors");
                Checkpoint.Save(checkpoint, net);
                WriteFloats(Path.Combine(dir, $"{w.Id}-input.bin"), xs[0]);
                WriteFloats(Path.Combine(dir, $"{w.Id}-labels.bin"), ys[0]);
                nets[w.Id] = (net, xs[0], ys[0], logits);
                json.WriteStartObject();
                json.WriteString("name", w.Id);
                json.WriteNumber("batch", w.MaxBatch);
                json.WriteStartArray("input_shape");
                foreach (int d in w.SampleShape)
                {
                    json.WriteNumberValue(d);
                }
                json.WriteEndArray();
                json.WriteString("checkpoint", checkpoint);
                json.WriteString("input", Path.Combine(dir, $"{w.Id}-input.bin"));
                json.WriteString("labels", Path.Combine(dir, $"{w.Id}-labels.bin"));
                json.WriteString("after_step", Path.Combine(dir, $"{w.Id}-torch-after-step.safetensors"));
                if (w != Workload.MlpS)
                {
                    json.WriteString("onnx", Path.Combine(dir, $"{w.Id}.onnx"));
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        string jobPath = Path.Combine(dir, "check-job.json");
        File.WriteAllBytes(jobPath, job.ToArray());
        using JsonDocument result = torch.RunPhase("check", jobPath, Path.Combine(dir, "check-result.json"));

        bool torchOk = true, ortOk = true;
        foreach (Workload w in Workload.All)
        {
            (INetwork net, float[] x, float[] y, float[] logits) = nets[w.Id];
            JsonElement entry = result.RootElement.GetProperty("nets").GetProperty(w.Id);
            float[] torchLogits = ReadArray(entry.GetProperty("logits"));
            torchOk &= report.Check($"{w.Label} b{w.MaxBatch} logits, NetGen vs PyTorch", MaxDiff(logits, torchLogits));

            // One SGD step on each side from the same weights: the loss, and every parameter after the update.
            INetwork stepped = w.Create();
            float loss = stepped.TrainStep(x, y, w.MaxBatch, new Sgd(LearningRate));
            torchOk &= report.Check($"{w.Label} b{w.MaxBatch} loss of one training step", Math.Abs(loss - entry.GetProperty("loss").GetDouble()));
            INetwork fromTorch = w.Create();
            Checkpoint.Load(Path.Combine(dir, $"{w.Id}-torch-after-step.safetensors"), fromTorch);
            torchOk &= report.Check($"{w.Label} b{w.MaxBatch} parameters after one SGD step (lr {LearningRate})", MaxDiff(stepped.Parameters.ToArray(), fromTorch.Parameters.ToArray()));
            if (ThreadControl.Available)
            {
                // The 2t rows time the same step on two threads: it must compute the same parameters.
                ThreadControl.Degree = 2;
                INetwork two = w.Create();
                two.TrainStep(x, y, w.MaxBatch, new Sgd(LearningRate));
                ThreadControl.Degree = 1;
                report.ThreadsOk &= report.Check($"{w.Label} b{w.MaxBatch} parameters after one step, NetGen 2 threads vs 1", MaxDiff(stepped.Parameters.ToArray(), two.Parameters.ToArray()));
            }

            if (entry.TryGetProperty("onnx", out JsonElement onnx))
            {
                foreach (int batch in new[] { w.MaxBatch, 1 })
                {
                    using var ort = new OrtRunner(onnx.GetString()!, batch, w.SampleShape, Workload.Classes);
                    x.AsSpan(0, batch * w.SampleSize).CopyTo(ort.Input);
                    ort.Run();
                    float[] expected = new float[batch * Workload.Classes];
                    net.Forward(x.AsSpan(0, batch * w.SampleSize), expected, batch);
                    ortOk &= report.Check($"{w.Label} b{batch} logits, NetGen vs ONNX Runtime", MaxDiff(expected, ort.Output));
                }
            }
        }
        report.PrintChecks();
        return (torchOk, ortOk);
    }

    private static Measurements MeasureAll(
        Options options, TorchRunner? torch, Dictionary<string, (float[][] X, float[][] Y)> data, bool torchOk, bool ortOk, Report report)
    {
        MeasureSettings s = options.Settings;
        var m = new Measurements();
        Console.WriteLine();
        Console.WriteLine($"Timing: {s.Repetitions} rounds of ~{s.SampleSeconds:0.##} s samples; the contenders of each group take turns within a round.");

        using TorchServer? server = torch is not null && torchOk ? torch.Serve(WriteTimingJob(options)) : null;
        var disposables = new List<IDisposable>();
        try
        {
            // The peak: one thread, and two threads at once.
            using (FmaPeak.Parallel two = FmaPeak.Start(2))
            {
                Timing[] peak = Group(s,
                    (new LocalContender("FMA peak 1t", FmaPeak.Run), t => $"{FmaPeak.FlopsPerIteration / t.MedianSeconds / 1e9:F1} GFLOP/s"),
                    (new LocalContender("FMA peak 2t (together)", two.Run), t => $"{2 * FmaPeak.FlopsPerIteration / t.MedianSeconds / 1e9:F1} GFLOP/s"));
                (m.Peak1, m.Peak2) = (peak[0], peak[1]);
            }
            report.PeakKind = FmaPeak.Kind;
            m.WeightStream = Group(s, (new LocalContender("fc1 weight read from L2", WeightStream.Run),
                t => $"{t.MedianSeconds * 1e6:F2} us, {WeightStream.Bytes / t.MedianSeconds / 1e9:F0} GB/s"))[0];

            // Training: NetGen on one thread and on two, PyTorch on one.
            foreach (Workload w in Workload.All)
            {
                string id = $"{w.Id}_train_b{w.MaxBatch}";
                // With a default of 2 threads, the default rows are the 2t rows.
                bool separateTwo = ThreadControl.Default != 2;
                var use = new PoolUse();
                var group = new List<(Contender, Func<Timing, string>)>
                {
                    (Training(w, data[w.Id], threads: 1), Steps),
                };
                if (ThreadControl.Available)
                {
                    group.Add((Training(w, data[w.Id], ThreadControl.Default, use), Steps));
                    if (separateTwo)
                    {
                        group.Add((Training(w, data[w.Id], threads: 2), Steps));
                    }
                }
                if (server is not null)
                {
                    group.Add((new TorchContender(server, $"{id}_1t", $"PyTorch {w.Label} training b{w.MaxBatch} 1t"), Steps));
                }
                Timing[] t = Group(s, group.ToArray());
                m.NetGen[$"{id}_1t"] = t[0];
                if (ThreadControl.Available)
                {
                    m.NetGen[$"{id}_default"] = t[1];
                    m.PoolUse[$"{id}_default"] = use;
                    m.NetGen[$"{id}_2t"] = separateTwo ? t[2] : t[1];
                }
                if (server is not null)
                {
                    m.Torch[$"{id}_1t"] = t[^1];
                }
            }

            // Inference latency: NetGen, ONNX Runtime and PyTorch, one thread each.
            foreach ((Workload w, int batch) in InferenceCases)
            {
                string id = $"{w.Id}_infer_b{batch}_1t";
                var use = new PoolUse();
                var group = new List<(Contender, Func<Timing, string>)> { (Inference(w, data[w.Id].X[0], batch, threads: 1), Latency) };
                if (ThreadControl.Available)
                {
                    group.Add((Inference(w, data[w.Id].X[0], batch, ThreadControl.Default, use), Latency));
                }
                int peers = group.Count;
                if (torch is not null && ortOk)
                {
                    var ort = new OrtRunner(Path.Combine(options.WorkDirectory, $"{w.Id}.onnx"), batch, w.SampleShape, Workload.Classes);
                    disposables.Add(ort);
                    data[w.Id].X[0].AsSpan(0, batch * w.SampleSize).CopyTo(ort.Input);
                    group.Add((new LocalContender($"ONNX Runtime {w.Label} inference b{batch} 1t", n =>
                    {
                        for (long i = 0; i < n; i++)
                        {
                            ort.Run();
                        }
                    }), Latency));
                }
                if (server is not null)
                {
                    group.Add((new TorchContender(server, id, $"PyTorch {w.Label} inference b{batch} 1t"), Latency));
                }
                Timing[] t = Group(s, group.ToArray());
                m.NetGen[id] = t[0];
                if (ThreadControl.Available)
                {
                    m.NetGen[$"{w.Id}_infer_b{batch}_default"] = t[1];
                    m.PoolUse[$"{w.Id}_infer_b{batch}_default"] = use;
                }
                if (torch is not null && ortOk)
                {
                    m.Ort[id] = t[peers];
                }
                if (server is not null)
                {
                    m.Torch[id] = t[^1];
                }
            }
        }
        finally
        {
            foreach (IDisposable d in disposables)
            {
                d.Dispose();
            }
            ThreadControl.Degree = 1;
        }
        return m;
    }

    private static Timing[] Group(MeasureSettings s, params (Contender Contender, Func<Timing, string> Format)[] group)
    {
        var contenders = new Contender[group.Length];
        for (int i = 0; i < group.Length; i++)
        {
            contenders[i] = group[i].Contender;
        }
        Timing[] timings = Measure.Interleaved(contenders, s);
        for (int i = 0; i < group.Length; i++)
        {
            Timing t = timings[i];
            string alloc = double.IsNaN(t.BytesPerIteration) ? "" : $", {t.BytesPerIteration:0.#} B allocated/iter";
            string quiet = t.Retakes + t.Disturbed == 0 ? "" : $", {t.Retakes} retaken, {t.Disturbed} disturbed kept";
            Console.WriteLine($"  {contenders[i].Name,-40} {group[i].Format(t),16}  (spread {t.Spread * 100:F1}%, {t.Iterations} iter/sample{alloc}, "
                + $"others {t.ForeignShare * 100:F1}%{quiet})");
        }
        return timings;
    }

    private static string Steps(Timing t) => $"{t.PerSecond:F1} steps/s";

    private static string Latency(Timing t) => $"{t.MedianSeconds * 1e6:F2} us";

    /// <summary>Inference latencies: the two targets (MLP b1, CNN b64), and the other two for the record.</summary>
    private static readonly (Workload W, int Batch)[] InferenceCases =
    {
        (Workload.Mlp, 1), (Workload.Cnn, 64), (Workload.Mlp, 64), (Workload.Cnn, 1),
    };

    // A contender with `use` is the default thread count's, named so, and counts its parallel kernel calls.
    private static LocalContender Training(Workload w, (float[][] X, float[][] Y) data, int threads, PoolUse? use = null)
    {
        INetwork net = w.Create();
        var sgd = new Sgd(LearningRate);
        float[][] xs = data.X, ys = data.Y;
        int batch = w.MaxBatch;
        return new LocalContender($"NetGen {w.Label} training b{batch} {ThreadsTag(threads, use)}", n =>
        {
            long runs = ThreadControl.ParallelRuns;
            for (long i = 0; i < n; i++)
            {
                int k = (int)(i % BatchesInPool);
                net.TrainStep(xs[k], ys[k], batch, sgd);
            }
            use?.Add(n, ThreadControl.ParallelRuns - runs);
        }, () => ThreadControl.Degree = threads);
    }

    private static LocalContender Inference(Workload w, float[] x, int batch, int threads, PoolUse? use = null)
    {
        INetwork net = w.Create();
        net.Training = false;
        float[] output = new float[batch * Workload.Classes];
        // One input, as ONNX Runtime gets through its binding.
        float[] input = x.AsSpan(0, batch * w.SampleSize).ToArray();
        return new LocalContender($"NetGen {w.Label} inference b{batch} {ThreadsTag(threads, use)}", n =>
        {
            long runs = ThreadControl.ParallelRuns;
            for (long i = 0; i < n; i++)
            {
                net.Forward(input, output, batch);
            }
            use?.Add(n, ThreadControl.ParallelRuns - runs);
        }, () => ThreadControl.Degree = threads);
    }

    private static string ThreadsTag(int threads, PoolUse? use) => use is null ? $"{threads}t" : $"default (≤{threads}t)";

    private static string WriteTimingJob(Options options)
    {
        string dir = options.WorkDirectory;
        string jobPath = Path.Combine(dir, "time-job.json");
        using var stream = File.Create(jobPath);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("lr", LearningRate);
        json.WriteNumber("threads", 1);
        json.WriteNumber("batches_in_pool", BatchesInPool);
        json.WriteStartArray("timings");
        void Item(string id, Workload w, int batch, string kind)
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("net", w.Id);
            json.WriteString("kind", kind);
            json.WriteNumber("batch", batch);
            json.WriteString("checkpoint", Path.Combine(dir, $"{w.Id}.safetensors"));
            json.WriteStartArray("input_shape");
            foreach (int d in w.SampleShape)
            {
                json.WriteNumberValue(d);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        foreach (Workload w in Workload.All)
        {
            Item($"{w.Id}_train_b{w.MaxBatch}_1t", w, w.MaxBatch, "train");
        }
        foreach ((Workload w, int batch) in InferenceCases)
        {
            Item($"{w.Id}_infer_b{batch}_1t", w, batch, "infer");
        }
        json.WriteEndArray();
        json.WriteEndObject();
        return jobPath;
    }

    internal static (float[][] X, float[][] Y) MakeBatches(Workload w, int batch, int seed, int count = BatchesInPool)
    {
        var rng = new System.Random(seed);
        var xs = new float[count][];
        var ys = new float[count][];
        for (int k = 0; k < count; k++)
        {
            xs[k] = new float[batch * w.SampleSize];
            for (int i = 0; i < xs[k].Length; i++)
            {
                // Standard normal, as torch.randn: Box-Muller.
                double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
                xs[k][i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
            ys[k] = new float[batch];
            for (int i = 0; i < batch; i++)
            {
                ys[k][i] = rng.Next(Workload.Classes);
            }
        }
        return (xs, ys);
    }

    private static void WriteFloats(string path, float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the exchange files are little-endian floats");
        }
        File.WriteAllBytes(path, bytes);
    }

    private static float[] ReadArray(JsonElement array)
    {
        var values = new float[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement e in array.EnumerateArray())
        {
            values[i++] = (float)e.GetDouble();
        }
        return values;
    }

    /// <summary>The largest absolute difference between <paramref name="a"/> and <paramref name="b"/> (infinite for other lengths or a NaN).</summary>
    internal static double MaxDiff(float[] a, float[] b)
    {
        if (a.Length != b.Length)
        {
            return double.PositiveInfinity;
        }
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = Math.Abs((double)a[i] - b[i]);
            max = double.IsNaN(d) ? double.PositiveInfinity : Math.Max(max, d);
        }
        return max;
    }

    private static void DescribeTorch(Report report, JsonElement config)
    {
        JsonElement blas = config.GetProperty("blas");
        string mapped = string.Join(", ", EnumerateStrings(blas.GetProperty("mapped")));
        string core = blas.TryGetProperty("openblas_core", out JsonElement c) ? c.GetString() ?? "" : "";
        string blasConfig = blas.TryGetProperty("openblas_config", out JsonElement bc) ? bc.GetString() ?? "" : "";
        report.Config("PyTorch", $"{config.GetProperty("torch").GetString()} (Python {config.GetProperty("python").GetString()}), torch.set_num_threads(1), "
            + $"{CpuCapability(config)}, oneDNN (MKL-DNN) {(config.GetProperty("mkldnn").GetBoolean() ? "on" : "off")}");
        report.Config("BLAS", core.Length > 0
            ? $"OpenBLAS, core {core} ({blasConfig}); {mapped}"
            : $"not OpenBLAS: {(mapped.Length > 0 ? mapped : "no BLAS library mapped")}; PyTorch numbers will be slow (see docs/benchmarks.md)");
        JsonElement env = config.GetProperty("env");
        var sb = new StringBuilder();
        foreach (JsonProperty p in env.EnumerateObject())
        {
            sb.Append(sb.Length > 0 ? ", " : "").Append(p.Name).Append('=').Append(p.Value.GetString() is { Length: > 0 } v ? v : "(unset)");
        }
        report.Config("PyTorch environment", sb.ToString());
        string show = config.GetProperty("config_show").GetString() ?? "";
        foreach (string line in show.Split('\n'))
        {
            string t = line.Trim();
            if (t.StartsWith("- Build settings:", StringComparison.Ordinal))
            {
                int blasInfo = t.IndexOf("BLAS_INFO=", StringComparison.Ordinal);
                if (blasInfo >= 0)
                {
                    report.Config("torch.__config__.show()", t.Substring(blasInfo, Math.Max(0, t.IndexOf(',', blasInfo) - blasInfo)) + " (libblas.so.3, which Debian's alternatives point at OpenBLAS)");
                }
            }
        }
    }

    private static string CpuCapability(JsonElement config)
    {
        string capability = config.GetProperty("cpu_capability").GetString() ?? "";
        if (capability.Length == 0)
        {
            // torch 1.13 has no torch.backends.cpu; its build summary says "CPU capability usage: AVX2".
            foreach (string line in (config.GetProperty("config_show").GetString() ?? "").Split('\n'))
            {
                int at = line.IndexOf("CPU capability usage:", StringComparison.Ordinal);
                if (at >= 0)
                {
                    capability = line.Substring(at + "CPU capability usage:".Length).Trim();
                }
            }
        }
        return $"ATen CPU capability {(capability.Length > 0 ? capability : "unknown")}";
    }

    private static IEnumerable<string> EnumerateStrings(JsonElement array)
    {
        foreach (JsonElement e in array.EnumerateArray())
        {
            yield return e.GetString() ?? "";
        }
    }

    private static string RaisePriority()
    {
        try
        {
            using Process self = Process.GetCurrentProcess();
            self.PriorityClass = ProcessPriorityClass.High;
            return "raised to High (the PyTorch child process inherits it)";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or PlatformNotSupportedException or InvalidOperationException or UnauthorizedAccessException)
        {
            return $"normal (raising it failed: {e.Message})";
        }
    }

    private static bool Install()
    {
        bool root = Environment.IsPrivilegedProcess;
        string sudo = root ? "" : "sudo ";
        const string blas = "/usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3";
        const string lapack = "/usr/lib/x86_64-linux-gnu/openblas-openmp/liblapack.so.3";
        string command =
            $"{sudo}apt-get update && DEBIAN_FRONTEND=noninteractive {sudo}apt-get install -y python3-torch libopenblas0-openmp"
            // Debian's torch calls libblas.so.3: point it at OpenBLAS (auto mode already prefers it; this makes it explicit).
            + $" && if [ -e {blas} ]; then {sudo}update-alternatives --set libblas.so.3-x86_64-linux-gnu {blas}; fi"
            + $" && if [ -e {lapack} ]; then {sudo}update-alternatives --set liblapack.so.3-x86_64-linux-gnu {lapack}; fi";
        Console.WriteLine($"--install: {command}");
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        try
        {
            using Process p = Process.Start(info) ?? throw new InvalidOperationException("could not start /bin/sh");
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                Console.Error.WriteLine($"--install failed with exit code {p.ExitCode}; install python3-torch and libopenblas0-openmp by hand (Debian 12).");
                return false;
            }
            return true;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine($"--install: {e.Message}");
            return false;
        }
    }
}
