using System;
using System.Collections.Generic;

namespace NetGen.Schedules;

/// <summary>
/// PyTorch's <c>StepLR</c>: the rate is multiplied by <see cref="Gamma"/> every <see cref="StepSize"/> steps, in its
/// closed form <c>base * gamma^floor(t / stepSize)</c> (https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.StepLR.html).
/// </summary>
public sealed class StepSchedule : LearningRateSchedule
{
    /// <summary>Creates a step decay schedule.</summary>
    /// <param name="baseRate">The optimizer's initial learning rate (finite, &gt;= 0).</param>
    /// <param name="stepSize">The number of steps between decays (at least 1).</param>
    /// <param name="gamma">The factor applied at each decay, in (0, 1].</param>
    /// <param name="interval">When the trainer calls <see cref="LearningRateSchedule.Step"/>.</param>
    public StepSchedule(float baseRate, int stepSize, double gamma = 0.1, ScheduleInterval interval = ScheduleInterval.Epoch)
        : base(baseRate, interval)
    {
        ScheduleArguments.AtLeastOne(stepSize, nameof(stepSize));
        ScheduleArguments.Gamma(gamma, nameof(gamma));
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>The number of steps between decays.</summary>
    public int StepSize { get; }

    /// <summary>The factor applied at each decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double ComputeRate() => BaseRate * Math.Pow(Gamma, StepCount / StepSize);

    /// <inheritdoc/>
    protected override void WriteConfiguration(IDictionary<string, double> state)
    {
        state["stepSize"] = StepSize;
        state["gamma"] = Gamma;
    }
}
