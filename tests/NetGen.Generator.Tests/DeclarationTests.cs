using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using static NetGen.Generator.Tests.GeneratedCodeChecks;

namespace NetGen.Generator.Tests;

/// <summary>
/// Declarations NetGen cannot generate get a NetGen diagnostic at the class, never C# errors inside generated files;
/// a class still being typed gets nothing; and a network that cannot be generated still has its layer methods
/// implemented, so that NetGen's errors are the only ones (docs/graphs.md).
/// </summary>
public class DeclarationTests
{
    private const string Layers = "[Network] [Input(4)] [Dense(2)]";

    [Fact]
    public void PrimaryConstructor_NG0008AtTheClassName() =>
        Assert.Contains("primary constructor", ExpectAt("NG0008", Layers + " public partial class [|Net|](int hidden) { public int Hidden => hidden; }").GetMessage());

    [Fact]
    public void Struct_NG0008AtTheName() =>
        ExpectAt("NG0008", Layers + " public partial struct [|Net|] { }", compilerErrors: new[] { "CS0592" });

    [Fact]
    public void Interface_NG0008AtTheName() =>
        ExpectAt("NG0008", Layers + " public partial interface [|INet|] { }", compilerErrors: new[] { "CS0592" });

    [Fact]
    public void FileLocalClass_NG0008AtTheName() =>
        Assert.Contains("'file'", ExpectAt("NG0008", Layers + " file partial class [|Net|] { }").GetMessage());

    [Fact]
    public void BaseClassWithoutParameterlessConstructor_NG0008AtTheName() =>
        ExpectAt("NG0008", "public abstract class Base { protected Base(int size) { } }\n" + Layers + " public partial class [|Net|] : Base { public Net() : base(1) { } }");

    [Fact]
    public void BaseClassWithProtectedOrOptionalParameterConstructor_IsGenerated()
    {
        (GeneratorDriverRunResult result, Compilation output) = Run(Header +
            "public abstract class Base { protected Base(int size = 3) { } }\n" + Layers + " public partial class Net : Base { }");
        CompilesCleanly(result, output);
    }

    [Fact]
    public void AbstractNetwork_WithIlgpu_GpuClassTakesAHostAndCreatesNone()
    {
        GeneratorDriverRunResult result = GpuEmissionTests.RunWithIlgpu(Header + Layers + " public abstract partial class Net { }");

        NoCrash(result);
        Assert.Empty(result.Diagnostics);
        GeneratedSourceResult gpu = result.Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith(".Gpu.g.cs", System.StringComparison.Ordinal));
        Assert.Empty(gpu.SyntaxTree.GetDiagnostics());
        string text = gpu.SourceText.ToString();
        Assert.DoesNotContain("new Net(", text, System.StringComparison.Ordinal);
        Assert.Contains("public Gpu(global::NetGen.Gpu.GpuDevice device, Net host)", text, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Network] [Input(4)] [Dense(2)] public partial class ")]
    [InlineData("[Network] [Input(4)] [Dense(2)] public partial class { }")]
    [InlineData("[Network] public partial class")]
    public void ClassWithoutANameYet_GeneratesNothing(string typing)
    {
        (GeneratorDriverRunResult result, Compilation output) = Run(Header + typing, Header + Bystander);

        Assert.Empty(result.Diagnostics);
        Assert.Single(result.Results.Single().GeneratedSources); // the bystander's
        SyntaxTree[] generated = result.Results.Single().GeneratedSources.Select(s => s.SyntaxTree).ToArray();
        Assert.DoesNotContain(output.GetDiagnostics(), d => generated.Contains(d.Location.SourceTree));
        BystanderGenerated(result, output);
    }

    // Each refused network declares layers on methods; none may show CS8795 (no implementation) or any other C# error.
    [Fact]
    public void LayersSplitAcrossParts_NG0006_LayerMethodsStillImplemented() => ExpectAt("NG0006", """
        [Network] [Input(4)] public partial class Net { [Dense(3)] public partial System.ReadOnlySpan<float> Hidden(); }
        [[|Dense(2)|]] public partial class Net { }
        """);

    [Fact]
    public void NestedNetwork_NG0008_LayerMethodsStillImplemented() => ExpectAt("NG0008", """
        public partial class Outer<T>
        {
            [Network]
            internal partial class [|Net|]
            {
                [Input(4)] public partial System.ReadOnlySpan<float> X();
                [Dense(2)] internal partial System.ReadOnlySpan<float> @event();
            }
        }
        """);

    [Fact]
    public void GenericRecordNetwork_NG0008_LayerMethodsStillImplemented() => ExpectAt("NG0008", """
        [Network]
        public partial record [|Net|]<T>(int Size)
        {
            [Input(4)] public partial System.ReadOnlySpan<float> X();
            [Dense(2)] public partial System.ReadOnlySpan<float> Y();
        }
        """);

    [Fact]
    public void OneInvalidLayerMethod_NG0026_TheOthersStillImplemented()
    {
        (GeneratorDriverRunResult result, Compilation output) = Run(Header + """
            [Network]
            public partial class Net
            {
                [Input(4)] public partial System.ReadOnlySpan<float> X();
                [Dense(3)] public partial System.ReadOnlySpan<float> Hidden();
                [Dense(2)] public partial System.ReadOnlySpan<float> Y(int sample);
            }
            """ + Bystander);

        Assert.Equal("NG0026", Assert.Single(result.Diagnostics).Id);
        // Only Y(int) lacks a body: its signature is what NG0026 asks to fix.
        Diagnostic error = Assert.Single(GeneratorHarness.CompilationErrors(output));
        Assert.Equal("CS8795", error.Id);
        Assert.Contains("Net.Y(int)", error.GetMessage(), System.StringComparison.Ordinal);
        BystanderGenerated(result, output);
    }

    [Fact]
    public void AttributeWithACSharpError_OnlyTheCompilersErrors()
    {
        (GeneratorDriverRunResult result, Compilation output) = Run(Header + """
            [Network]
            public partial class Net
            {
                [Input(4)] public partial System.ReadOnlySpan<float> X();
                [Dense(] public partial System.ReadOnlySpan<float> Y();
                [Dense(2, From = 3)] public partial System.ReadOnlySpan<float> Z();
            }
            """ + Bystander);

        Assert.Empty(result.Diagnostics);
        Diagnostic[] errors = GeneratorHarness.CompilationErrors(output);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.True(e.Id is "CS1026" or "CS7036" or "CS0029" && e.Location.SourceTree!.FilePath == "Source0.cs", e.ToString()));
        BystanderGenerated(result, output);
    }
}
