using System;
using System.Diagnostics;

namespace NetGen.Training;

/// <summary>Times a <see cref="Trainer.Fit"/> call and turns its position into a <see cref="TrainingProgress"/>.</summary>
internal readonly struct RunClock
{
    private readonly long _started;
    private readonly double _startFraction; // of the run, when this call began (a resumed run starts part-way)
    private readonly int _epochs;

    public RunClock(long started, RunState run, int epochs, int batches)
    {
        _started = started;
        _epochs = epochs;
        Batches = batches;
        _startFraction = (run.Epoch + (double)run.Batch / batches) / epochs;
    }

    public int Batches { get; }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public TrainingProgress Progress(RunState run, float learningRate, INetwork network)
    {
        TimeSpan elapsed = Elapsed;
        double fraction = (run.Epoch + (double)run.Batch / Batches) / _epochs;
        double done = fraction - _startFraction;
        TimeSpan remaining = done > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds / done * (1 - fraction)) : TimeSpan.Zero;
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        return new TrainingProgress(
            run.Epoch + 1, _epochs, run.Batch, Batches,
            (float)(run.LossSum / Math.Max(run.Seen, 1)),
            BatchAccuracy.Accuracy(run.Correct, Math.Max(run.Seen, 1), network.OutputSize, network.Loss),
            learningRate, done * _epochs * Batches * AverageBatch(run) / seconds, elapsed, remaining);
    }

    // Samples per mini-batch so far this epoch, for the throughput.
    private static double AverageBatch(RunState run) => run.Batch > 0 ? (double)run.Seen / run.Batch : 0;
}
