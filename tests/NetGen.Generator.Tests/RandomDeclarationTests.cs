using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Generator.Tests;

/// <summary>
/// Thousands of random declarations from a fixed seed, half of them with one hostile value put in on purpose
/// (issue 12, section 3). For each: the generator does not throw and reports no internal error; a valid declaration
/// gets no diagnostic and generated code that compiles with every warning enabled; a hostile one gets the expected
/// NetGen ID at the attribute that holds the value; and nothing, error or warning, is ever located in a generated file.
/// </summary>
public class RandomDeclarationTests
{
    private const int Seed = 20240612, Declarations = 2000, BatchSize = 250, CompiledPerRun = 250;

    private readonly ITestOutputHelper _output;
    private TimeSpan _generateCpu, _compileCpu;
    private int _compiled;

    public RandomDeclarationTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void RandomValidAndHostileDeclarations_NeverCrash_CompileWarningFree_AndGetTheExpectedDiagnostic()
    {
        var random = new Random(Seed);
        var builder = new RandomNetworkBuilder(random);
        var failures = new List<string>();
        var faultsSeen = new HashSet<string>(StringComparer.Ordinal);
        int valid = 0, hostile = 0;
        Stopwatch clock = Stopwatch.StartNew();

        for (int batch = 0; batch < Declarations / BatchSize; batch++)
        {
            var networks = new FuzzNetwork[BatchSize];
            var faults = new Injected?[BatchSize];
            for (int i = 0; i < BatchSize; i++)
            {
                networks[i] = builder.Build(batch * BatchSize + i);
                faults[i] = random.NextDouble() < 0.5 ? InjectOne(networks[i], random) : null;
                networks[i].Render();
                if (faults[i] is { } fault) { hostile++; faultsSeen.Add(fault.Id); } else { valid++; }
            }
            Check(networks, faults, failures);
            if (failures.Count > 20)
            {
                break;
            }
        }

        _output.WriteLine($"{valid} valid and {hostile} hostile declarations in {clock.Elapsed.TotalSeconds:F1} s (CPU: generating {_generateCpu.TotalSeconds:F1} s, compiling {_compileCpu.TotalSeconds:F1} s, {_compiled} valid ones compiled); IDs expected: {string.Join(", ", faultsSeen.OrderBy(f => f, StringComparer.Ordinal))}");
        Assert.True(failures.Count == 0, failures.Count + " failures; the first:\n\n" + string.Join("\n\n", failures.Take(10)));
        // The generator of declarations must keep covering both kinds and every fault's ID.
        Assert.True(valid > Declarations / 3 && hostile > Declarations / 3, $"{valid} valid, {hostile} hostile");
        Assert.Equal(new[] { "NG0003", "NG0007", "NG0010", "NG0013", "NG0014", "NG0016", "NG0021", "NG0022", "NG0028", "NG0035" }, faultsSeen.OrderBy(f => f, StringComparer.Ordinal));
    }

    private static Injected? InjectOne(FuzzNetwork network, Random random)
    {
        for (int attempt = 0; attempt < 10; attempt++)
        {
            if (HostileValues.Inject(network, random, random.Next(HostileValues.Count)) is { } fault)
            {
                return fault;
            }
        }
        return null;
    }

