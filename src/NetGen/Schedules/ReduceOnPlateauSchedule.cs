using System;
using System.Collections.Generic;

namespace NetGen.Schedules;

/// <summary>
/// PyTorch's <c>ReduceLROnPlateau</c> (https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html),
/// step for step: the rate is multiplied by <see cref="Factor"/> once the monitored metric has failed to improve for
/// more than <see cref="Patience"/> steps, then held for <see cref="Cooldown"/> steps.
/// </summary>
/// <remarks>
/// Each <see cref="LearningRateSchedule.Step"/> takes the metric and does what PyTorch's <c>step(metrics)</c> does:
/// <list type="number">
/// <item>If the metric is better than <see cref="Best"/>, it becomes the best and <see cref="BadEpochs"/> is reset;
/// otherwise <see cref="BadEpochs"/> grows by one. "Better" in relative mode is <c>a &lt; best (1 - threshold)</c>
/// when minimizing and <c>a &gt; best (1 + threshold)</c> when maximizing; in absolute mode <c>a &lt; best - threshold</c>
/// and <c>a &gt; best + threshold</c>. The comparisons are strict, the first metric always improves on the initial
/// best (infinitely bad), and a NaN metric is never better, so it counts as a bad step.</item>
/// <item>While <see cref="CooldownCounter"/> is positive it counts down and bad steps are forgotten.</item>
/// <item>When <see cref="BadEpochs"/> exceeds <see cref="Patience"/>, <c>new = max(rate x factor, minRate)</c> replaces
/// the rate only if <c>rate - new &gt; eps</c>; either way the cooldown restarts and the bad steps are reset.</item>
/// </list>
/// </remarks>
public sealed class ReduceOnPlateauSchedule : LearningRateSchedule
{
    private double _rate;
    private double _best;
    private long _badEpochs;
    private long _cooldownCounter;

