using System;
using System.Globalization;

namespace Samples.Game;

/// <summary>The sample's command line: <c>--frames N --budget-ms X --seed S --warmup-frames N</c>.</summary>
internal sealed record GameOptions(int Frames, double BudgetMilliseconds, long Seed, int WarmupFrames)
{
    public const string Usage = "usage: Game [--frames 10000] [--budget-ms 2] [--seed 1] [--warmup-frames 300]";

    public static GameOptions Default { get; } = new(10_000, 2.0, 1, 300);

    /// <summary>Reads the options; throws <see cref="ArgumentException"/> with the usage on anything else.</summary>
    public static GameOptions Parse(string[] args)
    {
        GameOptions options = Default;
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            options = args[i] switch
            {
                "--frames" => options with { Frames = Int(value, 2 * GameRun.Window, "--frames") }, // a first and a last window
                "--budget-ms" => options with { BudgetMilliseconds = Milliseconds(value) },
                "--seed" => options with { Seed = long.Parse(value, CultureInfo.InvariantCulture) },
                "--warmup-frames" => options with { WarmupFrames = Int(value, 0, "--warmup-frames") },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {Usage}"),
            };
            i++;
        }
        return options;
    }

    private static int Int(string value, int min, string name)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min)
        {
            throw new ArgumentException($"{name} must be a whole number of at least {min}, not '{value}'. {Usage}");
        }
        return n;
    }

    private static double Milliseconds(string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) || !(ms >= 0 && ms <= 1000))
        {
            throw new ArgumentException($"--budget-ms must be a number of milliseconds from 0 to 1000, not '{value}'. {Usage}");
        }
        return ms;
    }
}
