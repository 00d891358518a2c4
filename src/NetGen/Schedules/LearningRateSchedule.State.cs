using System;
using System.Collections.Generic;

namespace NetGen.Schedules;

public abstract partial class LearningRateSchedule
{
    /// <summary>The state key of <see cref="StepCount"/>.</summary>
    protected const string StepCountKey = "stepCount";

    /// <summary>The largest count a double holds exactly (2^53), so that every saved count is restored exactly.</summary>
    protected const long MaxExactCount = 1L << 53;

    private const string BaseRateKey = "baseRate";
    private const string IntervalKey = "interval";

    /// <summary>
    /// The schedule's whole state as named doubles, for checkpoints: its configuration (checked on load) and its
    /// variables (restored on load). Every value is exact, so <see cref="LoadState"/> continues the sequence bit for bit.
    /// </summary>
    public IReadOnlyDictionary<string, double> SaveState()
    {
        var state = new Dictionary<string, double>(StringComparer.Ordinal);
        WriteAllConfiguration(state);
        state[StepCountKey] = StepCount;
        WriteVariables(state);
        return state;
    }

    /// <summary>
    /// Restores a state returned by <see cref="SaveState"/> of a schedule built with the same arguments. The state is
    /// checked whole first, so nothing changes when it is rejected.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// An entry is missing or unknown, the configuration differs from this schedule's, or a value is out of range.
    /// </exception>
    public void LoadState(IReadOnlyDictionary<string, double> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        try
        {
            ValidateState(state);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(ex.Message, nameof(state), ex);
        }
        ApplyState(state);
    }

    /// <summary>Writes the values fixed at construction; <see cref="LoadState"/> requires them to match exactly.</summary>
    /// <param name="state">The dictionary to add entries to.</param>
    protected virtual void WriteConfiguration(IDictionary<string, double> state)
    {
    }

    /// <summary>Writes the state that changes as the schedule steps, besides <see cref="StepCount"/>.</summary>
    /// <param name="state">The dictionary to add entries to.</param>
    protected virtual void WriteVariables(IDictionary<string, double> state)
    {
    }

    /// <summary>
    /// Checks the variables of a state whose entries and configuration have been checked (its step count included);
    /// throws an <see cref="ArgumentException"/> from <see cref="StateError"/> and changes nothing.
    /// </summary>
    /// <param name="state">The state being loaded.</param>
    protected virtual void ValidateVariables(IReadOnlyDictionary<string, double> state)
    {
    }

    /// <summary>Restores the variables written by <see cref="WriteVariables"/> from a checked state.</summary>
    /// <param name="state">The state being loaded.</param>
    protected virtual void ReadVariables(IReadOnlyDictionary<string, double> state)
    {
    }

    /// <summary>An error about a state being loaded, saying what is wrong and how to fix it.</summary>
    /// <param name="problem">The message.</param>
    protected static ArgumentException StateError(string problem) => new(problem);

    /// <summary>Reads a whole number from 0 to <paramref name="max"/>.</summary>
    /// <param name="state">The state being loaded.</param>
    /// <param name="key">The entry to read.</param>
    /// <param name="max">The largest value allowed.</param>
    protected static long ReadCount(IReadOnlyDictionary<string, double> state, string key, long max)
    {
        ArgumentNullException.ThrowIfNull(state);
        double value = state[key];
        if (!(value >= 0 && value <= max && Math.Floor(value) == value))
        {
            throw StateError($"The state's '{key}' is {ScheduleArguments.Format(value)}; it must be a whole number from 0 to {max}.");
        }
        return (long)value;
    }

    /// <summary>Reads a number from <paramref name="min"/> to <paramref name="max"/> (never NaN).</summary>
    /// <param name="state">The state being loaded.</param>
    /// <param name="key">The entry to read.</param>
    /// <param name="min">The smallest value allowed.</param>
    /// <param name="max">The largest value allowed.</param>
    protected static double ReadNumber(IReadOnlyDictionary<string, double> state, string key, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(state);
        double value = state[key];
        if (!(value >= min && value <= max))
        {
            throw StateError(
                $"The state's '{key}' is {ScheduleArguments.Format(value)}; it must be from {ScheduleArguments.Format(min)} to {ScheduleArguments.Format(max)}.");
        }
        return value;
    }

    /// <summary>Checks a whole state without changing anything; errors carry no parameter name, LoadState adds it.</summary>
    internal void ValidateState(IReadOnlyDictionary<string, double> state)
    {
        string type = GetType().Name;
        IReadOnlyDictionary<string, double> expected = SaveState();
        foreach (string key in expected.Keys)
        {
            if (!state.ContainsKey(key))
            {
                throw StateError($"The state has no '{key}' entry, which a {type} saves; pass a dictionary returned by {type}.SaveState.");
            }
        }
        foreach (string key in state.Keys)
        {
            if (!expected.ContainsKey(key))
            {
                throw StateError(
                    $"The state has an entry '{key}' that a {type} does not save, so it comes from another kind of schedule; pass a dictionary returned by {type}.SaveState.");
            }
        }

        var configuration = new Dictionary<string, double>(StringComparer.Ordinal);
        WriteAllConfiguration(configuration);
        foreach (KeyValuePair<string, double> entry in configuration)
        {
            double saved = state[entry.Key];
            if (!saved.Equals(entry.Value))
            {
                throw StateError(
                    $"The state was saved with {entry.Key} = {ScheduleArguments.Format(saved)} but this {type} has {entry.Key} = {ScheduleArguments.Format(entry.Value)}; construct the schedule with the arguments of the one that was saved.");
            }
        }

        ReadCount(state, StepCountKey, MaxExactCount);
        ValidateVariables(state);
    }

    /// <summary>Applies a state that <see cref="ValidateState"/> accepted.</summary>
    internal void ApplyState(IReadOnlyDictionary<string, double> state)
    {
        StepCount = (long)state[StepCountKey];
        ReadVariables(state);
    }

    private void WriteAllConfiguration(IDictionary<string, double> state)
    {
        state[BaseRateKey] = BaseRate;
        state[IntervalKey] = (int)Interval;
        WriteConfiguration(state);
    }
}
