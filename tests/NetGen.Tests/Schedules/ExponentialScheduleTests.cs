using System;
using NetGen.Schedules;
using Xunit;

namespace NetGen.Tests.Schedules;

public class ExponentialScheduleTests
{
    [Fact]
    public void CurrentRate_IsBaseTimesGammaToTheStep()
    {
        double baseRate = 0.1f;
        ScheduleAssert.FollowsFormula(new ExponentialSchedule(0.1f, gamma: 0.9), 30, t => baseRate * Math.Pow(0.9, t));
    }

    [Fact]
    public void CurrentRate_StaysWithinRoundingOfPyTorchsChainableProduct()
    {
        // PyTorch's step() multiplies the previous rate by gamma; the closed form used here differs from that
        // product by rounding only.
        var schedule = new ExponentialSchedule(0.1f, gamma: 0.9);
        double chained = 0.1f;
        for (int t = 1; t <= 30; t++)
        {
            schedule.Step();
            chained *= 0.9;
            Assert.True(Math.Abs(schedule.CurrentRate - chained) <= 1e-6 * chained, $"step {t}");
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.01)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_RejectsAGammaOutsideZeroToOne(double gamma)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialSchedule(0.1f, gamma));
        Assert.Equal("gamma", ex.ParamName);
        Assert.Contains("(0, 1]", ex.Message);
    }
}
