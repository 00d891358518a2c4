namespace NetGen.Schedules;

/// <summary>The same rate at every step: the optimizer's <see cref="LearningRateSchedule.BaseRate"/>.</summary>
public sealed class ConstantSchedule : LearningRateSchedule
{
    /// <summary>Creates a constant schedule.</summary>
    /// <param name="baseRate">The learning rate (finite, &gt;= 0).</param>
    /// <param name="interval">When the trainer calls <see cref="LearningRateSchedule.Step"/>.</param>
    public ConstantSchedule(float baseRate, ScheduleInterval interval = ScheduleInterval.Epoch)
        : base(baseRate, interval)
    {
    }

    /// <inheritdoc/>
    protected override double ComputeRate() => BaseRate;
}
