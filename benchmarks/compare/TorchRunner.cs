using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;

namespace NetGen.Compare;

/// <summary>
/// Runs <c>bench_torch.py</c> under the Debian Python (where <c>python3-torch</c> installs) as a child process, with
/// one BLAS and OpenMP thread, and reads the JSON it writes.
/// </summary>
public sealed class TorchRunner
{
    private readonly string _python;
    private readonly string _script;

    /// <summary>Creates a runner for <paramref name="python"/> and the script beside this program.</summary>
    public TorchRunner(string python)
    {
        _python = python;
        _script = Path.Combine(AppContext.BaseDirectory, "bench_torch.py");
    }

    /// <summary>The OPENBLAS_CORETYPE the child gets, or null to let OpenBLAS detect the core.</summary>
    /// <remarks>
    /// OpenBLAS 0.3.21 (Debian 12) predates AMD Zen 4; on a CPU with AVX-512 BF16 the Cooper Lake kernels are the right
    /// ones, and naming them keeps the choice independent of OpenBLAS's detection. A value already in the environment wins.
    /// </remarks>
    public static string? CoreType =>
        Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") is { Length: > 0 } set ? set
        : MachineInfo.HasCpuFlag("avx512_bf16") ? "Cooperlake"
        : null;

    /// <summary>Whether torch imports: the configuration JSON, or null and the reason.</summary>
    public JsonDocument? Probe(out string reason)
    {
        if (!File.Exists(_python))
        {
            reason = $"{_python} does not exist";
            return null;
        }
        (int code, string stdout, string stderr) = Start(new[] { "probe" }, echo: false);
        if (code != 0)
        {
            reason = code == 3 ? $"PyTorch is not installed for {_python}" : $"{_python} bench_torch.py probe exited with {code}: {stderr.Trim()}";
            return null;
        }
        reason = "";
        return JsonDocument.Parse(stdout);
    }

    /// <summary>Runs one phase (check or time) on the job file; returns the output JSON.</summary>
    public JsonDocument RunPhase(string phase, string jobPath, string outPath)
    {
        (int code, _, string stderr) = Start(new[] { phase, jobPath, outPath }, echo: true);
        if (code != 0)
        {
            throw new InvalidOperationException($"bench_torch.py {phase} exited with {code}: {stderr.Trim()}");
        }
        return JsonDocument.Parse(File.ReadAllBytes(outPath));
    }

    /// <summary>Starts the timing server on the job file; it answers until disposed.</summary>
    public TorchServer Serve(string jobPath)
    {
        ProcessStartInfo info = StartInfo(new[] { "serve", jobPath });
        info.RedirectStandardInput = true;
        return new TorchServer(Process.Start(info) ?? throw new InvalidOperationException($"could not start {_python}"));
    }

    private ProcessStartInfo StartInfo(IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(_python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(_script);
        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["OMP_NUM_THREADS"] = "1";
        info.Environment["OPENBLAS_NUM_THREADS"] = "1";
        info.Environment["MKL_NUM_THREADS"] = "1";
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        if (CoreType is string core)
        {
            info.Environment["OPENBLAS_CORETYPE"] = core;
        }
        return info;
    }

    private (int Code, string Stdout, string Stderr) Start(IReadOnlyList<string> arguments, bool echo)
    {
        ProcessStartInfo info = StartInfo(arguments);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {_python}");
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
            if (echo)
            {
                Console.Error.WriteLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        lock (errors)
        {
            return (process.ExitCode, stdout, errors.ToString());
        }
    }
}

/// <summary>The running <c>bench_torch.py serve</c>: one JSON line answers each request.</summary>
public sealed class TorchServer : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _errors = new();

    internal TorchServer(Process process)
    {
        _process = process;
        CpuLoad.AddChild(process.Id); // its CPU time is this run's own, not a neighbour's
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_errors)
                {
                    _errors.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
        using JsonDocument ready = Read();
    }

    /// <summary>Sends one request and returns the reply.</summary>
    public JsonDocument Request(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
        return Read();
    }

    private JsonDocument Read()
    {
        string? line = _process.StandardOutput.ReadLine();
        if (line is null)
        {
            _process.WaitForExit();
            string errors;
            lock (_errors)
            {
                errors = _errors.ToString().Trim();
            }
            throw new InvalidOperationException($"bench_torch.py serve exited with {_process.ExitCode}: {errors}");
        }
        var reply = JsonDocument.Parse(line);
        if (reply.RootElement.TryGetProperty("error", out JsonElement error))
        {
            throw new InvalidOperationException($"bench_torch.py serve: {error.GetString()}");
        }
        return reply;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("quit");
                _process.StandardInput.Flush();
                _process.WaitForExit(10_000);
            }
        }
        catch (IOException)
        {
            // The server is gone already.
        }
        CpuLoad.RemoveChild(_process.Id);
        _process.Dispose();
    }
}

/// <summary>One PyTorch timing, run by the server in the child process (it times itself, so the pipe is not counted).</summary>
public sealed class TorchContender : Contender
{
    private readonly TorchServer _server;
    private readonly string _id;

    /// <summary>Creates the contender for the server's item <paramref name="id"/>, shown as <paramref name="name"/>.</summary>
    public TorchContender(TorchServer server, string id, string name)
        : base(name)
    {
        _server = server;
        _id = id;
    }

    /// <inheritdoc />
    public override long Prepare(MeasureSettings settings)
    {
        string request = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"prepare {_id} {settings.WarmupSeconds} {LocalContender.MinWarmupCalls} {settings.SampleSeconds}");
        using JsonDocument reply = _server.Request(request);
        return reply.RootElement.GetProperty("iterations").GetInt64();
    }

    /// <inheritdoc />
    public override double Sample(long iterations)
    {
        using JsonDocument reply = _server.Request(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"run {_id} {iterations}"));
        return reply.RootElement.GetProperty("seconds").GetDouble();
    }
}
