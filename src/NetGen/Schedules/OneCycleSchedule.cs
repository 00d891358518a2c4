using System;
using System.Collections.Generic;

namespace NetGen.Schedules;

/// <summary>
/// PyTorch's <c>OneCycleLR</c> with <c>three_phase=False</c> (https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.OneCycleLR.html;
/// Smith and Topin, https://arxiv.org/abs/1708.07120), stepped after every optimizer step: the rate anneals from
/// <c>initial = maxRate / divFactor</c> up to <c>maxRate</c> until step <c>e = pctStart * totalSteps - 1</c>, then down
/// to <c>minRate = initial / finalDivFactor</c> at step <c>totalSteps - 1</c>.
/// </summary>
/// <remarks>
/// <para>
/// The phases follow PyTorch's <c>get_lr</c> number for number: for <c>t &lt;= e</c>, <c>anneal(initial, max, t / e)</c>;
/// after it, <c>anneal(max, min, (t - e) / (totalSteps - 1 - e))</c>, where <c>anneal</c> is
/// <c>end + (start - end) / 2 (cos(pi p) + 1)</c> (cosine) or <c>(end - start) p + start</c> (linear). Note that
/// <c>e</c> need not be a whole number (<c>0.55 * 100 - 1</c> is 54.00000000000001 in double), as in PyTorch.
/// </para>
/// <para>
/// <see cref="LearningRateSchedule.Step"/> may be called <see cref="TotalSteps"/> times, once after each of the
/// run's optimizer steps; a further call throws, as PyTorch's does. At step <see cref="TotalSteps"/> itself, whose
/// rate a trainer never uses, PyTorch extrapolates the last phase (with linear annealing to a negative rate for
/// small minimum rates); this schedule clamps the phase fraction to 1 and gives <see cref="MinRate"/>.
/// </para>
/// </remarks>
public sealed class OneCycleSchedule : LearningRateSchedule
{
    private readonly double _warmupEnd;  // PyTorch's phase 1 end_step: float(pct_start * total_steps) - 1

    /// <summary>Creates a one-cycle schedule; its <see cref="LearningRateSchedule.BaseRate"/> is <c>maxRate / divFactor</c>.</summary>
    /// <param name="maxRate">The peak learning rate (finite, &gt; 0).</param>
    /// <param name="totalSteps">The number of optimizer steps in the run (at least 1): epochs times batches per epoch.</param>
    /// <param name="pctStart">The fraction of the steps spent increasing the rate, in [0, 1].</param>
    /// <param name="divFactor">The initial rate is <c>maxRate / divFactor</c> (finite, &gt; 0).</param>
    /// <param name="finalDivFactor">The minimum rate is <c>initial / finalDivFactor</c> (finite, &gt; 0).</param>
    /// <param name="cosine">Cosine annealing (PyTorch's <c>'cos'</c>, the default) or linear (<c>'linear'</c>).</param>
    public OneCycleSchedule(float maxRate, long totalSteps, double pctStart = 0.3, double divFactor = 25, double finalDivFactor = 1e4, bool cosine = true)
        : base(InitialRate(maxRate, divFactor), ScheduleInterval.Batch)
    {
        ScheduleArguments.AtLeastOne(totalSteps, nameof(totalSteps));
        if (totalSteps > MaxExactCount)
        {
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, $"totalSteps must be at most 2^53 ({MaxExactCount}).");
        }
        if (!(pctStart >= 0 && pctStart <= 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(pctStart), pctStart, "pctStart is the fraction of the steps spent increasing the rate and must be in [0, 1], for example 0.3.");
        }
        if (!(finalDivFactor > 0) || double.IsInfinity(finalDivFactor))
        {
            throw new ArgumentOutOfRangeException(
                nameof(finalDivFactor), finalDivFactor, "finalDivFactor divides the initial rate to give the final one and must be finite and > 0, for example 1e4.");
        }
        _warmupEnd = pctStart * totalSteps - 1;
        if (_warmupEnd == 0)
        {
            // PyTorch divides 0 by 0 here (a ZeroDivisionError in its constructor).
            throw new ArgumentException(
                $"pctStart * totalSteps is 1, so the rising phase ends at step 0 and has no length; choose pctStart so that pctStart * totalSteps is not 1 (for example at least 2 rising steps).",
                nameof(pctStart));
        }
        MaxRate = maxRate;
        TotalSteps = totalSteps;
        PctStart = pctStart;
        DivFactor = divFactor;
        FinalDivFactor = finalDivFactor;
        Cosine = cosine;
    }

    /// <summary>The peak learning rate.</summary>
    public float MaxRate { get; }

    /// <summary>The number of optimizer steps in the run.</summary>
    public long TotalSteps { get; }

    /// <summary>The fraction of the steps spent increasing the rate.</summary>
    public double PctStart { get; }

    /// <summary>The initial rate is <see cref="MaxRate"/> divided by this.</summary>
    public double DivFactor { get; }

    /// <summary>The minimum rate is the initial rate divided by this.</summary>
    public double FinalDivFactor { get; }

    /// <summary>Whether the rate anneals along a cosine (otherwise linearly).</summary>
    public bool Cosine { get; }

    /// <summary>The rate at the last step, <c>maxRate / divFactor / finalDivFactor</c>.</summary>
    public double MinRate => MaxRate / DivFactor / FinalDivFactor;

    /// <inheritdoc/>
    protected override void OnStep(float? metric)
    {
        if (StepCount >= TotalSteps)
        {
            throw new InvalidOperationException(
                $"This OneCycleSchedule has taken all its {TotalSteps} steps (PyTorch raises here too); create it with totalSteps = epochs x batches per epoch, and step it once per optimizer step.");
        }
    }

    /// <inheritdoc/>
    protected override double ComputeRate()
    {
        double initial = MaxRate / DivFactor;
        double min = initial / FinalDivFactor;
        double step = StepCount;
        if (step <= _warmupEnd)
        {
            return Anneal(initial, MaxRate, step / _warmupEnd);
        }
        double pct = (step - _warmupEnd) / (TotalSteps - 1 - _warmupEnd);
        return Anneal(MaxRate, min, Math.Min(pct, 1.0));
    }

    /// <inheritdoc/>
    protected override void WriteConfiguration(IDictionary<string, double> state)
    {
        state["maxRate"] = MaxRate;
        state["totalSteps"] = TotalSteps;
        state["pctStart"] = PctStart;
        state["divFactor"] = DivFactor;
        state["finalDivFactor"] = FinalDivFactor;
        state["cosine"] = Cosine ? 1 : 0;
    }

    /// <inheritdoc/>
    protected override void ValidateVariables(IReadOnlyDictionary<string, double> state) => ReadCount(state, StepCountKey, TotalSteps);

    private double Anneal(double start, double end, double pct) =>
        Cosine ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1) : (end - start) * pct + start;

    private static float InitialRate(float maxRate, double divFactor)
    {
        if (!(maxRate > 0) || float.IsInfinity(maxRate))
        {
            throw new ArgumentOutOfRangeException(nameof(maxRate), maxRate, "maxRate is the peak learning rate and must be finite and > 0, such as 0.1.");
        }
        if (!(divFactor > 0) || double.IsInfinity(divFactor))
        {
            throw new ArgumentOutOfRangeException(
                nameof(divFactor), divFactor, "divFactor divides maxRate to give the initial rate and must be finite and > 0, for example 25.");
        }
        return (float)(maxRate / divFactor);
    }
}
