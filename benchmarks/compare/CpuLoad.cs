using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace NetGen.Compare;

/// <summary>
/// How busy the machine is with other work: all CPU time the kernel accounts (/proc/stat, steal included) less this
/// process's, its finished children's and its running child processes' (/proc/PID/stat), as a share of every logical
/// processor's wall time. Benchmarks on a shared machine are only as good as this number is small.
/// </summary>
public sealed class CpuLoad
{
    // USER_HZ is 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    private static readonly List<int> s_children = new();

    private readonly long _busy0;
    private readonly long _own0;
    private readonly long _start;

    private CpuLoad(long busy, long own)
    {
        _busy0 = busy;
        _own0 = own;
        _start = Stopwatch.GetTimestamp();
    }

    /// <summary>Counts <paramref name="pid"/>'s CPU time as this run's own while it runs (the PyTorch server).</summary>
    public static void AddChild(int pid)
    {
        lock (s_children)
        {
            s_children.Add(pid);
        }
    }

    /// <summary>Stops counting <paramref name="pid"/> separately (once waited for, it is in this process's children's time).</summary>
    public static void RemoveChild(int pid)
    {
        lock (s_children)
        {
            s_children.Remove(pid);
        }
    }

    /// <summary>Starts watching; null where /proc is not available.</summary>
    public static CpuLoad? Start() => Read(out long busy, out long own) ? new CpuLoad(busy, own) : null;

    /// <summary>The share of all processors' time that other processes used since <see cref="Start"/>, or NaN.</summary>
    public double ForeignShare()
    {
        if (!Read(out long busy, out long own))
        {
            return double.NaN;
        }
        double seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        double foreign = (busy - _busy0 - (own - _own0)) / TicksPerSecond;
        return Math.Max(0, foreign / (seconds * Environment.ProcessorCount));
    }

    /// <summary>The system load averages (1, 5, 15 minutes), or empty.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ', 4)[..3]) : "";

    private static bool Read(out long busy, out long own)
    {
        busy = own = 0;
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal ..."; busy = all but idle and iowait.
            string[] cpu = File.ReadAllLines("/proc/stat")[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (int i = 1; i < cpu.Length && i <= 8; i++)
            {
                if (i != 4 && i != 5)
                {
                    busy += long.Parse(cpu[i], CultureInfo.InvariantCulture);
                }
            }
            own = ProcessTicks("/proc/self/stat", children: true);
            lock (s_children)
            {
                foreach (int pid in s_children)
                {
                    own += ProcessTicks($"/proc/{pid}/stat", children: false);
                }
            }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    // Fields after the ")" of the command name: utime and stime are fields 14 and 15, cutime and cstime 16 and 17.
    private static long ProcessTicks(string path, bool children)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return 0; // the child has exited
        }
        string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = 0;
        for (int i = 11; i <= (children ? 14 : 12); i++)
        {
            ticks += long.Parse(f[i], CultureInfo.InvariantCulture);
        }
        return ticks;
    }
}
