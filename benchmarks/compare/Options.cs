using System;
using System.Globalization;
using System.IO;

namespace NetGen.Compare;

/// <summary>The command line of the runner.</summary>
public sealed class Options
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        NetGen.Compare: NetGen against PyTorch (1 thread, OpenBLAS) and ONNX Runtime (1 thread), one table.

          dotnet run -c Release --project benchmarks/compare [-- options]

          --install          apt-get install python3-torch libopenblas0-openmp first (Debian 12; needs root or sudo)
          --quick            3 repetitions of 0.2 s instead of 7 of 1 s (a smoke test; numbers are noisier)
          --reps N           repetitions per measurement (default 7)
          --seconds S        seconds per repetition (default 1)
          --python PATH      the Python with torch (default /usr/bin/python3, Debian's)
          --work DIR         where checkpoints, inputs and ONNX files go (default: compare-work beside the program)
          --markdown FILE    also write the configuration and tables to FILE as Markdown
          --no-peers         measure NetGen only
          --max-wait S       seconds the run may spend retaking samples during which other processes were busy
                             (default 600; 0 keeps every sample)

        Exit code 1: a correctness check failed, or NetGen with its default thread count woke its worker pool and was
        slower than 0.97x one thread on some workload (the "default threads vs one thread" table).
        """;

    /// <summary>Install PyTorch and OpenBLAS with apt-get before measuring.</summary>
    public bool Install { get; private set; }

    /// <summary>Measure NetGen only.</summary>
    public bool NoPeers { get; private set; }

    /// <summary>How long each measurement runs.</summary>
    public MeasureSettings Settings { get; private set; } = new(7, 1.0, 1.0);

    /// <summary>The Python interpreter that has torch.</summary>
    public string Python { get; private set; } = "/usr/bin/python3";

    /// <summary>The folder for the files shared with the Python side.</summary>
    public string WorkDirectory { get; private set; } = Path.Combine(AppContext.BaseDirectory, "compare-work");

    /// <summary>A Markdown file to write the report to, or null.</summary>
    public string? Markdown { get; private set; }

    /// <summary>Parses <paramref name="args"/>; null and a message when they are wrong or ask for help.</summary>
    public static Options? Parse(string[] args, out string message)
    {
        var o = new Options();
        int reps = 7;
        double seconds = 1.0, warmup = 1.0, maxWait = 600;
        message = "";
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string Next()
            {
                if (i + 1 >= args.Length)
                {
                    throw new FormatException($"{a} needs a value");
                }
                return args[++i];
            }
            try
            {
                switch (a)
                {
                    case "--install": o.Install = true; break;
                    case "--quick": reps = 3; seconds = 0.2; warmup = 0.3; maxWait = 30; break;
                    case "--reps": reps = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--seconds": seconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--python": o.Python = Next(); break;
                    case "--work": o.WorkDirectory = Path.GetFullPath(Next()); break;
                    case "--markdown": o.Markdown = Path.GetFullPath(Next()); break;
                    case "--no-peers": o.NoPeers = true; break;
                    case "--max-wait": maxWait = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "-h" or "--help": message = Usage; return null;
                    default: message = $"unknown option {a}\n\n{Usage}"; return null;
                }
            }
            catch (FormatException e)
            {
                message = $"{a}: {e.Message}\n\n{Usage}";
                return null;
            }
        }
        if (reps < 1 || !(seconds > 0))
        {
            message = "--reps must be at least 1 and --seconds positive";
            return null;
        }
        o.Settings = new MeasureSettings(reps, seconds, warmup, QuietShare: 0.05, MaxWaitSeconds: maxWait);
        return o;
    }
}
