using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>The README stays true: its excerpt of generated code is taken from the committed baseline.</summary>
public class ReadmeTests
{
    [Fact]
    public void ReadmeExcerptOfGeneratedCode_AppearsInTheDigitsMlpBaseline()
    {
        string testFolder = Folder();
        string readme = File.ReadAllText(Path.Combine(testFolder, "..", "..", "README.md"));
        string baseline = File.ReadAllText(Path.Combine(testFolder, "Baselines", "DigitsMlp", "Samples.Digits.DigitsMlp.g.cs"));
        int section = readme.IndexOf("## What the generator writes", StringComparison.Ordinal);
        int start = readme.IndexOf("```csharp", section, StringComparison.Ordinal) + "```csharp".Length;
        int end = readme.IndexOf("```", start, StringComparison.Ordinal);
        string[] lines = readme.Substring(start, end - start).Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 1 && l != "..." && l != "{" && l != "}")
            .ToArray();

        Assert.True(lines.Length > 10, "the excerpt was found");
        string[] baselineLines = baseline.Split('\n').Select(l => l.Trim()).ToArray();
        Assert.All(lines, line => Assert.Contains(line, baselineLines));
    }

    private static string Folder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
