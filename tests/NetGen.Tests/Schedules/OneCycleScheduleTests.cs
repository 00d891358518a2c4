using System;
using System.Collections.Generic;
using NetGen.Schedules;
using Xunit;

namespace NetGen.Tests.Schedules;

public class OneCycleScheduleTests
{
    // OneCycleLR's two phases (three_phase=False) as PyTorch 1.13 writes them, with e = pct_start * total_steps - 1:
    //   t <= e: anneal(max / div, max, t / e)
    //   t > e:  anneal(max, max / div / final_div, (t - e) / (total_steps - 1 - e))
    // _annealing_cos(start, end, p) = end + (start - end) / 2 * (cos(pi p) + 1); _annealing_linear = (end - start) p + start.
    private static double Phases(double max, long total, double pctStart, double div, double finalDiv, bool cosine, long t)
    {
        double initial = max / div, min = initial / finalDiv, e = pctStart * total - 1;
        Func<double, double, double, double> anneal = cosine
            ? (start, end, p) => end + (start - end) / 2 * (Math.Cos(Math.PI * p) + 1)
            : (start, end, p) => (end - start) * p + start;
        return t <= e ? anneal(initial, max, t / e) : anneal(max, min, (t - e) / (total - 1 - e));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CurrentRate_FollowsThePhaseFormulas(bool cosine)
    {
        // 0.3 * 30 is exactly 9 in double, so the rising phase ends at step 8.
        var schedule = new OneCycleSchedule(1f, totalSteps: 30, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4, cosine: cosine);

        // 29 steps: the rates of the run's 30 optimizer steps (step 30 is the clamped end, tested below).
        ScheduleAssert.FollowsFormula(schedule, 29, t => Phases(1f, 30, 0.3, 25, 1e4, cosine, t));
    }

    [Fact]
    public void CurrentRate_MatchesATranscriptionOfPyTorchsGetLr()
    {
        // Values from PyTorch 1.13's OneCycleLR.get_lr and _annealing_cos transcribed line by line into Python
        // (not from a PyTorch run): max_lr=1, total_steps=30, defaults otherwise, rounded to float.
        var table = new Dictionary<long, double>
        {
            [0] = 0.04, [1] = 0.07653782516717911, [4] = 0.5199999809265137, [8] = 1.0, [9] = 0.9944154620170593,
            [15] = 0.7500010132789612, [22] = 0.25000301003456116, [28] = 0.005588564556092024, [29] = 4e-6,
        };
        ScheduleAssert.FollowsTable(new OneCycleSchedule(1f, totalSteps: 30), table);
    }

    [Fact]
    public void CurrentRate_StartsAtMaxOverDiv_PeaksAtMax_EndsAtTheMinimum()
    {
        // 0.3 * 30 is exactly 9, so the peak is at step 8; the last step, 29, gives max / 25 / 1e4.
        var schedule = new OneCycleSchedule(0.1f, totalSteps: 30);
        Assert.Equal((float)(0.1f / 25.0), schedule.CurrentRate);
        Assert.Equal((float)(0.1f / 25.0), schedule.BaseRate);
        for (int t = 1; t <= 29; t++)
        {
            schedule.Step();
            if (t == 8)
            {
                Assert.Equal(0.1f, schedule.CurrentRate);
            }
        }
        Assert.Equal((float)(0.1f / 25.0 / 1e4), schedule.CurrentRate);
    }

    [Theory]
    [InlineData(0.55, 100)]   // 0.55 * 100 is 55.00000000000001 in double (and in Python): step 54 is just short of the peak
    [InlineData(0.35, 10)]    // 3.5 - 1: the peak, at step 2.5, falls between steps and is never reached
    public void AFractionalEndOfTheRisingPhase_IsKeptAsPyTorchKeepsIt(double pctStart, long totalSteps)
    {
        Assert.NotEqual(Math.Floor(pctStart * totalSteps), pctStart * totalSteps);
        ScheduleAssert.FollowsFormula(
            new OneCycleSchedule(0.5f, totalSteps, pctStart), (int)totalSteps - 1, t => Phases(0.5f, totalSteps, pctStart, 25, 1e4, true, t));
    }

    [Fact]
    public void Step_AfterTotalSteps_Throws_AndTheFinalRateIsTheMinimum()
    {
        var schedule = new OneCycleSchedule(1f, totalSteps: 12, cosine: false);
        for (int i = 0; i < 12; i++)
        {
            schedule.Step();
        }

        // e = 0.3 * 12 - 1 = 2.6: PyTorch would extrapolate the linear phase to p = 9.4 / 8.4, a rate of about -0.12;
        // this schedule clamps p to 1.
        Assert.Equal((float)(1f / 25.0 / 1e4), schedule.CurrentRate);
        var ex = Assert.Throws<InvalidOperationException>(() => schedule.Step());
        Assert.Contains("all its 12 steps", ex.Message);
        Assert.Equal(12, schedule.StepCount);
    }

    [Fact]
    public void Interval_IsBatch()
    {
        Assert.Equal(ScheduleInterval.Batch, new OneCycleSchedule(0.1f, 100).Interval);
    }

    [Fact]
    public void PctStartZeroOrOne_GivesFiniteRatesThroughTheRun()
    {
        foreach (double pctStart in new[] { 0.0, 1.0 })
        {
            var schedule = new OneCycleSchedule(1f, totalSteps: 10, pctStart: pctStart);
            for (int t = 0; t <= 10; t++)
            {
                Assert.True(float.IsFinite(schedule.CurrentRate) && schedule.CurrentRate > 0, $"pctStart {pctStart}, step {t}");
                if (t < 10)
                {
                    schedule.Step();
                }
            }
        }
    }

    [Theory]
    [InlineData(0f, 100L, 0.3, 25.0, 1e4, "maxRate")]
    [InlineData(float.NaN, 100L, 0.3, 25.0, 1e4, "maxRate")]
    [InlineData(1f, 0L, 0.3, 25.0, 1e4, "totalSteps")]
    [InlineData(1f, 100L, -0.1, 25.0, 1e4, "pctStart")]
    [InlineData(1f, 100L, 1.1, 25.0, 1e4, "pctStart")]
    [InlineData(1f, 100L, double.NaN, 25.0, 1e4, "pctStart")]
    [InlineData(1f, 100L, 0.3, 0.0, 1e4, "divFactor")]
    [InlineData(1f, 100L, 0.3, 25.0, -1.0, "finalDivFactor")]
    public void Constructor_RejectsBadArguments(float maxRate, long totalSteps, double pctStart, double divFactor, double finalDivFactor, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycleSchedule(maxRate, totalSteps, pctStart, divFactor, finalDivFactor));
        Assert.Equal(parameter, ex.ParamName);
    }

    [Fact]
    public void Constructor_RejectsARisingPhaseThatEndsAtStepZero()
    {
        // 0.1 * 10 - 1 == 0: PyTorch divides 0 by 0 in its constructor.
        var ex = Assert.Throws<ArgumentException>(() => new OneCycleSchedule(1f, totalSteps: 10, pctStart: 0.1));
        Assert.Equal("pctStart", ex.ParamName);
    }
}
