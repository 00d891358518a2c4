using System;
using System.Globalization;

namespace NetGen.Training;

/// <summary>
/// Where a <see cref="Trainer.Fit"/> run is, reported after every mini-batch to an <see cref="IProgress{T}"/> (a
/// struct, so reporting allocates nothing): for progress bars and logs.
/// </summary>
/// <param name="Epoch">The epoch in progress, from 1.</param>
/// <param name="Epochs">The epochs in the run.</param>
/// <param name="Batch">Mini-batches done in this epoch, from 1.</param>
/// <param name="Batches">Mini-batches in an epoch.</param>
/// <param name="Loss">The mean training loss of this epoch so far.</param>
/// <param name="Accuracy">The training accuracy of this epoch so far; NaN for regression.</param>
/// <param name="LearningRate">The learning rate of the last update.</param>
/// <param name="SamplesPerSecond">Training samples per second since the run started.</param>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="Remaining">The estimated time to the end of the run, from the pace so far (validation included).</param>
public readonly record struct TrainingProgress(
    int Epoch, int Epochs, int Batch, int Batches, float Loss, float Accuracy, float LearningRate,
    double SamplesPerSecond, TimeSpan Elapsed, TimeSpan Remaining)
{
    /// <summary>The fraction of the run done, from 0 to 1.</summary>
    public double Fraction => ((Epoch - 1) + (double)Batch / Batches) / Epochs;

    /// <summary>A one-line summary, for logs.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"epoch {Epoch}/{Epochs} batch {Batch}/{Batches}  loss {Loss:0.0000}  {SamplesPerSecond:0} samples/s  {Remaining:hh\\:mm\\:ss} left");
}
