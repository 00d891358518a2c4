namespace NetGen.Training;

/// <summary>Which epoch figure early stopping and plateau schedules watch.</summary>
public enum MonitoredMetric
{
    /// <summary>The validation loss (lower is better); the training loss when there is no validation set.</summary>
    ValidationLoss,

    /// <summary>The validation accuracy (higher is better); the training accuracy when there is no validation set.</summary>
    ValidationAccuracy,

    /// <summary>The training loss (lower is better).</summary>
    TrainLoss,
}

/// <summary>
/// Stops a <see cref="Trainer.Fit"/> run when the monitored figure has not improved by more than
/// <see cref="MinDelta"/> for <see cref="Patience"/> epochs, like Keras's <c>EarlyStopping</c> callback, and by default
/// puts back the parameters and buffers of the best epoch.
/// </summary>
public sealed record EarlyStopping
{
    /// <summary>Epochs without improvement before stopping (at least 1); 5 by default.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>The figure to watch; the validation loss by default.</summary>
    public MonitoredMetric Monitor { get; init; } = MonitoredMetric.ValidationLoss;

    /// <summary>The smallest change that counts as an improvement (at least 0); 0 by default.</summary>
    public float MinDelta { get; init; }

    /// <summary>Whether to restore the best epoch's parameters and buffers when the run ends; true by default.</summary>
    public bool RestoreBestWeights { get; init; } = true;
}
