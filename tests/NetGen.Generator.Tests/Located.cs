using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Expects exactly one NetGen diagnostic of an ID at the span marked <c>[|...|]</c> in the source, no internal error
/// (NG0099) and no generator crash. Extra sources (a look-alike attribute, say) are compiled beside it.
/// </summary>
internal static class Located
{
    public const string Header = "using NetGen;\nnamespace N;\n";

    public static Diagnostic Expect(string id, string body, string? messageContains = null, params string[] extraSources)
    {
        string marked = Header + body;
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal) - 2;
        string source = marked.Replace("[|", "").Replace("|]", "");

        (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(new[] { source }.Concat(extraSources).ToArray());
        Assert.Null(result.Results.Single().Exception);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Id is "CS8784" or "CS8785");
        var diagnostics = result.Diagnostics;
        Assert.True(diagnostics.Count(d => d.Id == id) == 1, "Expected one " + id + ", got:\n" + GeneratorHarness.Describe(diagnostics));
        Assert.True(diagnostics.All(d => d.Id.StartsWith("NG", StringComparison.Ordinal) && d.Id != "NG0099"), GeneratorHarness.Describe(diagnostics));
        Diagnostic diagnostic = diagnostics.Single(d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(source.Substring(start, end - start), source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        if (messageContains is not null)
        {
            Assert.Contains(messageContains, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
        // A rejected network leaves no C# error inside generated code (layer-method stubs must still compile).
        Assert.Empty(GeneratedCode.Problems(result, output));
        return diagnostic;
    }
}
