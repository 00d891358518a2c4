using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Schedules;
using Xunit;

namespace NetGen.Tests.Schedules;

public class MultiStepScheduleTests
{
    [Fact]
    public void CurrentRate_IsBaseTimesGammaToTheNumberOfMilestonesReached()
    {
        int[] milestones = { 3, 10, 11, 25 };
        double baseRate = 0.2f;
        ScheduleAssert.FollowsFormula(
            new MultiStepSchedule(0.2f, milestones, gamma: 0.5), 30, t => baseRate * Math.Pow(0.5, milestones.Count(m => m <= t)));
    }

    [Fact]
    public void CurrentRate_MatchesPyTorchsDocumentedExample()
    {
        // torch.optim.lr_scheduler.MultiStepLR docs (1.13): lr = 0.05 for epoch < 30, 0.005 for 30 <= epoch < 80,
        // 0.0005 for epoch >= 80, with MultiStepLR(optimizer, milestones=[30, 80], gamma=0.1).
        var table = new Dictionary<long, double> { [0] = 0.05, [29] = 0.05, [30] = 0.005, [79] = 0.005, [80] = 0.0005, [100] = 0.0005 };
        ScheduleAssert.FollowsTable(new MultiStepSchedule(0.05f, new[] { 30, 80 }), table);
    }

    [Fact]
    public void NoMilestones_KeepsTheBaseRate()
    {
        ScheduleAssert.FollowsFormula(new MultiStepSchedule(0.05f, Array.Empty<int>()), 10, t => 0.05f);
    }

    [Fact]
    public void Milestones_AreACopyOfTheArgument()
    {
        var list = new List<int> { 2, 4 };
        var schedule = new MultiStepSchedule(1f, list, gamma: 0.5);
        list[0] = 1;
        schedule.Step();
        Assert.Equal(new[] { 2, 4 }, schedule.Milestones);
        Assert.Equal(1f, schedule.CurrentRate);
    }

    [Theory]
    [InlineData(new[] { 5, 3 })]
    [InlineData(new[] { 3, 3 })]
    [InlineData(new[] { 0, 4 })]
    [InlineData(new[] { -1 })]
    public void Constructor_RejectsMilestonesThatAreNotPositiveAndStrictlyIncreasing(int[] milestones)
    {
        var ex = Assert.Throws<ArgumentException>(() => new MultiStepSchedule(0.1f, milestones));
        Assert.Equal("milestones", ex.ParamName);
        Assert.Contains("strictly increasing", ex.Message);
    }

    [Fact]
    public void Constructor_RejectsNullMilestonesAndABadGamma()
    {
        Assert.Throws<ArgumentNullException>(() => new MultiStepSchedule(0.1f, null!));
        Assert.Equal("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => new MultiStepSchedule(0.1f, new[] { 1 }, gamma: 2)).ParamName);
    }
}
