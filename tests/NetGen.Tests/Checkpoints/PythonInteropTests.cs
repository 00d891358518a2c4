using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using NetGen.Checkpoints;
using NetGen.Tests.Behaviour;
using NetGen.Tests.Networks;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Checkpoints;

/// <summary>
/// NetGen writes, tools/netgen_checkpoint.py (standard-library Python) reads and writes, NetGen reads back.
/// xunit 2 has no dynamic skip: where python3 is not on PATH the test checks that it really is absent, says so in
/// the test output, and passes.
/// </summary>
public sealed class PythonInteropTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ITestOutputHelper _output;

    public PythonInteropTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void PythonScript_ShowsNetGenCheckpoint_AndItsScaledCopyLoadsExactlyScaled()
    {
        if (!PythonAvailable())
        {
            _output.WriteLine("SKIPPED: python3 is not on PATH (python3 --version failed), so the interop check did not run.");
            return;
        }
        var source = new EveryLayerNet(1);
        NetworkState.Train(source);
        INetwork net = source;
        string path = _folder.PathOf("every.safetensors");
        Checkpoint.Save(path, net);

        string shown = RunScript("show", path);
        foreach (TensorInfo t in net.ParameterTensors.Concat(net.BufferTensors))
        {
            Assert.Contains($"{t.Name} F32 [{string.Join(", ", t.Shape.ToArray())}]\n", shown);
        }
        Assert.Contains($"metadata netgen.architecture = {EveryLayerNet.ArchitectureHash}\n", shown);

        string scaled = _folder.PathOf("scaled.safetensors");
        RunScript("scale", path, scaled, "2");
        var loaded = new EveryLayerNet(9);
        Checkpoint.Load(scaled, loaded);

        // Doubling is exact in float32, so every value must be exactly twice the original, bit for bit.
        INetwork result = loaded;
        Assert.Equal(StateSnapshot.Bits(net.Parameters.ToArray().Select(v => v * 2f).ToArray()), StateSnapshot.Bits(result.Parameters));
        Assert.Equal(StateSnapshot.Bits(net.Buffers.ToArray().Select(v => v * 2f).ToArray()), StateSnapshot.Bits(result.Buffers));
        Assert.Equal(net.RandomState, result.RandomState);
    }

    [Fact]
    public void PythonScript_VerifiesTheDataChecksum_AndNamesTemporaryFilesAsNetGenDoes()
    {
        if (!PythonAvailable())
        {
            _output.WriteLine("SKIPPED: python3 is not on PATH (python3 --version failed), so the interop check did not run.");
            return;
        }
        string path = _folder.PathOf("every.safetensors");
        Checkpoint.Save(path, new EveryLayerNet(1));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x02;
        File.WriteAllBytes(path, bytes);

        (int code, _, string error) = Run(ScriptPath(), "show", path);
        Assert.Equal(1, code);
        Assert.Contains("the file is corrupt", error);

        // The script's temporary files follow AtomicFile's pattern, so a later NetGen save cleans up after a killed script.
        string[] names = { "run.safetensors", new string('a', 250), string.Concat(Enumerable.Repeat("\u20ac", 85)), string.Concat(Enumerable.Repeat("\U0001F600", 63)) };
        foreach (string name in names)
        {
            string script = $"import sys; sys.path.insert(0, {PythonString(Path.GetDirectoryName(ScriptPath())!)}); import netgen_checkpoint as n; " +
                           $"sys.stdout.buffer.write(n.temporary_prefix({PythonString(name)}).encode('utf-8'))";
            (int exit, string prefix, string stderr) = Run("-c", script);
            Assert.True(exit == 0, stderr);
            Assert.Equal(AtomicFile.TemporaryPrefix(name), prefix);
        }
    }

    // A Python string literal of any text: every character as a \U escape.
    private static string PythonString(string text) =>
        "'" + string.Concat(EnumerateRunes(text).Select(r => $"\\U{r:x8}")) + "'";

    private static System.Collections.Generic.IEnumerable<int> EnumerateRunes(string text)
    {
        foreach (System.Text.Rune rune in text.EnumerateRunes())
        {
            yield return rune.Value;
        }
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] arguments)
    {
        var info = StartInfo(arguments);
        info.StandardOutputEncoding = System.Text.Encoding.UTF8;
        using Process process = Process.Start(info)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "python3 did not finish within a minute");
        return (process.ExitCode, stdout, stderr);
    }

    private static bool PythonAvailable()
    {
        try
        {
            using Process process = Process.Start(StartInfo("--version"))!;
            process.WaitForExit(30_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false; // not found on PATH
        }
    }

    private string RunScript(params string[] arguments)
    {
        ProcessStartInfo info = StartInfo(new[] { ScriptPath() }.Concat(arguments).ToArray());
        using Process process = Process.Start(info)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "the script did not finish within a minute");
        _output.WriteLine(stdout);
        Assert.True(process.ExitCode == 0, $"netgen_checkpoint.py {string.Join(" ", arguments)} failed ({process.ExitCode}): {stderr}");
        return stdout.Replace("\r\n", "\n");
    }

    private static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var info = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return info;
    }

    /// <summary>tools/netgen_checkpoint.py, found by walking up from this source file to the repository root.</summary>
    private static string ScriptPath([CallerFilePath] string sourceFile = "")
    {
        for (string? folder = Path.GetDirectoryName(sourceFile); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            string candidate = Path.Combine(folder, "tools", "netgen_checkpoint.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"tools/netgen_checkpoint.py was not found above {sourceFile}.");
    }
}
