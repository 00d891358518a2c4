using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Compares generated code with a committed baseline file. On a mismatch it writes a git-ignored
/// <c>.received.cs</c> beside the baseline and fails; <c>NETGEN_ACCEPT_BASELINES=1</c> rewrites the baseline
/// instead, except when <c>CI</c> is set, so CI can never accept its own output.
/// </summary>
internal static class Baseline
{
    public static void Match(string folder, string fileName, string actual, [CallerFilePath] string callerPath = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Baselines", folder);
        string path = Path.Combine(directory, fileName);
        string received = Path.ChangeExtension(path, ".received.cs");
        actual = actual.Replace("\r\n", "\n");
        bool accept = Environment.GetEnvironmentVariable("NETGEN_ACCEPT_BASELINES") == "1"
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

        string? expected = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        if (accept)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, actual);
            File.Delete(received);
            return;
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No baseline at {path}. Review {received}, then run with NETGEN_ACCEPT_BASELINES=1 to accept it."
            : $"Generated code differs from {path} at line {FirstDifference(expected, actual)}. Review {received} (diff it against the baseline), then run with NETGEN_ACCEPT_BASELINES=1 to accept it.");
    }

    /// <summary>
    /// The baseline file of a generated file: its hint name without the hash that keeps hint names unique
    /// (<c>Samples.Digits.DigitsMlp.77ff8057.g.cs</c> is baselined as <c>Samples.Digits.DigitsMlp.g.cs</c>).
    /// </summary>
    public static string FileName(string hintName) =>
        System.Text.RegularExpressions.Regex.Replace(hintName, @"\.[0-9a-f]{8}(?=(\.Gpu)?\.g\.cs$)", "");

    private static int FirstDifference(string expected, string actual)
    {
        string[] a = expected.Split('\n'), b = actual.Split('\n');
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i])
            {
                return i + 1;
            }
        }
        return Math.Min(a.Length, b.Length) + 1;
    }
}
