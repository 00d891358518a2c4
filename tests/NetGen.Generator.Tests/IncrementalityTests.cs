using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// The caching contract: the pipeline's models are equatable, so an edit that does not change a network leaves
/// every tracked step cached or unchanged and regenerates nothing.
/// </summary>
public class IncrementalityTests
{
    private const string Network = """
        using NetGen;
        namespace N;

        // A comment the edit changes.
        [Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 32)]
        [Input(16)]
        [Dense(32, Activation = Activation.ReLU)]
        [Dense(4)]
        public partial class Net { }
        """;

    private static readonly string[] TrackedSteps =
    {
        NetworkGenerator.Steps.Parse, NetworkGenerator.Steps.Diagnostics, NetworkGenerator.Steps.Spec, NetworkGenerator.Steps.Plan,
    };

    [Fact]
    public void UnrelatedFileAdded_EveryStepCached()
    {
        (GeneratorDriver driver, Compilation compilation) = FirstRun(Network);
        Compilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace N; public class Other { public int X; }"));
        AssertNothingRegenerated(driver.RunGenerators(edited).GetRunResult());
    }

    [Fact]
    public void CommentEditedInTheNetworksFile_EveryStepCachedOrUnchanged()
    {
        (GeneratorDriver driver, Compilation compilation) = FirstRun(Network);
        SyntaxTree old = compilation.SyntaxTrees.Single();
        SyntaxTree edited = old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            Network.Replace("// A comment the edit changes.", "// A longer comment that moves every attribute further down the file.\n// Another line.")));
        AssertNothingRegenerated(driver.RunGenerators(compilation.ReplaceSyntaxTree(old, edited)).GetRunResult());
    }

    private const string GraphNetwork = """
        using System;
        using NetGen;
        namespace N;

        [Network(Loss = Loss.MeanSquaredError, MaxBatch = 8)]
        public partial class Graph
        {
            // A comment the edit changes.
            [Input(4)] public partial ReadOnlySpan<float> X();
            [Dense(4, Activation = Activation.Tanh, From = nameof(X))] public partial ReadOnlySpan<float> A();
            [Add(nameof(X), nameof(A))] public partial ReadOnlySpan<float> Sum();
            [Dense(2)] public partial ReadOnlySpan<float> Out();
        }
        """;

    [Fact]
    public void CommentEditedInsideAGraphDeclaredOnMethods_EveryStepCachedOrUnchanged()
    {
        (GeneratorDriver driver, Compilation compilation) = FirstRun(GraphNetwork);
        SyntaxTree old = compilation.SyntaxTrees.Single();
        SyntaxTree edited = old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            GraphNetwork.Replace("// A comment the edit changes.", "// A longer comment\n        // that moves every method down.")));
        AssertNothingRegenerated(driver.RunGenerators(compilation.ReplaceSyntaxTree(old, edited)).GetRunResult());
    }

    [Fact]
    public void LayerSizeEdited_PlanAndOutputModified()
    {
        (GeneratorDriver driver, Compilation compilation) = FirstRun(Network);
        SyntaxTree old = compilation.SyntaxTrees.Single();
        SyntaxTree edited = old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Network.Replace("[Dense(4)]", "[Dense(5)]")));
        GeneratorRunResult run = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, edited)).GetRunResult().Results.Single();

        Assert.Contains(Reasons(run, NetworkGenerator.Steps.Plan), r => r == IncrementalStepRunReason.Modified);
        Assert.Contains(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
    }

    private static (GeneratorDriver Driver, Compilation Compilation) FirstRun(string source)
    {
        Compilation compilation = GeneratorHarness.Compile(source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources);
        return (driver, compilation);
    }

    private static void AssertNothingRegenerated(GeneratorDriverRunResult result)
    {
        GeneratorRunResult run = result.Results.Single();
        foreach (string step in TrackedSteps)
        {
            IEnumerable<IncrementalStepRunReason> reasons = Reasons(run, step);
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
        }
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output: {o.Reason}"));
    }

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult run, string step) =>
        run.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
}
