using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using Xunit;
using static NetGen.Generator.Tests.GeneratedCodeChecks;

namespace NetGen.Generator.Tests;

/// <summary>
/// Hint names must be unique ignoring case and made of legal characters whatever the user's names: a clash or a bad
/// character makes the generator fail (CS8785) and every network in the project lose its code.
/// </summary>
public class HintNameTests
{
    private const string Layers = "[Network] [Input(4)] [Dense(2)]";

    [Theory]
    [InlineData("namespace N { " + Layers + " public partial class Net { } " + Layers + " public partial class NET { } }", "N.Net", "N.NET")]
    [InlineData("namespace App { " + Layers + " public partial class Net { } } namespace APP { " + Layers + " public partial class Net { } }", "App.Net", "APP.Net")]
    [InlineData("namespace Models.@event { " + Layers + " public partial class Net { } }", "Models.event.Net", null)]
    [InlineData(Layers + " public partial class Net { } namespace N { " + Layers + " public partial class Net { } }", "Net", "N.Net")]
    [InlineData("namespace Modèles.Réseaux { " + Layers + " public partial class Réseau { } " + Layers + " public partial class Reseau { } }", "Modèles.Réseaux.Réseau", "Modèles.Réseaux.Reseau")]
    public void NetworksWhoseNamesDifferInCaseOrNeedEscaping_AllGetTheirCode(string source, string first, string? second)
    {
        (GeneratorDriverRunResult result, Compilation output) = Run("using NetGen;\n" + source);

        CompilesCleanly(result, output);
        Assert.True(IsGenerated(output, first), first);
        Assert.True(second is null || IsGenerated(output, second), second);
        AssertLegalAndUnique(result.Results.Single().GeneratedSources.Select(s => s.HintName).ToArray());
    }

    [Fact]
    public void TwoFileLocalNetworksInTwoFiles_GetNG0008Each_AndTheOthersKeepTheirCode()
    {
        string fileLocal = Header + Layers + " file partial class Net { }";
        (GeneratorDriverRunResult result, Compilation output) = Run(fileLocal, fileLocal, Header + Bystander);

        Assert.Equal(2, result.Diagnostics.Count(d => d.Id == "NG0008" && d.GetMessage().Contains("file-local", StringComparison.Ordinal)));
        Assert.Equal(new[] { "Source0.cs", "Source1.cs" }, result.Diagnostics.Select(d => d.Location.GetLineSpan().Path).OrderBy(p => p, StringComparer.Ordinal));
        Assert.Empty(GeneratorHarness.CompilationErrors(output));
        BystanderGenerated(result, output);
    }

    [Fact]
    public void NetworkNamedGpuInsideANamespaceNamedAfterAnotherNetwork_WithIlgpu_EveryFileIsAdded()
    {
        // N.Net's GPU file and the network N.Net.Gpu once had the same hint name, N.Net.Gpu.g.cs.
        GeneratorDriverRunResult result = GpuEmissionTests.RunWithIlgpu(
            "using NetGen;\nnamespace N { " + Layers + " public partial class Net { } }\nnamespace N.Net { " + Layers + " public partial class Gpu { } }");

        NoCrash(result);
        string[] hints = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToArray();
        // N.Net (code and GPU file), and N.Net.Gpu, whose class name is a generated member's: NG0029, no code.
        Assert.Equal(2, hints.Length);
        Assert.Contains(hints, h => h.StartsWith("N.Net.", StringComparison.Ordinal) && h.EndsWith(".Gpu.g.cs", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Id == "NG0029");
        AssertLegalAndUnique(hints);
    }

    [Fact]
    public void NetworkAndGpuFiles_OfMany_AreUniqueAndLegal()
    {
        GeneratorDriverRunResult result = GpuEmissionTests.RunWithIlgpu(
            "using NetGen;\n" + Layers + " public partial class Net { }\n"
            + "namespace N { " + Layers + " public partial class Net { } " + Layers + " public partial class NET { } " + Layers + " public partial class nET { } }\n"
            + "namespace N.Net { " + Layers + " public partial class Net { } }\n"
            + "namespace n.net { " + Layers + " public partial class net { } }\n"
            + "namespace @class.@event { " + Layers + " public partial class @struct { } }\n"
            + "namespace Ω { " + Layers + " public partial class Δ { } " + Layers + " public partial class Σ { } }");

        NoCrash(result);
        string[] hints = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToArray();
        Assert.Equal(2 * 9, hints.Length); // each network's code and GPU file
        AssertLegalAndUnique(hints);
    }

    [Fact]
    public void HintName_IsTheFullNameReadablyThenAHashOfTheMetadataName()
    {
        // Expected strings written out: the names must stay stable from version to version (files in obj/, IDE tabs).
        Assert.Equal("Samples.Digits.DigitsMlp.77ff8057.g.cs", HintNames.Of("Samples.Digits.DigitsMlp", "Samples.Digits.DigitsMlp", ""));
        Assert.Equal("Models._event.Net.9271b89c.g.cs", HintNames.Of("Models.@event.Net", "Models.event.Net", ""));
        Assert.NotEqual(HintNames.Of("N.Net", "N.Net", "").ToUpperInvariant(), HintNames.Of("N.NET", "N.NET", "").ToUpperInvariant());
        Assert.NotEqual(HintNames.Of("N.Net", "N.Net", ".Gpu").ToUpperInvariant(), HintNames.Of("N.Net.Gpu", "N.Net.Gpu", "").ToUpperInvariant());
    }

    // Roslyn's rule for hint names: identifier characters and . , - _ ( ) [ ] { } and space; unique ignoring case.
    private static void AssertLegalAndUnique(string[] hints)
    {
        Assert.Equal(hints.Length, hints.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (string hint in hints)
        {
            Assert.True(hint.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_'), hint);
        }
    }
}
