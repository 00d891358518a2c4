using System;

namespace NetGen.Training;

/// <summary>Why a <see cref="FrameBudgetTrainer.TrainFor"/> call stopped.</summary>
public enum FrameTrainingStop
{
    /// <summary>The next step was estimated to end past the budget: the usual end of a call.</summary>
    BudgetSpent,

    /// <summary>The replay buffer holds fewer samples than <see cref="FrameBudgetOptions.MinSamples"/>; no step was taken.</summary>
    NotEnoughSamples,

    /// <summary>
    /// One step alone is estimated to cost more than the whole budget, so no step was taken: raise the budget or lower
    /// the batch size. (The estimate relaxes towards the FLOP prior on each such call, so a burst of slow steps, such
    /// as the first one's JIT compilation, does not stop training for good.)
    /// </summary>
    StepExceedsBudget,

    /// <summary><see cref="FrameBudgetOptions.MaxStepsPerCall"/> steps were taken.</summary>
    MaxSteps,
}

/// <summary>What one <see cref="FrameBudgetTrainer.TrainFor"/> call did.</summary>
/// <param name="Steps">Mini-batch steps taken.</param>
/// <param name="MeanLoss">The mean training loss of those steps; NaN when none was taken.</param>
/// <param name="Elapsed">The time the call spent, on the trainer's clock.</param>
/// <param name="Stop">Why the call stopped.</param>
public readonly record struct FrameTrainingResult(int Steps, float MeanLoss, TimeSpan Elapsed, FrameTrainingStop Stop);
