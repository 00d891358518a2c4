using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace NetGen.Schedules;

/// <summary>
/// PyTorch's <c>MultiStepLR</c>: the rate is multiplied by <see cref="Gamma"/> when the step count reaches each
/// milestone, in its closed form <c>base * gamma^(number of milestones &lt;= t)</c>
/// (https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.MultiStepLR.html).
/// </summary>
public sealed class MultiStepSchedule : LearningRateSchedule
{
    private readonly int[] _milestones;

    /// <summary>Creates a multi-step decay schedule.</summary>
    /// <param name="baseRate">The optimizer's initial learning rate (finite, &gt;= 0).</param>
    /// <param name="milestones">The step counts at which the rate decays: positive and strictly increasing (may be empty).</param>
    /// <param name="gamma">The factor applied at each milestone, in (0, 1].</param>
    /// <param name="interval">When the trainer calls <see cref="LearningRateSchedule.Step"/>.</param>
    public MultiStepSchedule(float baseRate, IReadOnlyList<int> milestones, double gamma = 0.1, ScheduleInterval interval = ScheduleInterval.Epoch)
        : base(baseRate, interval)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        ScheduleArguments.Gamma(gamma, nameof(gamma));
        _milestones = new int[milestones.Count];
        for (int i = 0; i < _milestones.Length; i++)
        {
            int milestone = milestones[i];
            if (milestone < 1 || (i > 0 && milestone <= _milestones[i - 1]))
            {
                // PyTorch counts a repeated milestone twice; a gamma of gamma^2 says that more plainly.
                throw new ArgumentException(
                    $"milestones[{i}] is {milestone}; milestones must be positive and strictly increasing. Sort them, and for a double decay at one step use gamma * gamma.",
                    nameof(milestones));
            }
            _milestones[i] = milestone;
        }
        Milestones = new ReadOnlyCollection<int>(_milestones);
        Gamma = gamma;
    }

    /// <summary>The step counts at which the rate decays, increasing.</summary>
    public IReadOnlyList<int> Milestones { get; }

    /// <summary>The factor applied at each milestone.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double ComputeRate()
    {
        int passed = 0;
        while (passed < _milestones.Length && _milestones[passed] <= StepCount)
        {
            passed++;
        }
        return BaseRate * Math.Pow(Gamma, passed);
    }

    /// <inheritdoc/>
    protected override void WriteConfiguration(IDictionary<string, double> state)
    {
        state["gamma"] = Gamma;
        state["milestoneCount"] = _milestones.Length;
        for (int i = 0; i < _milestones.Length; i++)
        {
            state[$"milestones[{i}]"] = _milestones[i];
        }
    }
}
