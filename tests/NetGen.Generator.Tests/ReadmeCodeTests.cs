using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// The code blocks a newcomer pastes whole compile as one file (a console program: top-level statements, then the
/// network class), with the generator's code: the README's first block, its "use it in your own project" program and
/// the package readme's program.
/// </summary>
public class ReadmeCodeTests
{
    // Warnings a console project does not show: CS1591 (no XML docs on the user's class) comes from the harness
    // diagnosing documentation; CS1701/CS1702 (the runtime built for net8.0, the references .NET 10's) the SDK suppresses.
    private static readonly string[] HarnessOnly = { "CS1591", "CS1701", "CS1702" };

    [Fact]
    public void ReadmeFirstBlock_CompilesAsOneFile() =>
        AssertCompiles(CSharpBlocks("README.md").First());

    [Fact]
    public void ReadmeUseItInYourOwnProjectProgram_CompilesAsOneFile() =>
        AssertCompiles(CSharpBlocks("README.md", "## Use it in your own project").First());

    [Fact]
    public void PackageReadmeProgram_CompilesAsOneFile() =>
        AssertCompiles(CSharpBlocks(Path.Combine("src", "PACKAGE.md")).Single());

    private static void AssertCompiles(string program)
    {
        CSharpCompilation input = GeneratorHarness.Compile(program)
            .WithOptions(new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        Assert.NotEmpty(output.SyntaxTrees.Skip(1)); // the network's generated file
        Diagnostic[] problems = output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && !HarnessOnly.Contains(d.Id)))
            .ToArray();
        Assert.True(problems.Length == 0, GeneratorHarness.Describe(problems) + Environment.NewLine + program);
    }

    /// <summary>The ```csharp blocks of a markdown file of the repository, from <paramref name="section"/> on.</summary>
    private static string[] CSharpBlocks(string file, string? section = null)
    {
        string text = File.ReadAllText(Path.Combine(Folder(), "..", "..", file)).Replace("\r\n", "\n");
        int at = section is null ? 0 : text.IndexOf(section, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{file} has a section '{section}'");
        var blocks = new System.Collections.Generic.List<string>();
        while ((at = text.IndexOf("```csharp\n", at, StringComparison.Ordinal)) >= 0)
        {
            int start = at + "```csharp\n".Length;
            int end = text.IndexOf("```", start, StringComparison.Ordinal);
            blocks.Add(text.Substring(start, end - start));
            at = end + 3;
        }
        Assert.NotEmpty(blocks);
        return blocks.ToArray();
    }

    private static string Folder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
