using System;
using NetGen.Schedules;
using Xunit;

namespace NetGen.Tests.Schedules;

public class ReduceOnPlateauScheduleTests
{
    [Fact]
    public void MinimizingWithCooldown_ReducesAfterPatience_HoldsThroughCooldown_StopsAtMinRate()
    {
        // mode 'min', threshold_mode 'rel', threshold 0.25 (better means metric < best * 0.75), patience 2,
        // cooldown 2, factor 0.5, min_lr 0.1, eps 1e-8, base 1. Derived by hand from ReduceLROnPlateau.step:
        //  t  metric  best  better?              bad  cooldown  rate
        //  1  8       8     yes (< inf)          0    0         1
        //  2  6       8     no: 6 < 6 is false   1    0         1      an improvement of exactly the threshold is not one
        //  3  4       4     yes: 4 < 6           0    0         1
        //  4  3.5     4     no: 3.5 < 3 false    1    0         1
        //  5  3.25    4     no                   2    0         1      2 > patience 2 is false
        //  6  3.1     4     no                   3->0 2         0.5    reduce; cooldown starts
        //  7  5       4     no                   0    1         0.5    bad steps ignored in cooldown
        //  8  5       4     no                   0    0         0.5
        //  9  5       4     no                   1    0         0.5
        // 10  5       4     no                   2    0         0.5
        // 11  5       4     no                   3->0 2         0.25   reduce
        // 12  2       2     yes: 2 < 3           0    1         0.25
        // 13  2       2     no: 2 < 1.5 false    0    0         0.25   (still cooling down)
        // 14,15  2    2     no                   1, 2 0         0.25
        // 16  2       2     no                   3->0 2         0.125  reduce
        // 17,18 cooldown; 19,20 bad 1, 2; 21 bad 3: max(0.0625, 0.1) = 0.1, and 0.125 - 0.1 > eps: 0.1
        // 22,23 cooldown; 24,25 bad 1, 2; 26 bad 3: max(0.05, 0.1) = 0.1, 0.1 - 0.1 > eps is false: no change,
        //       but cooldown and bad steps reset as in PyTorch
        // 27..30: cooldown 2, 1, then bad 1, 2: 0.1
        float[] metrics = { 8, 6, 4, 3.5f, 3.25f, 3.1f, 5, 5, 5, 5, 5, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 };
        double[] rates =
        {
            1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125, 0.125, 0.125,
            0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1,
        };
        var schedule = new ReduceOnPlateauSchedule(1f, factor: 0.5, patience: 2, threshold: 0.25, cooldown: 2, minRate: 0.1);

        ScheduleAssert.FollowsFormula(schedule, 30, t => rates[t], metric: t => metrics[t - 1]);

        Assert.Equal(2, schedule.Best);
        Assert.Equal(2, schedule.BadEpochs);
        Assert.Equal(0, schedule.CooldownCounter);
    }

    [Fact]
    public void MaximizingWithAbsoluteThreshold_AndNoPatience_ReducesAtEachBadStep()
    {
        // mode 'max', threshold_mode 'abs', threshold 0.125 (better means metric > best + 0.125), patience 0, factor 0.1.
        //  t  metric  best   better?                 rate
        //  1  0.5     0.5    yes (> -inf)            1
        //  2  0.625   0.5    no: 0.625 > 0.625 false 0.1         bad 1 > 0: reduce (PyTorch's patience-0 example)
        //  3  0.75    0.75   yes: 0.75 > 0.625       0.1
        //  4  0.75    0.75   no                      0.1 * 0.1
        //  5  1       1      yes                     0.1 * 0.1
        float[] metrics = { 0.5f, 0.625f, 0.75f, 0.75f, 1f };
        double[] rates = { 1, 1, 0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1 };
        var schedule = new ReduceOnPlateauSchedule(1f, maximize: true, factor: 0.1, patience: 0, threshold: 0.125, relativeThreshold: false);

        ScheduleAssert.FollowsFormula(schedule, 5, t => rates[t], metric: t => metrics[t - 1]);
    }

    [Fact]
    public void RelativeThresholdOnNegativeMetrics_ComparesAsPyTorchDoes()
    {
        // 'min'/'rel' tests a < best * (1 - threshold); for best = -4 and threshold 0.25 that is a < -3, so -3.5
        // counts as better although it is above -4, and becomes the best. PyTorch behaves the same.
        var schedule = new ReduceOnPlateauSchedule(1f, threshold: 0.25);
        schedule.Step(-4f);
        schedule.Step(-3.5f);
        Assert.Equal(-3.5, schedule.Best);
        Assert.Equal(0, schedule.BadEpochs);
    }

    [Fact]
    public void NaNMetric_CountsAsABadStep()
    {
        var schedule = new ReduceOnPlateauSchedule(1f, factor: 0.5, patience: 0);
        schedule.Step(1f);
        schedule.Step(float.NaN);
        Assert.Equal(0.5f, schedule.CurrentRate);
        Assert.Equal(1, schedule.Best);
    }

    [Fact]
    public void ReductionsNoLargerThanEps_AreSkipped()
    {
        // With the default eps 1e-8 a rate of 1e-8 is never reduced: 1e-8 - 1e-9 > 1e-8 is false.
        var schedule = new ReduceOnPlateauSchedule(1e-8f, patience: 0);
        for (int t = 0; t < 10; t++)
        {
            schedule.Step(1f);
        }
        Assert.Equal(1e-8f, schedule.CurrentRate);
    }

    [Fact]
    public void Step_WithoutAMetric_ThrowsNamingTheFix_AndChangesNothing()
    {
        var schedule = new ReduceOnPlateauSchedule(1f);
        schedule.Step(2f);

        var ex = Assert.Throws<ArgumentException>(() => schedule.Step());
        Assert.Equal("metric", ex.ParamName);
        Assert.Contains("Step(metric)", ex.Message);
        Assert.Equal(1, schedule.StepCount);
        Assert.Equal(0, schedule.BadEpochs);
    }

    [Theory]
    [InlineData(1.0, 10, 1e-4, true, 0, 0.0, 1e-8, "factor")]
    [InlineData(0.0, 10, 1e-4, true, 0, 0.0, 1e-8, "factor")]
    [InlineData(0.1, -1, 1e-4, true, 0, 0.0, 1e-8, "patience")]
    [InlineData(0.1, 10, -1e-4, true, 0, 0.0, 1e-8, "threshold")]
    [InlineData(0.1, 10, 1.0, true, 0, 0.0, 1e-8, "threshold")]
    [InlineData(0.1, 10, double.PositiveInfinity, false, 0, 0.0, 1e-8, "threshold")]
    [InlineData(0.1, 10, 1e-4, true, -2, 0.0, 1e-8, "cooldown")]
    [InlineData(0.1, 10, 1e-4, true, 0, -0.1, 1e-8, "minRate")]
    [InlineData(0.1, 10, 1e-4, true, 0, 2.0, 1e-8, "minRate")]
    [InlineData(0.1, 10, 1e-4, true, 0, 0.0, double.NaN, "eps")]
    public void Constructor_RejectsBadArguments(
        double factor, int patience, double threshold, bool relative, int cooldown, double minRate, double eps, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => new ReduceOnPlateauSchedule(1f, false, factor, patience, threshold, relative, cooldown, minRate, eps));
        Assert.Equal(parameter, ex.ParamName);
    }

    [Fact]
    public void AbsoluteThresholdAboveOne_IsAllowed()
    {
        Assert.Equal(5, new ReduceOnPlateauSchedule(1f, threshold: 5, relativeThreshold: false).Threshold);
    }
}
