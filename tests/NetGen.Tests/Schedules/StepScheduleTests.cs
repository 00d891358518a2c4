using System;
using System.Collections.Generic;
using NetGen.Schedules;
using Xunit;

namespace NetGen.Tests.Schedules;

public class StepScheduleTests
{
    [Fact]
    public void CurrentRate_IsBaseTimesGammaToTheFloorOfStepOverStepSize()
    {
        double baseRate = 0.1f;
        ScheduleAssert.FollowsFormula(new StepSchedule(0.1f, stepSize: 7, gamma: 0.5), 30, t => baseRate * Math.Pow(0.5, Math.Floor(t / 7.0)));
    }

    [Fact]
    public void CurrentRate_MatchesPyTorchsDocumentedExample()
    {
        // torch.optim.lr_scheduler.StepLR docs (1.13): lr = 0.05 for epoch < 30, 0.005 for 30 <= epoch < 60,
        // 0.0005 for 60 <= epoch < 90, with StepLR(optimizer, step_size=30, gamma=0.1).
        var table = new Dictionary<long, double> { [0] = 0.05, [29] = 0.05, [30] = 0.005, [59] = 0.005, [60] = 0.0005, [89] = 0.0005 };
        ScheduleAssert.FollowsTable(new StepSchedule(0.05f, stepSize: 30, gamma: 0.1), table);
    }

    [Fact]
    public void Step_IgnoresAMetric()
    {
        var schedule = new StepSchedule(1f, stepSize: 1, gamma: 0.5);
        schedule.Step(3f);
        Assert.Equal(0.5f, schedule.CurrentRate);
    }

    [Theory]
    [InlineData(0, 0.1, "stepSize")]
    [InlineData(-3, 0.1, "stepSize")]
    [InlineData(5, 0.0, "gamma")]
    [InlineData(5, 1.5, "gamma")]
    [InlineData(5, double.NaN, "gamma")]
    public void Constructor_RejectsBadArguments(int stepSize, double gamma, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new StepSchedule(0.1f, stepSize, gamma));
        Assert.Equal(parameter, ex.ParamName);
    }
}