    /// <summary>Creates a schedule that reduces the rate when a metric stops improving; it is stepped once per epoch.</summary>
    /// <param name="baseRate">The optimizer's initial learning rate (finite, &gt;= 0).</param>
    /// <param name="maximize">Whether the metric should grow (an accuracy; PyTorch's mode 'max') or shrink (a loss; 'min').</param>
    /// <param name="factor">The factor applied at each reduction, in (0, 1).</param>
    /// <param name="patience">The number of bad steps tolerated before a reduction (&gt;= 0).</param>
    /// <param name="threshold">The margin by which the metric must beat the best to count as better (&gt;= 0; below 1 when relative).</param>
    /// <param name="relativeThreshold">Whether the margin is relative to the best (PyTorch's 'rel') or absolute ('abs').</param>
    /// <param name="cooldown">The number of steps after a reduction during which bad steps are ignored (&gt;= 0).</param>
    /// <param name="minRate">The lowest rate, from 0 to the base rate.</param>
    /// <param name="eps">Reductions smaller than this are skipped (finite, &gt;= 0).</param>
    public ReduceOnPlateauSchedule(
        float baseRate, bool maximize = false, double factor = 0.1, int patience = 10, double threshold = 1e-4,
        bool relativeThreshold = true, int cooldown = 0, double minRate = 0, double eps = 1e-8)
        : base(baseRate, ScheduleInterval.Epoch)
    {
        if (!(factor > 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor multiplies the rate at each reduction and must be in (0, 1), for example 0.1.");
        }
        ScheduleArguments.NotNegative(patience, nameof(patience));
        double maxThreshold = relativeThreshold ? 1 : double.PositiveInfinity;
        if (!(threshold >= 0 && threshold < maxThreshold))
        {
            throw new ArgumentOutOfRangeException(
                nameof(threshold), threshold,
                relativeThreshold
                    ? "A relative threshold is a fraction of the best metric and must be in [0, 1), for example 1e-4."
                    : "An absolute threshold is a margin in the metric's units and must be finite and >= 0.");
        }
        ScheduleArguments.NotNegative(cooldown, nameof(cooldown));
        if (!(minRate >= 0 && minRate <= baseRate))
        {
            throw new ArgumentOutOfRangeException(nameof(minRate), minRate, $"minRate is the lowest rate and must be from 0 to the base rate {baseRate}.");
        }
        if (!(eps >= 0) || double.IsInfinity(eps))
        {
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps is the smallest reduction applied and must be finite and >= 0, for example 1e-8.");
        }
        Maximize = maximize;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        RelativeThreshold = relativeThreshold;
        Cooldown = cooldown;
        MinRate = minRate;
        Eps = eps;
        _rate = baseRate;
        _best = WorstMetric;
    }

    /// <summary>Whether the metric should grow (otherwise shrink).</summary>
    public bool Maximize { get; }

    /// <summary>The factor applied at each reduction.</summary>
    public double Factor { get; }

    /// <summary>The number of bad steps tolerated before a reduction.</summary>
    public int Patience { get; }

    /// <summary>The margin by which the metric must beat the best to count as better.</summary>
    public double Threshold { get; }

    /// <summary>Whether <see cref="Threshold"/> is relative to the best metric (otherwise absolute).</summary>
    public bool RelativeThreshold { get; }

    /// <summary>The number of steps after a reduction during which bad steps are ignored.</summary>
    public int Cooldown { get; }

    /// <summary>The lowest rate.</summary>
    public double MinRate { get; }

    /// <summary>Reductions smaller than this are skipped.</summary>
    public double Eps { get; }

    /// <summary>The best metric so far (positive infinity when minimizing and negative when maximizing, before any step).</summary>
    public double Best => _best;

    /// <summary>The bad steps since the last improvement, reduction or cooldown step (PyTorch's <c>num_bad_epochs</c>).</summary>
    public long BadEpochs => _badEpochs;

    /// <summary>The cooldown steps left (PyTorch's <c>cooldown_counter</c>).</summary>
    public long CooldownCounter => _cooldownCounter;

    private double WorstMetric => Maximize ? double.NegativeInfinity : double.PositiveInfinity;

    /// <inheritdoc/>
    protected override void OnStep(float? metric)
    {
        if (metric is not float value)
        {
            throw new ArgumentException(
                "ReduceOnPlateauSchedule needs the monitored metric at each step: call Step(metric) with the quantity it watches, such as the validation loss.",
                nameof(metric));
        }
        double current = value;
        if (IsBetter(current))
        {
            _best = current;
            _badEpochs = 0;
        }
        else
        {
            _badEpochs++;
        }

        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            _badEpochs = 0;
        }

        if (_badEpochs > Patience)
        {
            double reduced = Math.Max(_rate * Factor, MinRate);
            if (_rate - reduced > Eps)
            {
                _rate = reduced;
            }
            _cooldownCounter = Cooldown;
            _badEpochs = 0;
        }
    }

    /// <inheritdoc/>
    protected override double ComputeRate() => _rate;

    /// <inheritdoc/>
    protected override void WriteConfiguration(IDictionary<string, double> state)
    {
        state["maximize"] = Maximize ? 1 : 0;
        state["factor"] = Factor;
        state["patience"] = Patience;
        state["threshold"] = Threshold;
        state["relativeThreshold"] = RelativeThreshold ? 1 : 0;
        state["cooldown"] = Cooldown;
        state["minRate"] = MinRate;
        state["eps"] = Eps;
    }

    /// <inheritdoc/>
    protected override void WriteVariables(IDictionary<string, double> state)
    {
        state["rate"] = _rate;
        state["best"] = _best;
        state["badEpochs"] = _badEpochs;
        state["cooldownCounter"] = _cooldownCounter;
    }

    /// <inheritdoc/>
    protected override void ValidateVariables(IReadOnlyDictionary<string, double> state)
    {
        ReadNumber(state, "rate", MinRate, BaseRate);
        ReadNumber(state, "best", double.NegativeInfinity, double.PositiveInfinity);
        ReadCount(state, "badEpochs", Patience);
        ReadCount(state, "cooldownCounter", Cooldown);
    }

    /// <inheritdoc/>
    protected override void ReadVariables(IReadOnlyDictionary<string, double> state)
    {
        _rate = state["rate"];
        _best = state["best"];
        _badEpochs = (long)state["badEpochs"];
        _cooldownCounter = (long)state["cooldownCounter"];
    }

    private bool IsBetter(double current) => (Maximize, RelativeThreshold) switch
    {
        (false, true) => current < _best * (1.0 - Threshold),
        (false, false) => current < _best - Threshold,
        (true, true) => current > _best * (Threshold + 1.0),
        (true, false) => current > _best + Threshold,
    };
}
