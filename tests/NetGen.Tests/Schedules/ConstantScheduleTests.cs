using System;
using NetGen.Schedules;
using Xunit;

namespace NetGen.Tests.Schedules;

public class ConstantScheduleTests
{
    [Fact]
    public void CurrentRate_IsTheBaseRateAtEveryStep()
    {
        var schedule = new ConstantSchedule(0.03f);

        ScheduleAssert.FollowsFormula(schedule, 30, t => 0.03f, metric: t => t);

        Assert.Equal(ScheduleInterval.Epoch, schedule.Interval);
        Assert.Equal(0.03f, schedule.BaseRate);
    }

    [Fact]
    public void Interval_IsTheOneGiven()
    {
        Assert.Equal(ScheduleInterval.Batch, new ConstantSchedule(0.1f, ScheduleInterval.Batch).Interval);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Constructor_RejectsABaseRateThatIsNotFiniteAndNonNegative(float baseRate)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(baseRate));
        Assert.Equal("baseRate", ex.ParamName);
    }

    [Fact]
    public void Constructor_RejectsAnUndefinedInterval()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(0.1f, (ScheduleInterval)7));
        Assert.Equal("interval", ex.ParamName);
    }
}
