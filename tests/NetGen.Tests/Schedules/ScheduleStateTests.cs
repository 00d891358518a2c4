using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Schedules;
using Xunit;

namespace NetGen.Tests.Schedules;

public class ScheduleStateTests
{
    // One factory per kind, all configured so that the 30 steps below cross their interesting points.
    private static readonly Dictionary<string, Func<LearningRateSchedule>> Kinds = new()
    {
        ["constant"] = () => new ConstantSchedule(0.1f),
        ["step"] = () => new StepSchedule(0.1f, stepSize: 4, gamma: 0.5),
        ["multiStep"] = () => new MultiStepSchedule(0.1f, new[] { 5, 12, 20 }, gamma: 0.3),
        ["exponential"] = () => new ExponentialSchedule(0.1f, gamma: 0.93),
        ["cosine"] = () => new CosineAnnealingSchedule(0.1f, tMax: 11, etaMin: 1e-3),
        ["warmupCosine"] = () => new WarmupSchedule(6, 0.1, new CosineAnnealingSchedule(0.1f, tMax: 17)),
        ["warmupPlateau"] = () => new WarmupSchedule(3, 0.2, Plateau()),
        ["oneCycle"] = () => new OneCycleSchedule(0.1f, totalSteps: 30, cosine: false),
        ["plateau"] = Plateau,
    };

    public static TheoryData<string> KindNames => new(Kinds.Keys);

    private static LearningRateSchedule Plateau() => new ReduceOnPlateauSchedule(0.1f, factor: 0.5, patience: 1, cooldown: 1, minRate: 1e-3);

    // A metric that improves, stalls and improves again, so that the plateau schedule reduces and cools down.
    private static float Metric(long t) => t % 7 < 3 ? 10f / (1 + t) : 5f;

    [Theory]
    [MemberData(nameof(KindNames))]
    public void LoadState_MidSequence_ContinuesBitForBit(string kind)
    {
        LearningRateSchedule original = Kinds[kind]();
        for (long t = 0; t < 13; t++)
        {
            original.Step(Metric(t));
        }

        LearningRateSchedule restored = Kinds[kind]();
        restored.LoadState(new Dictionary<string, double>(original.SaveState()));

        Assert.Equal(original.SaveState(), restored.SaveState());
        for (long t = 13; t < 30; t++)
        {
            ScheduleAssert.SameBits(original.CurrentRate, restored.CurrentRate, $"{kind} step {t}");
            original.Step(Metric(t));
            restored.Step(Metric(t));
        }
        ScheduleAssert.SameBits(original.CurrentRate, restored.CurrentRate, $"{kind} step 30");
        Assert.Equal(original.SaveState(), restored.SaveState());
    }

    [Theory]
    [MemberData(nameof(KindNames))]
    public void LoadState_OfAStateWithAnEntryMissingOrAdded_ThrowsAndChangesNothing(string kind)
    {
        LearningRateSchedule schedule = Kinds[kind]();
        schedule.Step(1f);
        IReadOnlyDictionary<string, double> before = schedule.SaveState();
        var saved = Kinds[kind]().SaveState();

        var missing = saved.Where(e => e.Key != "stepCount").ToDictionary(e => e.Key, e => e.Value);
        Assert.Contains("no 'stepCount' entry", Assert.Throws<ArgumentException>(() => schedule.LoadState(missing)).Message);

        var added = new Dictionary<string, double>(saved) { ["momentum"] = 0.9 };
        var ex = Assert.Throws<ArgumentException>(() => schedule.LoadState(added));
        Assert.Equal("state", ex.ParamName);
        Assert.Contains("'momentum'", ex.Message);

        Assert.Equal(before, schedule.SaveState());
    }

    [Fact]
    public void LoadState_FromAScheduleWithOtherArguments_ThrowsNamingTheArgument()
    {
        var saved = new StepSchedule(0.1f, stepSize: 4, gamma: 0.5).SaveState();
        var schedule = new StepSchedule(0.1f, stepSize: 4, gamma: 0.1);

        var ex = Assert.Throws<ArgumentException>(() => schedule.LoadState(saved));
        Assert.Contains("gamma = 0.5", ex.Message);
        Assert.Contains("construct the schedule with the arguments", ex.Message);
    }

