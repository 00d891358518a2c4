using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator.Emit.Gpu;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// The GPU branch of the generator: <c>MyNet.Gpu.g.cs</c> appears only when the compilation references ILGPU and
/// NetGen.Gpu. Here stand-in assemblies of those names trigger it, so the file is checked for syntax and against its
/// baseline; tests/NetGen.Gpu.Tests compiles the same emitter's output against the real ILGPU and NetGen.Gpu and runs it.
/// </summary>
public class GpuEmissionTests
{
    private const string EveryLayer = """
        using NetGen;

        namespace Samples.Gpu;

        [Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 32, Seed = 3)]
        [Input(2, 9, 11)]
        [Conv2D(4, KernelHeight = 3, KernelWidth = 5, PaddingHeight = 1, PaddingWidth = 2, Activation = Activation.Tanh)]
        [BatchNorm(Activation = Activation.ReLU)]
        [MaxPool2D(3, Stride = 1, Padding = 1)]
        [Conv2D(3, Kernel = 3, Stride = 2, Dilation = 2, Padding = 2, Bias = false, Activation = Activation.LeakyReLU, LeakySlope = 0.1)]
        [AvgPool2D(2, Padding = 1)]
        [Conv2D(5, Kernel = 1)]
        [GlobalAvgPool2D]
        [Dense(6, Activation = Activation.Sigmoid)]
        [BatchNorm]
        [Dropout(0.5)]
        [Dense(3)]
        public partial class EveryLayerGpu { }
        """;

    [Fact]
    public void WithoutIlgpu_OnlyTheCpuFileIsGenerated()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(EveryLayer);

        Assert.Empty(result.Diagnostics);
        GeneratedSourceResult only = Assert.Single(result.Results.Single().GeneratedSources);
        Assert.Equal("Samples.Gpu.EveryLayerGpu.a5e3260c.g.cs", only.HintName);
    }

    [Fact]
    public void WithIlgpu_GpuFileIsGenerated_WithoutSyntaxErrors_AndMatchesBaseline()
    {
        GeneratorDriverRunResult result = RunWithIlgpu(EveryLayer);

        Assert.Empty(result.Diagnostics);
        GeneratedSourceResult[] sources = result.Results.Single().GeneratedSources.ToArray();
        Assert.Equal(new[] { "Samples.Gpu.EveryLayerGpu.a5e3260c.Gpu.g.cs", "Samples.Gpu.EveryLayerGpu.a5e3260c.g.cs" }, sources.Select(s => s.HintName).OrderBy(n => n, System.StringComparer.Ordinal));
        GeneratedSourceResult gpu = sources.Single(s => s.HintName.EndsWith(".Gpu.g.cs", System.StringComparison.Ordinal));
        Assert.Empty(gpu.SyntaxTree.GetDiagnostics());
        Baseline.Match("GpuEveryLayer", Baseline.FileName(gpu.HintName), gpu.SourceText.ToString());
    }

    [Fact]
    public void WithIlgpu_TheCpuFileIsUnchanged()
    {
        (GeneratorDriverRunResult plain, _) = GeneratorHarness.Run(EveryLayer);
        GeneratorDriverRunResult withIlgpu = RunWithIlgpu(EveryLayer);

        string cpu = plain.Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Equal(cpu, withIlgpu.Results.Single().GeneratedSources.Single(s => s.HintName == "Samples.Gpu.EveryLayerGpu.a5e3260c.g.cs").SourceText.ToString());
    }

    [Fact]
    public void WithIlgpuButWithoutNetGenGpu_OnlyTheCpuFileIsGenerated()
    {
        Compilation input = GeneratorHarness.Compile(EveryLayer).AddReferences(Stub("ILGPU"));
        GeneratorDriverRunResult result = GeneratorHarness.CreateDriver().RunGenerators(input).GetRunResult();

        Assert.Single(result.Results.Single().GeneratedSources);
    }

    internal static GeneratorDriverRunResult RunWithIlgpu(params string[] sources)
    {
        Compilation input = GeneratorHarness.Compile(sources).AddReferences(Stub("ILGPU"), Stub("NetGen.Gpu"));
        return GeneratorHarness.CreateDriver().RunGenerators(input).GetRunResult();
    }

    // Only an assembly's name matters to the generator.
    private static MetadataReference Stub(string name)
    {
        CSharpCompilation stub = CSharpCompilation.Create(name,
            new[] { CSharpSyntaxTree.ParseText("namespace Stub { public static class Marker { } }") },
            GeneratorHarness.Compile().References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new System.IO.MemoryStream();
        Assert.True(stub.Emit(image).Success);
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}

/// <summary>Which plans get GPU kernels: every layer kind of today, and no layer with several inputs (NG0040 instead).</summary>
public class GpuSupportTests
{
    private static NetworkPlan Plan(params LayerSpec[] layers)
    {
        PlanResult result = Planner.Plan(new NetworkSpec("N", "Net", "public", Loss.SoftmaxCrossEntropy, 8, 1, layers.ToEquatableArray()));
        Assert.Empty(result.Errors);
        return result.Plan!;
    }

    [Fact]
    public void DenseNetwork_IsSupported()
    {
        NetworkPlan plan = Plan(
            new InputSpec("input", new[] { 4 }.ToEquatableArray()),
            new DenseSpec("fc1", new[] { "input" }.ToEquatableArray(), 3, Activation.ReLU, true, 0.01),
            new DenseSpec("fc2", new[] { "fc1" }.ToEquatableArray(), 2, Activation.Identity, true, 0.01));

        Assert.Null(GpuSupport.FirstUnsupported(plan));
    }

    [Fact]
    public void LayerWithSeveralInputs_IsTheFirstUnsupported()
    {
        NetworkPlan plan = Plan(
            new InputSpec("input", new[] { 4 }.ToEquatableArray()),
            new DenseSpec("fc1", new[] { "input" }.ToEquatableArray(), 3, Activation.ReLU, true, 0.01),
            new DenseSpec("fc2", new[] { "fc1" }.ToEquatableArray(), 2, Activation.Identity, true, 0.01));
        PlannedLayer fc2 = plan.Layers[2];
        // A graph layer reading two tensors, as the lead's Add and Concat layers will.
        PlannedLayer joined = fc2 with { Spec = fc2.Spec with { Inputs = new[] { "fc1", "input" }.ToEquatableArray() } };
        NetworkPlan graph = plan with { Layers = new[] { plan.Layers[0], plan.Layers[1], joined }.ToEquatableArray() };

        Assert.Same(joined, GpuSupport.FirstUnsupported(graph));
    }
}
