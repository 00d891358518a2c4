using System;
using System.Collections.Generic;

namespace NetGen.Training;

/// <summary>What a <see cref="Trainer.Fit"/> call did: one report per epoch, like Keras's <c>History</c>.</summary>
public sealed class TrainingHistory
{
    /// <summary>Creates a history from its epoch reports.</summary>
    public TrainingHistory(IReadOnlyList<EpochReport> epochs, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        Epochs = epochs;
        Elapsed = elapsed;
    }

    /// <summary>The report of every epoch, in order.</summary>
    public IReadOnlyList<EpochReport> Epochs { get; }

    /// <summary>The wall-clock time of the whole <see cref="Trainer.Fit"/> call.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The report of the last epoch.</summary>
    /// <exception cref="InvalidOperationException">The history holds no epochs.</exception>
    public EpochReport Last => Epochs.Count > 0
        ? Epochs[Epochs.Count - 1]
        : throw new InvalidOperationException("This history holds no epochs; it comes from a Fit call that ran none.");
}
