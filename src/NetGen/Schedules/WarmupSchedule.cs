using System;
using System.Collections.Generic;

namespace NetGen.Schedules;

/// <summary>
/// A linear warm-up followed by another schedule, as PyTorch's
/// <c>SequentialLR([LinearLR(start_factor, total_iters=warmupSteps), then], milestones=[warmupSteps])</c>: for
/// <c>t &lt; warmupSteps</c> the rate is LinearLR's closed form <c>base * (startFactor + (1 - startFactor) t / warmupSteps)</c>;
/// from step <c>warmupSteps</c> on it is the wrapped schedule's rate at its step <c>t - warmupSteps</c>
/// (https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.LinearLR.html).
/// </summary>
/// <remarks>
/// This schedule owns the wrapped one: it steps it once the warm-up is over (passing the metric on, so a
/// <see cref="ReduceOnPlateauSchedule"/> may be wrapped too, which PyTorch's SequentialLR refuses) and saves its
/// state under keys starting <c>then.</c>. The base rate and interval are the wrapped schedule's.
/// </remarks>
public sealed class WarmupSchedule : LearningRateSchedule
{
    private const string ThenPrefix = "then.";

    /// <summary>Creates a warm-up in front of <paramref name="then"/>.</summary>
    /// <param name="warmupSteps">The number of warm-up steps (at least 1).</param>
    /// <param name="startFactor">The fraction of the base rate used at step 0, in (0, 1].</param>
    /// <param name="then">The schedule that follows: new (never stepped) and not wrapped by another warm-up.</param>
    public WarmupSchedule(int warmupSteps, double startFactor, LearningRateSchedule then)
        : base(Fresh(then).BaseRate, then.Interval)
    {
        ScheduleArguments.AtLeastOne(warmupSteps, nameof(warmupSteps));
        if (!(startFactor > 0 && startFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(startFactor), startFactor, "startFactor is the fraction of the base rate at the first step and must be in (0, 1], for example 0.1.");
        }
        WarmupSteps = warmupSteps;
        StartFactor = startFactor;
        Then = then;
        then.IsWrapped = true;
    }

    /// <summary>The number of warm-up steps.</summary>
    public int WarmupSteps { get; }

    /// <summary>The fraction of the base rate used at step 0.</summary>
    public double StartFactor { get; }

    /// <summary>The schedule that follows the warm-up.</summary>
    public LearningRateSchedule Then { get; }

    /// <inheritdoc/>
    protected override void OnStep(float? metric)
    {
        if (Then.StepCount != Math.Max(0, StepCount - WarmupSteps))
        {
            throw new InvalidOperationException(
                $"The wrapped {Then.GetType().Name} has been stepped {Then.StepCount} times outside this WarmupSchedule; step only the WarmupSchedule, which steps the wrapped schedule once the warm-up is over.");
        }
        if (StepCount >= WarmupSteps)
        {
            Then.Step(metric);
        }
    }

    /// <inheritdoc/>
    protected override double ComputeRate()
    {
        if (StepCount >= WarmupSteps)
        {
            return Then.ExactRate;
        }
        return BaseRate * (StartFactor + (1.0 - StartFactor) * StepCount / WarmupSteps);
    }

    /// <inheritdoc/>
    protected override void WriteConfiguration(IDictionary<string, double> state)
    {
        state["warmupSteps"] = WarmupSteps;
        state["startFactor"] = StartFactor;
    }

    /// <inheritdoc/>
    protected override void WriteVariables(IDictionary<string, double> state)
    {
        foreach (KeyValuePair<string, double> entry in Then.SaveState())
        {
            state[ThenPrefix + entry.Key] = entry.Value;
        }
    }

    /// <inheritdoc/>
    protected override void ValidateVariables(IReadOnlyDictionary<string, double> state)
    {
        Dictionary<string, double> inner = Inner(state);
        try
        {
            Then.ValidateState(inner);
        }
        catch (ArgumentException ex)
        {
            throw StateError($"In the wrapped schedule's entries (keys starting '{ThenPrefix}'): {ex.Message}");
        }
        long expected = Math.Max(0, (long)state[StepCountKey] - WarmupSteps);
        if (inner[StepCountKey] != expected)
        {
            throw StateError(
                $"The state's '{ThenPrefix}{StepCountKey}' is {ScheduleArguments.Format(inner[StepCountKey])} but after {ScheduleArguments.Format(state[StepCountKey])} steps with {WarmupSteps} of warm-up it must be {expected}; pass a dictionary returned by WarmupSchedule.SaveState.");
        }
    }

    /// <inheritdoc/>
    protected override void ReadVariables(IReadOnlyDictionary<string, double> state) => Then.ApplyState(Inner(state));

    private static Dictionary<string, double> Inner(IReadOnlyDictionary<string, double> state)
    {
        var inner = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, double> entry in state)
        {
            if (entry.Key.StartsWith(ThenPrefix, StringComparison.Ordinal))
            {
                inner[entry.Key.Substring(ThenPrefix.Length)] = entry.Value;
            }
        }
        return inner;
    }

    private static LearningRateSchedule Fresh(LearningRateSchedule then)
    {
        ArgumentNullException.ThrowIfNull(then);
        if (then.IsWrapped)
        {
            throw new ArgumentException("This schedule already follows another WarmupSchedule; create a new schedule for each warm-up.", nameof(then));
        }
        if (then.StepCount != 0)
        {
            throw new ArgumentException(
                $"The schedule has already been stepped {then.StepCount} times; pass a new one, which the warm-up starts at its step 0.", nameof(then));
        }
        return then;
    }
}
