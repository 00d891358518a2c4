using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Checks on the code the generator emits: it compiles with every warning enabled (the harness compiles at warning
/// level 9999, every warning wave), so that a user's warnings-as-errors build never fails inside a <c>.g.cs</c> file.
/// </summary>
internal static class GeneratedCode
{
    /// <summary>The warnings and errors located inside generated files.</summary>
    public static Diagnostic[] Problems(GeneratorDriverRunResult result, Compilation output)
    {
        HashSet<SyntaxTree> generated = result.GeneratedTrees.ToHashSet();
        return output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generated.Contains(tree))
            .ToArray();
    }

    /// <summary>Runs the generator on a valid network and asserts: no NetGen diagnostic, code generated, no error anywhere and no warning in it.</summary>
    public static string AssertCompilesWarningFree(params string[] sources)
    {
        (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(sources);
        Assert.True(result.Diagnostics.IsEmpty, GeneratorHarness.Describe(result.Diagnostics));
        Assert.NotEmpty(result.GeneratedTrees);
        Diagnostic[] errors = GeneratorHarness.CompilationErrors(output);
        Assert.True(errors.Length == 0, "The generated code does not compile:\n" + GeneratorHarness.Describe(errors));
        Diagnostic[] problems = Problems(result, output);
        Assert.True(problems.Length == 0, "The generated code has warnings:\n" + GeneratorHarness.Describe(problems));
        return string.Join("\n", result.GeneratedTrees.Select(t => t.ToString()));
    }
}
