namespace NetGen.Training;

/// <summary>How a <see cref="FrameBudgetTrainer"/> draws its mini-batches and first estimates the cost of a step.</summary>
public sealed class FrameBudgetOptions
{
    /// <summary>Samples per mini-batch, from 1 to the network's <c>MaxBatch</c>; 32 by default.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Samples the replay buffer must hold before the first step (at least 1); 0, the default, means
    /// <see cref="BatchSize"/>, so that no early step trains on a handful of samples repeated.
    /// </summary>
    public int MinSamples { get; init; }

    /// <summary>The most steps one <see cref="FrameBudgetTrainer.TrainFor"/> call takes, however large its budget (at least 1); unlimited by default.</summary>
    public int MaxStepsPerCall { get; init; } = int.MaxValue;

    /// <summary>The seed of the mini-batch draws, so that the same steps on the same samples repeat exactly; 0 by default.</summary>
    public long Seed { get; init; }

    /// <summary>
    /// The rate, in FLOPs per second, assumed for a training step before any step has been measured: with the
    /// network's <c>TrainingFlopsPerSample</c> it gives the first estimate of a step's cost. 1 GFLOP/s by default, a
    /// pessimistic figure for one core (small layers reach a fraction of the vector units' peak), so that the first
    /// frames take too few steps rather than too many. Measurements replace it within a few steps.
    /// </summary>
    public double PriorFlopsPerSecond { get; init; } = 1e9;

    /// <summary>The clock the budget is measured on; <see cref="StopwatchClock.Instance"/> by default.</summary>
    public IFrameClock Clock { get; init; } = StopwatchClock.Instance;
}
