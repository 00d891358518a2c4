using System.Diagnostics;

namespace NetGen.Training;

/// <summary>
/// The clock a <see cref="FrameBudgetTrainer"/> reads before and after each step. <see cref="StopwatchClock"/> is the
/// real one; tests inject a fake whose time advances by a scripted cost per step, so that budget checks do not depend
/// on how busy the machine is.
/// </summary>
public interface IFrameClock
{
    /// <summary>Ticks per second of <see cref="GetTimestamp"/>.</summary>
    long Frequency { get; }

    /// <summary>The current time in ticks; only differences between two readings matter.</summary>
    long GetTimestamp();
}

/// <summary>The high-resolution monotonic clock (<see cref="Stopwatch.GetTimestamp"/>), read without allocating.</summary>
public sealed class StopwatchClock : IFrameClock
{
    private StopwatchClock()
    {
    }

    /// <summary>The one instance.</summary>
    public static StopwatchClock Instance { get; } = new();

    /// <inheritdoc/>
    public long Frequency => Stopwatch.Frequency;

    /// <inheritdoc/>
    public long GetTimestamp() => Stopwatch.GetTimestamp();
}
