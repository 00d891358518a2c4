using System;

namespace NetGen.Training;

/// <summary>Argument checks of <see cref="FrameBudgetTrainer"/>, each naming the problem and the fix.</summary>
internal static class FrameBudgetChecks
{
    /// <summary>The largest budget one call accepts: far beyond any frame, small enough that tick sums cannot overflow.</summary>
    public static readonly TimeSpan MaxBudget = TimeSpan.FromHours(1);

    public static void Arguments(INetwork network, ReplayBuffer samples, long trainingFlopsPerSample, FrameBudgetOptions options)
    {
        if (options.BatchSize < 1 || options.BatchSize > network.MaxBatch)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.BatchSize,
                $"BatchSize must be between 1 and the network's MaxBatch ({network.MaxBatch}); lower it or raise [Network(MaxBatch = ...)].");
        }
        if (options.MinSamples < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.MinSamples, "MinSamples must be 0 (the batch size) or more; it is the buffer fill at which training starts.");
        }
        if (options.MinSamples > samples.Capacity)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.MinSamples,
                $"MinSamples ({options.MinSamples}) exceeds the replay buffer's capacity ({samples.Capacity}), so training would never start; lower it or enlarge the buffer.");
        }
        if (options.MaxStepsPerCall < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxStepsPerCall, "MaxStepsPerCall must be at least 1.");
        }
        if (!(options.PriorFlopsPerSecond > 0) || double.IsInfinity(options.PriorFlopsPerSecond))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.PriorFlopsPerSecond, "PriorFlopsPerSecond must be a positive, finite rate, such as 1e9 for one GFLOP/s.");
        }
        if (options.Clock is null || options.Clock.Frequency < 1)
        {
            throw new ArgumentException("The clock must be set and tick at least once per second; leave Clock at StopwatchClock.Instance.", nameof(options));
        }
        if (trainingFlopsPerSample < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(trainingFlopsPerSample), trainingFlopsPerSample,
                "trainingFlopsPerSample must be positive; pass the network's generated TrainingFlopsPerSample constant.");
        }
        if (samples.InputSize != network.InputSize || samples.TargetSize != network.TargetSize)
        {
            throw new ArgumentException(
                $"The replay buffer holds inputs of {samples.InputSize} and targets of {samples.TargetSize} floats, but the network takes {network.InputSize} and {network.TargetSize}; create it with ReplayBuffer.For(network, capacity).",
                nameof(samples));
        }
    }

    public static void Budget(TimeSpan budget)
    {
        if (budget < TimeSpan.Zero || budget > MaxBudget)
        {
            throw new ArgumentOutOfRangeException(
                nameof(budget), budget,
                "The training budget must be between zero and one hour; pass the time left in this frame, for example TimeSpan.FromMilliseconds(2).");
        }
    }
}
