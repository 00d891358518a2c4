using System;
using System.Collections.Generic;
using NetGen.Schedules;
using Xunit;

namespace NetGen.Tests.Schedules;

/// <summary>Checks a schedule's rates against a formula written out in the test, bit for bit.</summary>
internal static class ScheduleAssert
{
    /// <summary>
    /// Checks <c>CurrentRate == (float)formula(t)</c> exactly at t = 0 (before any step) through <paramref name="steps"/>,
    /// stepping once between checks with the metric <paramref name="metric"/> gives for the step being taken.
    /// </summary>
    public static void FollowsFormula(LearningRateSchedule schedule, int steps, Func<long, double> formula, Func<long, float?>? metric = null)
    {
        for (long t = 0; ; t++)
        {
            Assert.Equal(t, schedule.StepCount);
            SameBits((float)formula(t), schedule.CurrentRate, $"step {t}");
            if (t == steps)
            {
                return;
            }
            schedule.Step(metric?.Invoke(t + 1));
        }
    }

    /// <summary>Checks each rate against a table of approximate values (such as those PyTorch's documentation prints).</summary>
    public static void FollowsTable(LearningRateSchedule schedule, IReadOnlyDictionary<long, double> table, double relativeTolerance = 1e-6)
    {
        long last = 0;
        foreach (long t in table.Keys)
        {
            last = Math.Max(last, t);
        }
        for (long t = 0; t <= last; t++)
        {
            if (table.TryGetValue(t, out double expected))
            {
                double actual = schedule.CurrentRate;
                Assert.True(Math.Abs(actual - expected) <= relativeTolerance * Math.Abs(expected), $"step {t}: expected about {expected:R}, got {actual:R}");
            }
            schedule.Step();
        }
    }

    public static void SameBits(float expected, float actual, string where) =>
        Assert.True(
            BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual),
            $"{where}: expected {expected:R}, got {actual:R}");
}
