using System;
using System.Globalization;

namespace NetGen.Schedules;

/// <summary>The argument checks the schedules share, so that the same mistake gets the same message everywhere.</summary>
internal static class ScheduleArguments
{
    public static void Rate(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite learning rate >= 0, such as 0.01.");
        }
    }

    public static void AtLeastOne(long value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} counts schedule steps and must be at least 1.");
        }
    }

    public static void NotNegative(long value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} counts schedule steps and must be 0 or more.");
        }
    }

    public static void Gamma(double value, string name)
    {
        if (!(value > 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(
                name, value, $"{name} multiplies the rate at each decay and must be in (0, 1], for example 0.1 to divide it by ten.");
        }
    }

    public static void Interval(ScheduleInterval value, string name)
    {
        if (value is not (ScheduleInterval.Epoch or ScheduleInterval.Batch))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be ScheduleInterval.Epoch or ScheduleInterval.Batch.");
        }
    }

    /// <summary>A double as text that parses back to the same value, whatever the current culture.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
