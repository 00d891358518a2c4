using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using static NetGen.Generator.Tests.GeneratedCodeChecks;

namespace NetGen.Generator.Tests;

/// <summary>
/// Legal C# names that once generated code that did not compile. Where NetGen can generate around a name (keywords,
/// parameter names) the output compiles with no error or warning; where a name takes one the generated code declares,
/// the user gets NG0027 (a member), NG0028 (a layer) or NG0029 (the class) at the declaration to rename.
/// </summary>
public class NameClashTests
{
    [Fact]
    public void LayerNamedLast_NG0028_ItsOutputWouldBeLastOutput() =>
        Assert.Contains("'LastOutput'", ExpectAt("NG0028", """
            [Network] [Input(4)] [[|Dense(2, Name = "last")|]]
            public partial class Net { }
            """).GetMessage());

    [Fact]
    public void LayerMethodNamedLast_NG0028AtItsAttribute() => ExpectAt("NG0028", """
        [Network]
        public partial class Net
        {
            [Input(1, 6, 6)] public partial System.ReadOnlySpan<float> Image();
            [[|Conv2D(2)|]] public partial System.ReadOnlySpan<float> Last();
            [Flatten] public partial System.ReadOnlySpan<float> Flat();
            [Dense(2)] public partial System.ReadOnlySpan<float> Head();
        }
        """);

    [Theory]
    [InlineData("Parameters")]
    [InlineData("Training")]
    [InlineData("InputSize")]
    [InlineData("ZeroGradients")]
    [InlineData("LastOutput")]
    public void LayerMethodNamedAfterAGeneratedMember_NG0027AtTheMethod(string name) => ExpectAt("NG0027", $$"""
        [Network]
        public partial class Net
        {
            [Input(4)] public partial System.ReadOnlySpan<float> X();
            [Dense(2)] public partial System.ReadOnlySpan<float> [|{{name}}|]();
        }
        """);

    [Fact]
    public void LayerMethodBesideTheOutputPropertyOfAnother_NG0027AtTheMethod() => ExpectAt("NG0027", """
        [Network]
        public partial class Net
        {
            [Input(4)] public partial System.ReadOnlySpan<float> In();
            [Dense(3)] public partial System.ReadOnlySpan<float> X();
            [Dense(2)] public partial System.ReadOnlySpan<float> [|XOutput|]();
        }
        """);

    [Theory]
    [InlineData("public int [|Training|];")]
    [InlineData("public void [|Forward|]() { } public int Forward2;", true)]
    [InlineData("public float [|Backward|](System.ReadOnlySpan<float> target, int batch) => 0;")]
    [InlineData("public static int [|_parameters|] = 1;")]
    [InlineData("public [|Net|]() { }")]
    [InlineData("public [|Net|](long seed) { }")]
    [InlineData("public class [|Gpu|] { }")]
    [InlineData("public System.Span<float> [|Fc1Weight|] => default;")]
    [InlineData("public event System.Action? [|ArenaBytes|];")]
    public void UserMemberNamedAsAGeneratedOne_NG0027AtTheMember(string member, bool overloadIsFine = false)
    {
        if (overloadIsFine)
        {
            // A method with other parameters is an overload, which C# allows: generated, and no CS0419 in its docs.
            (GeneratorDriverRunResult result, Compilation output) = Run(Header + "[Network] [Input(4)] [Dense(2)] public partial class Net { "
                + member.Replace("[|", "").Replace("|]", "") + " public void Predict(float[] input) { } }");
            CompilesCleanly(result, output);
            return;
        }
        ExpectAt("NG0027", "[Network] [Input(4)] [Dense(2)] public partial class Net { " + member + " }");
    }

    [Fact]
    public void InheritedMemberNamedAsAGeneratedOne_NG0027AtTheBaseType() => ExpectAt("NG0027", """
        public abstract class Base { public abstract void Forward(System.ReadOnlySpan<float> input, System.Span<float> output, int batch); }
        [Network] [Input(4)] [Dense(2)] public abstract partial class Net : [|Base|] { }
        """);

    [Theory]
    [InlineData("Forward")]
    [InlineData("Predict")]
    [InlineData("Gpu")]
    [InlineData("Parameters")]
    [InlineData("Fc1Weight")]
    public void ClassNamedAsAGeneratedMember_NG0029AtTheName(string name) =>
        ExpectAt("NG0029", $"[Network] [Input(4)] [Dense(2)] public partial class [|{name}|] {{ }}");

    [Fact]
    public void KeywordNames_AreEscaped_AndCompile()
    {
        (GeneratorDriverRunResult result, Compilation output) = Run("""
            using NetGen;
            namespace Models.@event.@class
            {
                [Network]
                public partial class @class
                {
                    [Input(4)] public partial System.ReadOnlySpan<float> @event();
                    [Dense(3, Activation = Activation.ReLU)] internal partial System.ReadOnlySpan<float> @float();
                    [Dense(2)] public partial System.ReadOnlySpan<float> @return();
                }
            }
            """);

        CompilesCleanly(result, output);
        Assert.True(IsGenerated(output, "Models.event.class.class"));
    }

    [Theory]
    [InlineData("training", "batch", "batchInput")]
    [InlineData("output", "outputInput", "outputInput2")]
    [InlineData("event", "labels", "optimizer")]
    [InlineData("target", "loss", "input")]
    public void InputsNamedAsGeneratedParameters_GetParameterNamesOfTheirOwn_AndCompile(string a, string b, string c)
    {
        (GeneratorDriverRunResult result, Compilation output) = Run(Header + $$"""
            [Network(Loss = Loss.SoftmaxCrossEntropy)]
            [Input(4, Name = "{{a}}")] [Input(3, Name = "{{b}}")] [Input(2, Name = "{{c}}")]
            [Concat("{{a}}", "{{b}}", "{{c}}")] [Dense(3)]
            public partial class Net { }
            """);

        CompilesCleanly(result, output);
        // Every per-input method takes three distinct spans, one per input.
        IMethodSymbol forward = output.GetTypeByMetadataName("N.Net")!.GetMembers("Forward").OfType<IMethodSymbol>().Single(m => m.Parameters.Length == 5);
        Assert.Equal(5, forward.Parameters.Select(p => p.Name).Distinct().Count());
    }
}
