using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace Samples.Game;

/// <summary>The figures of one run, computed after the frame loop (where allocating is fine).</summary>
internal sealed class GameReport
{
    private readonly GameRun _game;
    private readonly GameOptions _options;
    private readonly TimeSpan _wall;
    private readonly long _threadBytes, _processBytes;
    private readonly int _collections;

    private GameReport(GameRun game, GameOptions options, TimeSpan wall, int collections, long threadBytes, long processBytes)
    {
        _game = game;
        _options = options;
        _wall = wall;
        _collections = collections;
        _threadBytes = threadBytes;
        _processBytes = processBytes;
        double[] ms = Array.ConvertAll(game.FrameTicks, t => t * 1000.0 / Stopwatch.Frequency);
        Array.Sort(ms);
        P50 = Percentile(ms, 0.50);
        P99 = Percentile(ms, 0.99);
        Max = ms[^1];
        FirstScore = game.Windows[0].Score;
        LastScore = game.Windows[^1].Score;
    }

    public double P50 { get; }
    public double P99 { get; }
    public double Max { get; }
    public int FirstScore { get; }
    public int LastScore { get; }

    /// <summary>No garbage collection during the run, and the agent scored more at the end than at the start.</summary>
    public bool Passed => _collections == 0 && LastScore > FirstScore;

    public string Verdict => Format(
        $"Score: first {GameRun.Window:N0} frames {FirstScore}, last {GameRun.Window:N0} frames {LastScore} ({(LastScore > FirstScore ? "rose" : "DID NOT RISE")}); p99 {(P99 <= _options.BudgetMilliseconds + 1 ? "within" : "OVER")} the budget + 1 ms; {(Passed ? "PASS" : "FAIL")}.");

    public static GameReport From(GameRun game, GameOptions options, TimeSpan wall, int collections, long threadBytes, long processBytes) =>
        new(game, options, wall, collections, threadBytes, processBytes);

    public void Print(TextWriter output)
    {
        output.WriteLine("frames           score  falls  agrees  training steps");
        int first = 1;
        foreach (WindowStats w in _game.Windows)
        {
            double agrees = w.Acted > 0 ? 100.0 * w.Agreed / w.Acted : 0;
            output.WriteLine(Format($"{first,6:N0}-{first + w.Frames - 1,-8:N0} {w.Score,6} {w.Falls,6} {agrees,6:0.0}% {w.Steps,15:N0}"));
            first += w.Frames;
        }
        long steps = _game.Trainer.TotalSteps;
        output.WriteLine(Format(
            $"Frame time (infer + simulate + train): p50 {P50:0.000} ms, p99 {P99:0.000} ms, max {Max:0.000} ms; {_wall.TotalSeconds:0.0} s for {_game.FrameTicks.Length:N0} frames."));
        output.WriteLine(Format(
            $"Training steps: {steps:N0} ({(double)steps / _game.FrameTicks.Length:0.0} a frame, batch {_game.Trainer.Options.BatchSize}), last loss {_game.Trainer.LastLoss:0.0000}, measured {_game.Trainer.EstimatedFlopsPerSecond / 1e9:0.00} GFLOP/s."));
        output.WriteLine(Format(
            $"Allocated during the run: {_threadBytes:N0} bytes on the game thread, {_processBytes:N0} bytes in the process."));
    }

    // The nearest-rank percentile of sorted values.
    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
