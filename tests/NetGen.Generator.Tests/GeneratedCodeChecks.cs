using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Checks shared by the tests of names and declarations: the generator did not throw, a diagnostic is at the marked
/// span, NetGen's errors are the only ones, generated code compiles without warnings, and a bystander network in the
/// same compilation still gets its code.
/// </summary>
internal static class GeneratedCodeChecks
{
    public const string Header = "using NetGen;\nnamespace N;\n";

    /// <summary>A valid network declared beside the one under test; it must keep its code whatever the other does.</summary>
    public const string Bystander = "\n[Network] [Input(3)] [Dense(2)] public partial class Bystander { }\n";

    /// <summary>Runs the generator and asserts that it did not fail (CS8785 would drop every network's code).</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(params string[] sources)
    {
        (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(sources);
        NoCrash(result);
        return (result, output);
    }

    public static void NoCrash(GeneratorDriverRunResult result)
    {
        GeneratorRunResult run = result.Results.Single();
        Assert.True(run.Exception is null, "The generator threw: " + run.Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "CS8784" or "CS8785" or "NG0099");
    }

    /// <summary>
    /// The source with one span marked <c>[|...|]</c>: asserts exactly one <paramref name="id"/>, at that span, no other
    /// NetGen error but <paramref name="alsoAllowed"/>, no C# error but the compiler's own <paramref name="compilerErrors"/>
    /// in the user's code, and the bystander generated and compiling.
    /// </summary>
    public static Diagnostic ExpectAt(string id, string marked, string[]? compilerErrors = null, params string[] alsoAllowed)
    {
        marked = Header + marked + Bystander;
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal) - 2;
        string source = marked.Replace("[|", "").Replace("|]", "");

        (GeneratorDriverRunResult result, Compilation output) = Run(source);
        Assert.True(result.Diagnostics.Count(d => d.Id == id) == 1, "Expected one " + id + ", got:\n" + GeneratorHarness.Describe(result.Diagnostics));
        Assert.True(result.Diagnostics.All(d => d.Id == id || alsoAllowed.Contains(d.Id)), GeneratorHarness.Describe(result.Diagnostics));
        Diagnostic diagnostic = result.Diagnostics.Single(d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(source.Substring(start, end - start), source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));

        Diagnostic[] errors = GeneratorHarness.CompilationErrors(output).Where(e => !(compilerErrors ?? Array.Empty<string>()).Contains(e.Id)).ToArray();
        Assert.True(errors.Length == 0, "Errors besides NetGen's:\n" + GeneratorHarness.Describe(errors));
        BystanderGenerated(result, output);
        return diagnostic;
    }

    /// <summary>Asserts that the output compiles with no error at all and no warning in generated code.</summary>
    public static void CompilesCleanly(GeneratorDriverRunResult result, Compilation output)
    {
        Assert.True(result.Diagnostics.IsEmpty, GeneratorHarness.Describe(result.Diagnostics));
        Diagnostic[] errors = GeneratorHarness.CompilationErrors(output);
        Assert.True(errors.Length == 0, GeneratorHarness.Describe(errors));
        SyntaxTree[] generated = result.Results.Single().GeneratedSources.Select(s => s.SyntaxTree).ToArray();
        Diagnostic[] warnings = output.GetDiagnostics().Where(d => generated.Contains(d.Location.SourceTree)).ToArray();
        Assert.True(warnings.Length == 0, "Warnings in generated code:\n" + GeneratorHarness.Describe(warnings));
    }

    public static void BystanderGenerated(GeneratorDriverRunResult result, Compilation output)
    {
        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName.StartsWith("N.Bystander.", StringComparison.Ordinal));
        INamedTypeSymbol bystander = output.GetTypeByMetadataName("N.Bystander")!;
        Assert.Contains(bystander.AllInterfaces, i => i.ToDisplayString() == "NetGen.INetwork");
    }

    /// <summary>Whether the class <paramref name="metadataName"/> got its generated half (it implements INetwork).</summary>
    public static bool IsGenerated(Compilation output, string metadataName) =>
        output.GetTypeByMetadataName(metadataName) is { } type && type.AllInterfaces.Any(i => i.ToDisplayString() == "NetGen.INetwork");
}