    [Fact]
    public void LoadState_FromAnotherKindOfSchedule_Throws()
    {
        var saved = new ExponentialSchedule(0.1f, 0.5).SaveState();
        Assert.Throws<ArgumentException>(() => new StepSchedule(0.1f, 3, 0.5).LoadState(saved));
        Assert.Throws<ArgumentException>(() => new ConstantSchedule(0.1f).LoadState(saved));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(2.5)]
    [InlineData(double.NaN)]
    [InlineData(1e300)]
    public void LoadState_WithAStepCountThatIsNotAWholeNumber_Throws(double stepCount)
    {
        var state = new Dictionary<string, double>(new ExponentialSchedule(0.1f, 0.5).SaveState()) { ["stepCount"] = stepCount };
        var schedule = new ExponentialSchedule(0.1f, 0.5);
        Assert.Contains("whole number", Assert.Throws<ArgumentException>(() => schedule.LoadState(state)).Message);
        Assert.Equal(0, schedule.StepCount);
    }

    [Fact]
    public void LoadState_OfAPlateauStateOutOfRange_ThrowsAndChangesNothing()
    {
        var schedule = new ReduceOnPlateauSchedule(0.1f, patience: 3);
        schedule.Step(1f);
        var good = schedule.SaveState();

        foreach (var (key, value) in new[] { ("rate", 0.2), ("rate", -1.0), ("best", double.NaN), ("badEpochs", 4.0), ("cooldownCounter", 1.0) })
        {
            var bad = new Dictionary<string, double>(good) { [key] = value };
            Assert.Contains($"'{key}'", Assert.Throws<ArgumentException>(() => schedule.LoadState(bad)).Message);
        }
        Assert.Equal(good, schedule.SaveState());
    }

    [Fact]
    public void LoadState_OfAOneCycleStatePastTotalSteps_Throws()
    {
        var state = new Dictionary<string, double>(new OneCycleSchedule(0.1f, 20).SaveState()) { ["stepCount"] = 21 };
        Assert.Throws<ArgumentException>(() => new OneCycleSchedule(0.1f, 20).LoadState(state));
    }

    [Fact]
    public void LoadState_OfAWarmupWhoseWrappedStateIsBadOrOutOfStep_Throws()
    {
        var source = new WarmupSchedule(3, 0.5, new ExponentialSchedule(0.1f, 0.5));
        for (int i = 0; i < 5; i++)
        {
            source.Step();
        }
        var saved = source.SaveState();
        Assert.Equal(2, saved["then.stepCount"]);

        var otherGamma = new Dictionary<string, double>(saved) { ["then.gamma"] = 0.25 };
        var target = new WarmupSchedule(3, 0.5, new ExponentialSchedule(0.1f, 0.5));
        Assert.Contains("'then.'", Assert.Throws<ArgumentException>(() => target.LoadState(otherGamma)).Message);

        var outOfStep = new Dictionary<string, double>(saved) { ["then.stepCount"] = 1 };
        Assert.Contains("must be 2", Assert.Throws<ArgumentException>(() => target.LoadState(outOfStep)).Message);

        Assert.Equal(0, target.StepCount);
        Assert.Equal(0, target.Then.StepCount);
        target.LoadState(saved);
        Assert.Equal(2, target.Then.StepCount);
        ScheduleAssert.SameBits(source.CurrentRate, target.CurrentRate, "after load");
    }

    [Fact]
    public void LoadState_OfNull_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new ConstantSchedule(0.1f).LoadState(null!));
    }

    [Fact]
    public void SaveState_NamesConfigurationAndVariables()
    {
        var state = new ReduceOnPlateauSchedule(0.1f).SaveState();
        Assert.Equal(
            new[] { "badEpochs", "baseRate", "best", "cooldown", "cooldownCounter", "eps", "factor", "interval", "maximize", "minRate", "patience", "rate", "relativeThreshold", "stepCount", "threshold" },
            state.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(double.PositiveInfinity, state["best"]);
    }
}
