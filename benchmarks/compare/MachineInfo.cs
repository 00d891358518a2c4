using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Compare;

/// <summary>What the run was measured on: CPU, cores, vector support, runtime.</summary>
public static class MachineInfo
{
    private static readonly Lazy<string[]> s_cpuinfo = new(() =>
        File.Exists("/proc/cpuinfo") ? File.ReadAllLines("/proc/cpuinfo") : Array.Empty<string>());

    private static string? Field(string name) =>
        s_cpuinfo.Value.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal) && l.Length > name.Length && (l[name.Length] == '\t' || l[name.Length] == ' ' || l[name.Length] == ':'))
            ?.Split(':', 2)[1].Trim();

    /// <summary>Whether /proc/cpuinfo lists <paramref name="flag"/> for the first CPU.</summary>
    public static bool HasCpuFlag(string flag) =>
        (Field("flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(flag, StringComparer.Ordinal);

    /// <summary>The CPU model, family and stepping, as /proc/cpuinfo gives them.</summary>
    public static string Cpu
    {
        get
        {
            string model = Field("model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
            string? family = Field("cpu family"), number = Field("model");
            string? mhz = Field("cpu MHz");
            return family is null ? model : $"{model} (family {family}, model {number}{(mhz is null ? "" : $", {mhz} MHz reported")})";
        }
    }

    /// <summary>Instruction sets that matter for the kernels.</summary>
    public static string VectorSupport =>
        $"Vector512.IsHardwareAccelerated={Vector512.IsHardwareAccelerated}, AVX-512F={Avx512F.IsSupported}, AVX2={Avx2.IsSupported}, FMA={Fma.IsSupported}"
        + (HasCpuFlag("avx512_bf16") ? ", avx512_bf16" : "");

    /// <summary>
    /// The commit of the checkout this program was built from, and whether it has uncommitted changes, or why that is
    /// unknown. Runs git read-only (no optional locks, so not even the index is refreshed).
    /// </summary>
    public static string SourceRevision()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !Directory.Exists(Path.Combine(dir, ".git")) && !File.Exists(Path.Combine(dir, ".git")))
        {
            dir = Path.GetDirectoryName(dir.TrimEnd(Path.DirectorySeparatorChar));
        }
        if (dir is null)
        {
            return "built outside a git checkout";
        }
        string? commit = Git(dir, "rev-parse", "--short=12", "HEAD");
        string? changes = Git(dir, "status", "--porcelain", "--untracked-files=no");
        if (commit is null)
        {
            return $"git checkout at {dir} (git not available)";
        }
        return changes is null ? $"commit {commit}" : changes.Length == 0 ? $"commit {commit}, clean" : $"commit {commit} with uncommitted changes";
    }

    private static string? Git(string dir, params string[] args)
    {
        try
        {
            var info = new System.Diagnostics.ProcessStartInfo("git")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add("--no-optional-locks");
            info.ArgumentList.Add("-C");
            info.ArgumentList.Add(dir);
            foreach (string a in args)
            {
                info.ArgumentList.Add(a);
            }
            using var p = System.Diagnostics.Process.Start(info);
            if (p is null)
            {
                return null;
            }
            string output = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The runtime and operating system.</summary>
    public static string Runtime => $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {RuntimeInformation.RuntimeIdentifier}";
}
