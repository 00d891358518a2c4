using System;
using System.Collections.Generic;
using NetGen.Schedules;
using Xunit;

namespace NetGen.Tests.Schedules;

public class WarmupScheduleTests
{
    // LinearLR's closed form with end_factor 1: base * (startFactor + (1 - startFactor) * min(t, warmup) / warmup).
    private static double Linear(double baseRate, double startFactor, int warmup, long t) =>
        baseRate * (startFactor + (1 - startFactor) * Math.Min(t, warmup) / warmup);

    [Fact]
    public void WrappingCosine_RisesLinearlyThenFollowsTheCosineFromItsStepZero()
    {
        double baseRate = 1f, etaMin = 0.01;
        var schedule = new WarmupSchedule(5, 0.1, new CosineAnnealingSchedule(1f, tMax: 20, etaMin: 0.01));

        ScheduleAssert.FollowsFormula(schedule, 30, t => t < 5
            ? Linear(baseRate, 0.1, 5, t)
            : etaMin + (baseRate - etaMin) * (1 + Math.Cos(Math.PI * (t - 5) / 20)) / 2);
    }

    [Fact]
    public void WrappingStep_RisesLinearlyThenDecaysEveryStepSizeFromTheEndOfTheWarmup()
    {
        double baseRate = 0.5f;
        var schedule = new WarmupSchedule(4, 0.25, new StepSchedule(0.5f, stepSize: 3, gamma: 0.5));

        ScheduleAssert.FollowsFormula(schedule, 30, t => t < 4
            ? Linear(baseRate, 0.25, 4, t)
            : baseRate * Math.Pow(0.5, Math.Floor((t - 4) / 3.0)));
    }

    [Fact]
    public void Warmup_MatchesPyTorchsDocumentedLinearLRExample()
    {
        // torch.optim.lr_scheduler.LinearLR docs (1.13), LinearLR(optimizer, start_factor=0.5, total_iters=4) with
        // lr = 0.05: 0.025 at epoch 0, 0.03125 at 1, 0.0375 at 2, 0.04375 at 3, 0.05 from epoch 4.
        var table = new Dictionary<long, double> { [0] = 0.025, [1] = 0.03125, [2] = 0.0375, [3] = 0.04375, [4] = 0.05, [9] = 0.05 };
        ScheduleAssert.FollowsTable(new WarmupSchedule(4, 0.5, new ConstantSchedule(0.05f)), table);
    }

    [Fact]
    public void BaseRateAndInterval_AreTheWrappedSchedules()
    {
        var schedule = new WarmupSchedule(3, 0.1, new ExponentialSchedule(0.2f, 0.9, ScheduleInterval.Batch));
        Assert.Equal(0.2f, schedule.BaseRate);
        Assert.Equal(ScheduleInterval.Batch, schedule.Interval);
        Assert.Equal((float)(0.2f * 0.1), schedule.CurrentRate);
    }

    [Fact]
    public void WrappingPlateau_IgnoresMissingMetricsDuringTheWarmupAndPassesThemOnAfter()
    {
        var plateau = new ReduceOnPlateauSchedule(1f, factor: 0.5, patience: 0);
        var schedule = new WarmupSchedule(2, 0.5, plateau);
        schedule.Step();
        schedule.Step();
        Assert.Equal(1f, schedule.CurrentRate);

        var ex = Assert.Throws<ArgumentException>(() => schedule.Step());
        Assert.Contains("Step(metric)", ex.Message);
        Assert.Equal(2, schedule.StepCount);
        Assert.Equal(0, plateau.StepCount);

        schedule.Step(3f);    // plateau's first metric: the new best
        schedule.Step(4f);    // worse, and patience 0: halve
        Assert.Equal(0.5f, schedule.CurrentRate);
        Assert.Equal(2, plateau.StepCount);
    }

    [Fact]
    public void SteppingTheWrappedScheduleDirectly_IsRefusedAtTheNextStep()
    {
        var cosine = new CosineAnnealingSchedule(1f, 10);
        var schedule = new WarmupSchedule(2, 0.5, cosine);
        cosine.Step();

        var ex = Assert.Throws<InvalidOperationException>(() => schedule.Step());
        Assert.Contains("step only the WarmupSchedule", ex.Message);
        Assert.Equal(0, schedule.StepCount);
    }

    [Theory]
    [InlineData(0, 0.1, "warmupSteps")]
    [InlineData(5, 0.0, "startFactor")]
    [InlineData(5, 1.5, "startFactor")]
    [InlineData(5, double.NaN, "startFactor")]
    public void Constructor_RejectsBadArguments(int warmupSteps, double startFactor, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupSchedule(warmupSteps, startFactor, new ConstantSchedule(0.1f)));
        Assert.Equal(parameter, ex.ParamName);
    }

    [Fact]
    public void Constructor_RejectsANullSteppedOrAlreadyWrappedSchedule()
    {
        Assert.Throws<ArgumentNullException>(() => new WarmupSchedule(3, 0.1, null!));

        var stepped = new ConstantSchedule(0.1f);
        stepped.Step();
        Assert.Contains("already been stepped", Assert.Throws<ArgumentException>(() => new WarmupSchedule(3, 0.1, stepped)).Message);

        var wrapped = new ConstantSchedule(0.1f);
        _ = new WarmupSchedule(3, 0.1, wrapped);
        Assert.Contains("already follows", Assert.Throws<ArgumentException>(() => new WarmupSchedule(3, 0.1, wrapped)).Message);
    }

    [Fact]
    public void Constructor_WithABadArgument_LeavesTheScheduleFreeToWrap()
    {
        var cosine = new CosineAnnealingSchedule(1f, 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupSchedule(0, 0.1, cosine));
        _ = new WarmupSchedule(3, 0.1, cosine);
    }
}
