using System;
using System.Collections.Generic;
using System.Text;

namespace NetGen.Compare;

/// <summary>How often a contender's iterations woke NetGen's worker pool: kernel calls that ran on more than one thread.</summary>
public sealed class PoolUse
{
    /// <summary>Parallel kernel calls counted so far.</summary>
    public long Runs { get; private set; }

    /// <summary>Iterations counted so far.</summary>
    public long Iterations { get; private set; }

    /// <summary>Parallel calls per iteration (NaN when the runtime does not count them).</summary>
    public double PerIteration => Runs < 0 || Iterations == 0 ? double.NaN : (double)Runs / Iterations;

    /// <summary>Adds <paramref name="iterations"/> that made <paramref name="runs"/> parallel calls.</summary>
    public void Add(long iterations, long runs)
    {
        Iterations += iterations;
        Runs = runs < 0 || Runs < 0 ? -1 : Runs + runs;
    }
}

/// <summary>
/// The check that NetGen's default thread count is never slower than one thread: every workload, timed with the
/// default <c>MaxDegree</c> and with 1 in turns, and the ratio of their medians (default speed over one thread's).
/// A ratio below <see cref="MinRatio"/> fails the run when the default woke the pool; where it did not, both ran the
/// same single-threaded code and the gap is the machine's noise, which is said instead.
/// </summary>
public sealed class ThreadsCheck
{
    /// <summary>The least speed of the default relative to one thread.</summary>
    public const double MinRatio = 0.97;

    private readonly List<string[]> _rows = new();

    /// <summary>Whether no workload failed.</summary>
    public bool Ok { get; private set; } = true;

    /// <summary>
    /// The rows: each workload's <c>..._1t</c> and <c>..._default</c> timings (seconds per iteration, so a ratio of
    /// speeds is one thread's median over the default's) and the default's pool use.
    /// </summary>
    public static ThreadsCheck Build(Measurements m)
    {
        var check = new ThreadsCheck();
        foreach ((string key, Timing one) in m.NetGen)
        {
            if (!key.EndsWith("_1t", StringComparison.Ordinal))
            {
                continue;
            }
            string id = key.Substring(0, key.Length - "_1t".Length);
            if (!m.NetGen.TryGetValue($"{id}_default", out Timing? defaults))
            {
                continue;
            }
            double ratio = one.MedianSeconds / defaults.MedianSeconds;
            double parallel = m.PoolUse.TryGetValue($"{id}_default", out PoolUse? use) ? use.PerIteration : double.NaN;
            string verdict;
            if (ratio >= MinRatio)
            {
                verdict = "ok";
            }
            else if (parallel == 0)
            {
                verdict = $"below {MinRatio}, but the default ran every call on one thread, as 1t did: noise";
            }
            else
            {
                verdict = "FAIL";
                check.Ok = false;
            }
            check._rows.Add(new[]
            {
                Label(id), Speed(id, defaults), Speed(id, one), $"{ratio:F2}x",
                double.IsNaN(parallel) ? "not counted" : $"{parallel:0.##}", verdict,
            });
        }
        return check;
    }

    /// <summary>
    /// One training step of every workload with the default thread count and with one thread, from the same weights
    /// and batch: the parameters must agree exactly (each element is computed by one thread in a fixed order). The
    /// first default step also measures NetGen's thread costs, printed here.
    /// </summary>
    public static void CheckParameters(Report report, Dictionary<string, (float[][] X, float[][] Y)> data)
    {
        if (ThreadControl.Default == 1)
        {
            Console.WriteLine("Threads: NetGen's default is one thread on this machine; nothing to compare.");
            return;
        }
        Console.WriteLine($"Threads: NetGen with its default thread count (MaxDegree {ThreadControl.Default}) vs one thread, same weights and batch.");
        foreach (Workload w in Workload.All)
        {
            (float[][] xs, float[][] ys) = data[w.Id];
            float[][] parameters = new float[2][];
            foreach (int degree in new[] { 1, ThreadControl.Default })
            {
                ThreadControl.Degree = degree;
                INetwork net = w.Create();
                net.TrainStep(xs[0], ys[0], w.MaxBatch, new NetGen.Optimizers.Sgd(Program.LearningRate));
                parameters[degree == 1 ? 0 : 1] = net.Parameters.ToArray();
            }
            ThreadControl.Degree = 1;
            string what = $"{w.Label} b{w.MaxBatch} parameters after one step, NetGen default threads vs 1";
            double diff = Program.MaxDiff(parameters[0], parameters[1]);
            bool ok = report.Check(what, diff) && diff == 0;
            report.ThreadsOk &= ok;
            Console.WriteLine($"  {(ok ? "ok  " : "FAIL")} {what}: max |diff| {diff:E2} (must be 0)");
        }
        Console.WriteLine($"  NetGen's measured thread costs: {ThreadControl.Costs}");
    }

    /// <summary>The table, as Markdown.</summary>
    public string Table()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Default threads (MaxDegree {ThreadControl.Default}, each call deciding) vs one thread (MaxDegree 1), the same workload in turns; "
            + $"at least {MinRatio}x required. NetGen's measured thread costs: {ThreadControl.Costs}.");
        sb.AppendLine();
        sb.AppendLine("| workload | default | 1 thread | default / 1t | parallel calls per iteration (default) | verdict |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (string[] row in _rows)
        {
            sb.AppendLine("| " + string.Join(" | ", row) + " |");
        }
        return sb.ToString();
    }

    // "mlp_train_b64" -> "MLP training b64"; "cnn_infer_b1" -> "CNN inference b1".
    private static string Label(string id)
    {
        string[] parts = id.Split('_');
        string net = Array.Find(Workload.All, w => w.Id == parts[0])?.Label ?? parts[0];
        return $"{net} {(parts[1] == "train" ? "training" : "inference")} {parts[2]}";
    }

    private static string Speed(string id, Timing t) =>
        id.Contains("_train_", StringComparison.Ordinal) ? $"{t.PerSecond:N0} steps/s ±{t.Spread * 50:F1}%" : $"{t.MedianSeconds * 1e6:F2} µs ±{t.Spread * 50:F1}%";
}
