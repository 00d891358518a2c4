using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Emit;
using NetGen.Generator.Planning;
using Xunit;
using static NetGen.Generator.Tests.GeneratedCodeChecks;

namespace NetGen.Generator.Tests;

/// <summary>
/// The table of generated member names (<see cref="GeneratedMembers"/>), which the clash rules check user names
/// against, must be exactly what the emitters declare: compiled here for networks that between them use every
/// emitter branch, and compared with the members the compiler finds in the generated code.
/// </summary>
public class GeneratedMembersTests
{
    public static readonly TheoryData<string> Networks = new()
    {
        // Every layer kind of a chain, cross-entropy (labels), batch norm (buffers), dropout, pooling indices.
        """
        [Network(Loss = Loss.SoftmaxCrossEntropy)]
        [Input(2, 9, 9)] [Conv2D(4, Activation = Activation.ReLU)] [BatchNorm] [MaxPool2D(2, Padding = 1)]
        [AvgPool2D(2)] [Conv2D(3, Kernel = 1, Bias = false)] [GlobalAvgPool2D] [Dense(6)] [Dropout(0.5)] [Dense(3)]
        public partial class Net { }
        """,
        // A graph with several inputs, layer methods and joins, binary cross-entropy.
        """
        [Network(Loss = Loss.BinaryCrossEntropy)]
        public partial class Net
        {
            [Input(1, 4, 4)] public partial System.ReadOnlySpan<float> Image();
            [Input(3)] public partial System.ReadOnlySpan<float> Extra();
            [Flatten(From = nameof(Image))] public partial System.ReadOnlySpan<float> Flat();
            [Concat(nameof(Flat), nameof(Extra))] public partial System.ReadOnlySpan<float> Joined();
            [Dense(19, Activation = Activation.Tanh)] public partial System.ReadOnlySpan<float> Hidden();
            [Add(nameof(Hidden), nameof(Joined))] public partial System.ReadOnlySpan<float> Residual();
            [Dense(1)] public partial System.ReadOnlySpan<float> Score();
        }
        """,
        // Several inputs with cross-entropy (the per-input TrainStep with labels); mean squared error without bias.
        """
        [Network(Loss = Loss.SoftmaxCrossEntropy)] [Input(2, Name = "a")] [Input(3, Name = "b")] [Concat("a", "b")] [Dense(2)]
        public partial class Net { }
        """,
        """
        [Network] [Input(4)] [Dense(3, Bias = false)] [Multiply("fc1", "fc1")] [Dense(1)]
        public partial class Net { }
        """,
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Table_IsExactlyWhatTheGeneratedCodeDeclares(string network)
    {
        (GeneratorDriverRunResult result, Compilation output) = Run(Header + network);
        CompilesCleanly(result, output);
        NetworkPlan plan = result.Results.Single().TrackedSteps[NetworkGenerator.Steps.Plan]
            .SelectMany(step => step.Outputs).Select(o => o.Value).OfType<NetworkPlan>().Single();

        // Gpu is declared by the GPU file only (checked below), but reserved in every network.
        string[] table = GeneratedMembers.Of(plan).Where(m => m.Name != "Gpu").Select(Key).OrderBy(k => k, System.StringComparer.Ordinal).ToArray();
        string[] declared = Declared(output, result).OrderBy(k => k, System.StringComparer.Ordinal).ToArray();

        Assert.True(declared.SequenceEqual(table), "Declared but not in the table: " + string.Join(", ", declared.Except(table))
            + "\nIn the table but not declared: " + string.Join(", ", table.Except(declared)));
    }

    [Fact]
    public void GpuFile_DeclaresOnlyTheNestedGpuClass_InTheNetwork()
    {
        GeneratorDriverRunResult result = GpuEmissionTests.RunWithIlgpu(Header + "[Network] [Input(4)] [Dense(2)] public partial class Net { }");
        GeneratedSourceResult gpu = result.Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith(".Gpu.g.cs", System.StringComparison.Ordinal));

        ClassDeclarationSyntax outer = gpu.SyntaxTree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().First();
        Assert.Equal(new[] { "Gpu" }, outer.Members.OfType<ClassDeclarationSyntax>().Select(c => c.Identifier.ValueText));
        Assert.Single(outer.Members);
    }

    [Fact]
    public void EveryGeneratedMemberName_TakenByAUserField_IsNG0027AtTheField_NotACSharpError()
    {
        const string network = "[Network(Loss = Loss.SoftmaxCrossEntropy)] [Input(1, 6, 6)] [Conv2D(2)] [BatchNorm] [MaxPool2D(2)] [Dropout(0.5)] [Flatten] [Dense(2)]";
        (GeneratorDriverRunResult clean, Compilation cleanOutput) = Run(Header + network + " public partial class Net { }");
        // The names come from the compiled generated code, not from the table under test.
        string[] names = Declared(cleanOutput, clean).Select(k => k.Split('(')[0])
            .Where(n => n != ".ctor" && !n.Contains('.')).Distinct().ToArray();
        Assert.True(names.Length > 60, string.Join(", ", names));

        var failures = new List<string>();
        foreach (string name in names)
        {
            string source = Header + network + " public partial class Net { public int " + name + "; }";
            (GeneratorDriverRunResult result, Compilation output) = Run(source);
            Diagnostic? clash = result.Diagnostics.SingleOrDefault(d => d.Id == "NG0027");
            int at = source.IndexOf("int " + name + ";", System.StringComparison.Ordinal) + 4;
            if (clash is null || clash.Location.SourceSpan.Start != at || GeneratorHarness.CompilationErrors(output).Length > 0)
            {
                failures.Add(name + ": " + GeneratorHarness.Describe(result.Diagnostics.Concat(GeneratorHarness.CompilationErrors(output))));
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // Members of N.Net declared only in generated files (a layer method's body implements the user's declaration).
    private static IEnumerable<string> Declared(Compilation output, GeneratorDriverRunResult result)
    {
        var generated = result.Results.Single().GeneratedSources.Select(s => s.SyntaxTree).ToHashSet();
        foreach (ISymbol member in output.GetTypeByMetadataName("N.Net")!.GetMembers())
        {
            if (member.IsImplicitlyDeclared || member is IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet }
                || member.DeclaringSyntaxReferences.Any(r => !generated.Contains(r.SyntaxTree)))
            {
                continue;
            }
            yield return member switch
            {
                IMethodSymbol method => method.Name + "(" + string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString())) + ")",
                IPropertySymbol { ExplicitInterfaceImplementations: [var implemented, ..] } => implemented.ContainingType.ToDisplayString() + "." + implemented.Name,
                _ => member.Name,
            };
        }
    }

    private static string Key(GeneratedMember member) => member.IsMethod ? member.Name + "(" + member.Parameters + ")" : member.Name;
}
