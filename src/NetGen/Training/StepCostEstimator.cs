using System;

namespace NetGen.Training;

/// <summary>
/// Estimates the cost of the next training step, in clock ticks, from the last <see cref="Window"/> steps measured.
/// The window starts full of the prior (the step's FLOP count at an assumed rate), so measurements take over one by
/// one; the estimate is the window's upper median, which one slow step (JIT compilation, a page fault, the thread
/// descheduled) cannot move. A fixed array and an insertion sort of eight values: nothing allocates.
/// </summary>
internal sealed class StepCostEstimator
{
    public const int Window = 8;

    // Planned steps get this much headroom over the median, for the spread of step times around it.
    public const double Margin = 1.25;

    private readonly double[] _ticks = new double[Window]; // a ring of the latest measurements
    private readonly double _prior;
    private int _next;

    public StepCostEstimator(double priorTicks)
    {
        _prior = priorTicks;
        Array.Fill(_ticks, priorTicks);
    }

    /// <summary>Ticks the next step is planned to take, headroom included.</summary>
    public double Predict() => Median() * Margin;

    /// <summary>Records a step that took <paramref name="ticks"/>.</summary>
    public void Add(long ticks)
    {
        _ticks[_next] = Math.Max(ticks, 0);
        _next = (_next + 1) % Window;
    }

    /// <summary>
    /// Replaces the largest measurement with the prior: called when no step fits a whole budget, so that a burst of
    /// stalls cannot keep the estimate above the budget for good. A step that really is too long for the budget is
    /// then tried again once about half the window has relaxed.
    /// </summary>
    public void Relax()
    {
        int largest = 0;
        for (int i = 1; i < Window; i++)
        {
            if (_ticks[i] > _ticks[largest])
            {
                largest = i;
            }
        }
        _ticks[largest] = Math.Min(_ticks[largest], _prior);
    }

    /// <summary>The estimate without headroom, in ticks.</summary>
    public double Median()
    {
        Span<double> sorted = stackalloc double[Window];
        _ticks.CopyTo(sorted);
        for (int i = 1; i < Window; i++)
        {
            double v = sorted[i];
            int j = i - 1;
            while (j >= 0 && sorted[j] > v)
            {
                sorted[j + 1] = sorted[j];
                j--;
            }
            sorted[j + 1] = v;
        }
        return sorted[Window / 2];
    }
}
