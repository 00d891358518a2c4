extern alias runtime;

using System;
using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generator.Tests;

/// <summary>Runs the generator in memory over source text, against .NET 10 reference assemblies and the runtime.</summary>
internal static class GeneratorHarness
{
    private static readonly MetadataReference[] References =
        Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(runtime::NetGen.NetworkAttribute).Assembly.Location))
            .ToArray();

    // Diagnose documentation, so that a public generated member without XML docs is a warning (CS1591).
    private static readonly CSharpParseOptions ParseOptions =
        CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest).WithDocumentationMode(DocumentationMode.Diagnose);

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "UserAssembly",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References,
            // Every warning wave (9999): generated code must build warning-free however strict the user's project is.
            // CS1701/CS1702 (reference version unification) are off, as the .NET SDK always passes /nowarn:1701,1702.
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999,
                specificDiagnosticOptions: new[] { ("CS1701", ReportDiagnostic.Suppress), ("CS1702", ReportDiagnostic.Suppress) }
                    .Select(o => new System.Collections.Generic.KeyValuePair<string, ReportDiagnostic>(o.Item1, o.Item2))));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new NetworkGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns its result and the compilation with the generated code added.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(params string[] sources)
    {
        CSharpCompilation input = Compile(sources);
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>The generator's own diagnostics (NG....) plus any generator crash (CS8785).</summary>
    public static ImmutableArray<Diagnostic> GeneratorDiagnostics(params string[] sources)
    {
        (GeneratorDriverRunResult result, _) = Run(sources);
        return result.Diagnostics;
    }

    /// <summary>Errors in the compilation that includes the generated code.</summary>
    public static Diagnostic[] CompilationErrors(Compilation output) =>
        output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();

    public static string Describe(System.Collections.Generic.IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
}
