using System;
using System.Collections.Generic;

namespace NetGen.Schedules;

/// <summary>
/// PyTorch's <c>ExponentialLR</c>: the rate is multiplied by <see cref="Gamma"/> at every step, in its closed form
/// <c>base * gamma^t</c> (https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.ExponentialLR.html).
/// </summary>
public sealed class ExponentialSchedule : LearningRateSchedule
{
    /// <summary>Creates an exponential decay schedule.</summary>
    /// <param name="baseRate">The optimizer's initial learning rate (finite, &gt;= 0).</param>
    /// <param name="gamma">The factor applied at each step, in (0, 1].</param>
    /// <param name="interval">When the trainer calls <see cref="LearningRateSchedule.Step"/>.</param>
    public ExponentialSchedule(float baseRate, double gamma, ScheduleInterval interval = ScheduleInterval.Epoch)
        : base(baseRate, interval)
    {
        ScheduleArguments.Gamma(gamma, nameof(gamma));
        Gamma = gamma;
    }

    /// <summary>The factor applied at each step.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double ComputeRate() => BaseRate * Math.Pow(Gamma, StepCount);

    /// <inheritdoc/>
    protected override void WriteConfiguration(IDictionary<string, double> state) => state["gamma"] = Gamma;
}
