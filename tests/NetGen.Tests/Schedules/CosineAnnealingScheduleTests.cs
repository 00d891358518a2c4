using System;
using NetGen.Schedules;
using Xunit;

namespace NetGen.Tests.Schedules;

public class CosineAnnealingScheduleTests
{
    [Fact]
    public void CurrentRate_FollowsTheClosedFormAcrossThreeHalfPeriods()
    {
        // 30 steps with tMax = 10: down to etaMin at 10, back up to the base at 20 (PyTorch keeps the cosine going
        // after T_max), down again at 30.
        double baseRate = 0.1f, etaMin = 0.001;
        ScheduleAssert.FollowsFormula(
            new CosineAnnealingSchedule(0.1f, tMax: 10, etaMin: 0.001), 30,
            t => etaMin + (baseRate - etaMin) * (1 + Math.Cos(Math.PI * t / 10)) / 2);
    }

    [Fact]
    public void CurrentRate_IsTheBaseAtZero_EtaMinAtTMax_AndTheBaseAgainAtTwiceTMax()
    {
        var schedule = new CosineAnnealingSchedule(0.1f, tMax: 10, etaMin: 0.001);
        Assert.Equal(0.1f, schedule.CurrentRate);
        for (int t = 1; t <= 20; t++)
        {
            schedule.Step();
            if (t == 10)
            {
                Assert.Equal((float)0.001, schedule.CurrentRate);
            }
        }
        Assert.Equal(0.1f, schedule.CurrentRate, 1e-8f);
    }

    [Fact]
    public void CurrentRate_StaysWithinRoundingOfPyTorchsChainableForm()
    {
        // CosineAnnealingLR.get_lr in PyTorch 1.13, the recursive form its step() uses:
        //   if (t - 1 - T_max) % (2 T_max) == 0: lr + (base - eta_min)(1 - cos(pi / T_max)) / 2
        //   else: (1 + cos(pi t / T_max)) / (1 + cos(pi (t - 1) / T_max)) (lr - eta_min) + eta_min
        const int tMax = 7;
        double baseRate = 0.05f, etaMin = 0.002, lr = baseRate;
        var schedule = new CosineAnnealingSchedule(0.05f, tMax, etaMin);
        for (int t = 1; t <= 30; t++)
        {
            lr = (t - 1 - tMax) % (2 * tMax) == 0
                ? lr + (baseRate - etaMin) * (1 - Math.Cos(Math.PI / tMax)) / 2
                : (1 + Math.Cos(Math.PI * t / tMax)) / (1 + Math.Cos(Math.PI * (t - 1) / tMax)) * (lr - etaMin) + etaMin;
            schedule.Step();
            Assert.True(Math.Abs(schedule.CurrentRate - lr) <= 1e-6 * baseRate, $"step {t}: chainable {lr:R}, closed form {schedule.CurrentRate:R}");
        }
    }

    [Theory]
    [InlineData(0, 0.0, "tMax")]
    [InlineData(-5, 0.0, "tMax")]
    [InlineData(10, -0.001, "etaMin")]
    [InlineData(10, 0.5, "etaMin")]
    [InlineData(10, double.NaN, "etaMin")]
    public void Constructor_RejectsBadArguments(int tMax, double etaMin, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingSchedule(0.1f, tMax, etaMin));
        Assert.Equal(parameter, ex.ParamName);
    }
}