    // One compilation per batch, one file per declaration (Source{i}.cs), so that diagnostics map back to declarations.
    // Compiling generated code costs far more than generating it, so the first CompiledPerRun valid declarations (and
    // every stub of a rejected one) are compiled; every declaration is generated and has its diagnostics checked.
    private void Check(FuzzNetwork[] networks, Injected?[] faults, List<string> failures)
    {
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(networks.Select(n => n.Source).ToArray());
        _generateCpu += Process.GetCurrentProcess().TotalProcessorTime - cpu;
        GeneratorRunResult run = result.Results.Single();
        if (run.Exception is not null)
        {
            failures.Add("The generator threw: " + run.Exception);
            return;
        }
        var byFile = result.Diagnostics.ToLookup(d => d.Location.GetLineSpan().Path ?? "");
        foreach (Diagnostic stray in byFile[""].Concat(byFile.Where(g => !g.Key.StartsWith("Source", StringComparison.Ordinal)).SelectMany(g => g)))
        {
            failures.Add("A diagnostic outside the declarations: " + stray);
        }

        // The declarations compiled keep their files and generated files; the others leave the compilation.
        var generated = run.GeneratedSources.ToDictionary(s => s.HintName, s => s.SyntaxTree, StringComparer.Ordinal);
        var compiled = new Dictionary<SyntaxTree, int>();
        var omitted = new List<SyntaxTree>();
        for (int i = 0; i < networks.Length; i++)
        {
            SyntaxTree user = output.SyntaxTrees.Single(t => t.FilePath == FileOf(i));
            bool hasCode = generated.TryGetValue(HintOf(networks[i]), out SyntaxTree? code);
            // A rejected declaration is compiled when it got stubs (layer methods): they must compile too.
            bool compile = hasCode && (faults[i] is not null || _compiled < CompiledPerRun);
            _compiled += compile && faults[i] is null ? 1 : 0;
            foreach (SyntaxTree tree in hasCode ? new[] { user, code! } : new[] { user })
            {
                if (compile) { compiled[tree] = i; } else { omitted.Add(tree); }
            }
        }
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        // Errors anywhere (the declarations are valid C#, and generated members must not clash with the user's), and
        // warnings in generated code.
        var problems = output.RemoveSyntaxTrees(omitted).GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree is { } t && generated.ContainsValue(t)))
            .ToLookup(d => d.Location.SourceTree is { } t && compiled.TryGetValue(t, out int i) ? i : -1);
        foreach (Diagnostic stray in problems[-1])
        {
            failures.Add("A compiler diagnostic outside the declarations: " + stray);
        }
        for (int i = 0; i < networks.Length; i++)
        {
            Diagnostic[] compilerProblems = problems[i].ToArray();
            string problem = compilerProblems.Length > 0 ? "C# errors, or warnings in generated code:\n" + GeneratorHarness.Describe(compilerProblems)
                : CheckOne(networks[i], faults[i], byFile[FileOf(i)].ToArray(), generated.ContainsKey(HintOf(networks[i])));
            if (problem.Length > 0)
            {
                failures.Add(problem + "\n" + networks[i].Source);
            }
        }
        _compileCpu += Process.GetCurrentProcess().TotalProcessorTime - cpu;
    }

    private static string FileOf(int index) => "Source" + index.ToString(CultureInfo.InvariantCulture) + ".cs";

    // The generator's own naming rule (a hash of the metadata name keeps hint names unique); fuzz namespaces are never keywords.
    private static string HintOf(FuzzNetwork network) =>
        Model.HintNames.Of(network.Namespace + "." + network.ClassName, network.Namespace + "." + network.ClassName, "");

    private static string CheckOne(FuzzNetwork network, Injected? fault, Diagnostic[] diagnostics, bool generated)
    {
        string Describe() => GeneratorHarness.Describe(diagnostics);
        if (diagnostics.Any(d => d.Id == "NG0099"))
        {
            return "Internal error:\n" + Describe();
        }
        if (diagnostics.Any(d => !d.Id.StartsWith("NG", StringComparison.Ordinal)))
        {
            return "C# errors beside NetGen's (the declaration itself must compile):\n" + Describe();
        }
        if (fault is null)
        {
            return diagnostics.Length > 0 ? "A valid declaration got diagnostics:\n" + Describe()
                : !generated ? "A valid declaration generated no code" : "";
        }
        (int start, int length) = fault.At is null ? network.NetworkSpan : network.Spans[fault.At];
        if (!diagnostics.Any(d => d.Id == fault.Id && d.Location.SourceSpan.Start == start && d.Location.SourceSpan.Length == length))
        {
            return $"Injected '{fault.Kind}': expected {fault.Id} at '{network.Source.Substring(start, length)}', got:\n" + Describe();
        }
        return "";
    }
}
