using System;
using System.Diagnostics;
using System.Threading;
using NetGen.Data;
using NetGen.Training;
using Spectre.Console;

namespace NetGen.Reporting;

/// <summary>
/// Runs <see cref="Trainer.Fit"/> under a live console progress bar (Spectre.Console) showing the epoch, loss,
/// accuracy, throughput and time remaining, and prints each epoch's report above it.
/// </summary>
public static class ConsoleTraining
{
    /// <summary>
    /// Trains like <see cref="Trainer.Fit"/>, showing progress and printing every <paramref name="printEvery"/>-th
    /// epoch's report (and the last); returns the history.
    /// </summary>
    public static TrainingHistory Fit(
        Trainer trainer, DataSet train, DataSet? validation = null, Action<EpochReport>? onEpoch = null,
        int printEvery = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        TrainingHistory? history = null;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("training", maxValue: 1.0);
                var bar = new BarProgress(task);
                history = trainer.Fit(train, validation, report =>
                {
                    if (report.Epoch % Math.Max(printEvery, 1) == 0 || report.Epoch == report.Epochs)
                    {
                        AnsiConsole.WriteLine(report.ToString());
                    }
                    onEpoch?.Invoke(report);
                }, bar, cancellationToken);
                task.Value = 1.0;
            });
        return history!;
    }

    // Updates the bar at most ten times a second: redrawing after every mini-batch would cost more than the batch.
    private sealed class BarProgress : IProgress<TrainingProgress>
    {
        private readonly ProgressTask _task;
        private long _lastUpdate;

        public BarProgress(ProgressTask task) => _task = task;

        public void Report(TrainingProgress value)
        {
            long now = Stopwatch.GetTimestamp();
            if (value.Batch != value.Batches && Stopwatch.GetElapsedTime(_lastUpdate, now).TotalMilliseconds < 100)
            {
                return;
            }
            _lastUpdate = now;
            _task.Value = value.Fraction;
            string accuracy = float.IsNaN(value.Accuracy) ? "" : $" acc {value.Accuracy:0.000}";
            _task.Description = Markup.Escape(
                $"epoch {value.Epoch}/{value.Epochs}  loss {value.Loss:0.0000}{accuracy}  {value.SamplesPerSecond:N0} samples/s");
        }
    }
}
