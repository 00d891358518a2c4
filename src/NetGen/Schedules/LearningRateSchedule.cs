using System;

namespace NetGen.Schedules;

/// <summary>
/// A learning-rate schedule with the semantics of PyTorch's <c>torch.optim.lr_scheduler</c>
/// (https://pytorch.org/docs/1.13/optim.html#how-to-adjust-learning-rate): <see cref="CurrentRate"/> is the rate the
/// optimizer uses now, and the trainer calls <see cref="Step"/> once after each epoch or after each optimizer step,
/// as <see cref="Interval"/> says. As in PyTorch, whose scheduler constructors already set the optimizer's first
/// rate, <see cref="CurrentRate"/> before any step is the schedule's value at step 0.
/// </summary>
/// <remarks>
/// Rates are computed in double from closed forms of the step count where PyTorch's chainable form gives the same
/// numbers (up to its rounding), and exposed as float. The whole state round-trips through <see cref="SaveState"/>
/// and <see cref="LoadState"/> exactly.
/// </remarks>
public abstract partial class LearningRateSchedule
{
    /// <summary>Creates a schedule starting from <paramref name="baseRate"/>.</summary>
    /// <param name="baseRate">The optimizer's initial learning rate (finite, &gt;= 0).</param>
    /// <param name="interval">When the trainer calls <see cref="Step"/>.</param>
    protected LearningRateSchedule(float baseRate, ScheduleInterval interval)
    {
        ScheduleArguments.Rate(baseRate, nameof(baseRate));
        ScheduleArguments.Interval(interval, nameof(interval));
        BaseRate = baseRate;
        Interval = interval;
    }

    /// <summary>The optimizer's initial learning rate (PyTorch's <c>base_lrs</c>/<c>initial_lr</c>).</summary>
    public float BaseRate { get; }

    /// <summary>When the trainer calls <see cref="Step"/>: after each epoch or after each optimizer step.</summary>
    public ScheduleInterval Interval { get; }

    /// <summary>How many times <see cref="Step"/> has been called (PyTorch's <c>last_epoch</c>).</summary>
    public long StepCount { get; private set; }

    /// <summary>The learning rate to use now.</summary>
    public float CurrentRate => (float)ComputeRate();

    /// <summary>The current rate before its rounding to float, for schedules that wrap others.</summary>
    internal double ExactRate => ComputeRate();

    /// <summary>Whether a <see cref="WarmupSchedule"/> owns this schedule and steps it.</summary>
    internal bool IsWrapped { get; set; }

    /// <summary>Advances the schedule by one step.</summary>
    /// <param name="metric">
    /// The monitored quantity (such as the validation loss) for <see cref="ReduceOnPlateauSchedule"/>, which requires
    /// it; other schedules ignore it, so a trainer may always pass it.
    /// </param>
    /// <exception cref="ArgumentException">The schedule needs a metric and none was given.</exception>
    /// <exception cref="InvalidOperationException">The schedule has no further step (see <see cref="OneCycleSchedule"/>).</exception>
    public void Step(float? metric = null)
    {
        OnStep(metric);
        StepCount++;
    }

    /// <summary>
    /// Updates the schedule's own state for a step, before <see cref="StepCount"/> advances. It must check everything
    /// before it changes anything, so that a step that throws leaves the schedule as it was.
    /// </summary>
    /// <param name="metric">The argument of <see cref="Step"/>.</param>
    protected virtual void OnStep(float? metric)
    {
    }

    /// <summary>The rate for the current state, in double.</summary>
    protected abstract double ComputeRate();
}
