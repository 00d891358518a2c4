using NetGen.Data;

namespace NetGen.Training;

/// <summary>How a <see cref="Trainer"/> runs: epochs, mini-batch size, shuffling and its seed.</summary>
public sealed class TrainerOptions
{
    /// <summary>Passes over the training set per <see cref="Trainer.Fit"/> call (at least 1); 10 by default.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Samples per mini-batch, from 1 to the network's <c>MaxBatch</c>; 32 by default. The last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The seed of the shuffling order, so that a run can be repeated exactly; 0 by default.</summary>
    public long Seed { get; init; }

    /// <summary>Whether to visit the training samples in a new random order each epoch; true by default.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>
    /// A random transform (such as an <see cref="ImageAugmenter"/>) applied to the trainer's copy of each training
    /// mini-batch just before the training step, never to the data set itself nor to validation or evaluation
    /// batches; null (none) by default. Its <see cref="IBatchTransform.SampleSize"/> must be the network's input size.
    /// </summary>
    public IBatchTransform? Augmentation { get; init; }

    /// <summary>
    /// A learning-rate schedule; the trainer sets the optimizer's rate from it before every update and advances it
    /// after every update or every epoch, as its <see cref="Schedules.LearningRateSchedule.Interval"/> says (plateau
    /// schedules get the <see cref="ScheduleMetric"/>). Null (the optimizer's own fixed rate) by default.
    /// </summary>
    public Schedules.LearningRateSchedule? Schedule { get; init; }

    /// <summary>The figure a plateau schedule watches; the validation loss by default.</summary>
    public MonitoredMetric ScheduleMetric { get; init; } = MonitoredMetric.ValidationLoss;

    /// <summary>Clips the gradients to this global L2 norm before each update (<c>clip_grad_norm_</c>); null (off) by default.</summary>
    public float? ClipGradientNorm { get; init; }

    /// <summary>Clips every gradient to [-value, value] before each update (<c>clip_grad_value_</c>); null (off) by default.</summary>
    public float? ClipGradientValue { get; init; }

    /// <summary>
    /// Mini-batches whose gradients are averaged into one update (gradient accumulation), for an effective batch of
    /// <c>BatchSize x AccumulationSteps</c> within the network's MaxBatch; 1 (an update per mini-batch) by default.
    /// </summary>
    public int AccumulationSteps { get; init; } = 1;

    /// <summary>Stops a run that stops improving, and restores the best weights; null (off) by default.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>
    /// A file the trainer writes a full training checkpoint to (atomically) after every epoch, from which
    /// <see cref="Trainer.LoadCheckpoint"/> resumes; null (none) by default.
    /// </summary>
    public string? CheckpointPath { get; init; }
}
