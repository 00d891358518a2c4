using System;
using System.Collections.Generic;

namespace NetGen.Schedules;

/// <summary>
/// PyTorch's <c>CosineAnnealingLR</c> in its closed form
/// <c>etaMin + (base - etaMin)(1 + cos(pi t / tMax)) / 2</c>
/// (https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html, from SGDR,
/// https://arxiv.org/abs/1608.03983, without restarts): from the base rate at step 0 down to <see cref="EtaMin"/>
/// at step <see cref="TMax"/>.
/// </summary>
/// <remarks>
/// After <see cref="TMax"/> steps the formula is kept, as in PyTorch (both its closed and its chainable form): the
/// rate climbs back along the cosine to the base rate at <c>2 tMax</c>, then falls again, with period <c>2 tMax</c>.
/// So a schedule that must end at <see cref="EtaMin"/> should have <see cref="TMax"/> equal to the number of steps
/// of the run.
/// </remarks>
public sealed class CosineAnnealingSchedule : LearningRateSchedule
{
    /// <summary>Creates a cosine annealing schedule.</summary>
    /// <param name="baseRate">The optimizer's initial learning rate (finite, &gt;= 0).</param>
    /// <param name="tMax">The number of steps from the base rate down to <paramref name="etaMin"/> (at least 1).</param>
    /// <param name="etaMin">The lowest rate, reached at step <paramref name="tMax"/>: finite, from 0 to the base rate.</param>
    /// <param name="interval">When the trainer calls <see cref="LearningRateSchedule.Step"/>.</param>
    public CosineAnnealingSchedule(float baseRate, int tMax, double etaMin = 0, ScheduleInterval interval = ScheduleInterval.Epoch)
        : base(baseRate, interval)
    {
        ScheduleArguments.AtLeastOne(tMax, nameof(tMax));
        if (!(etaMin >= 0 && etaMin <= baseRate))
        {
            throw new ArgumentOutOfRangeException(
                nameof(etaMin), etaMin, $"etaMin is the lowest rate of the cosine and must be from 0 to the base rate {baseRate}.");
        }
        TMax = tMax;
        EtaMin = etaMin;
    }

    /// <summary>The number of steps from the base rate down to <see cref="EtaMin"/>.</summary>
    public int TMax { get; }

    /// <summary>The lowest rate, reached at step <see cref="TMax"/>.</summary>
    public double EtaMin { get; }

    /// <inheritdoc/>
    protected override double ComputeRate() => EtaMin + (BaseRate - EtaMin) * (1 + Math.Cos(Math.PI * StepCount / TMax)) / 2;

    /// <inheritdoc/>
    protected override void WriteConfiguration(IDictionary<string, double> state)
    {
        state["tMax"] = TMax;
        state["etaMin"] = EtaMin;
    }
}
