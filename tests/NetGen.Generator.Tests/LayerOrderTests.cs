using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// NG0010 is for a layer that chains to the one declared before it ahead of the input; a layer that names its input
/// with <c>From</c> may be declared anywhere (issue 12, section 3).
/// </summary>
public class LayerOrderTests
{
    [Fact]
    public void LayerNamingItsInputWithFrom_MayComeBeforeTheInput_EvenWhenItReadsTheLayerDeclaredBeforeIt()
    {
        // 'o' reads 'h', the layer declared just before it, by name: it used to be taken for a chain and get NG0010.
        string code = GeneratedCode.AssertCompilesWarningFree(Located.Header + """
            [Network]
            [Dense(3, Name = "h", From = "x")]
            [Dense(2, Name = "o", From = "h")]
            [Input(4, Name = "x")]
            [Dense(1, From = "o")]
            public partial class Net { }
            """);
        // Executed in dependency order: the header's table lists x, h, o, then the output.
        Assert.Matches(@"(?s)// \| x +\| Input.*// \| h +\| Dense.*// \| o +\| Dense.*// \| fc3 +\| Dense", code);
    }

    [Fact]
    public void LayerMethodsNamingTheirInputs_MayComeBeforeTheInputMethod() => GeneratedCode.AssertCompilesWarningFree(Located.Header + """
        [Network]
        public partial class Net
        {
            [Dense(3, From = nameof(X))] public partial System.ReadOnlySpan<float> H();
            [Dense(2, From = nameof(H))] public partial System.ReadOnlySpan<float> O();
            [Input(4)] public partial System.ReadOnlySpan<float> X();
            [Dense(1, From = nameof(O))] public partial System.ReadOnlySpan<float> Y();
        }
        """);

    [Fact]
    public void JoinsMayComeBeforeTheInput_TheyNameTheirInputs() => GeneratedCode.AssertCompilesWarningFree(Located.Header + """
        [Network]
        [Add("a", "b", Name = "sum")]
        [Concat("a", "sum", Name = "both")]
        [Input(4, Name = "x")]
        [Dense(4, Name = "a", From = "x")]
        [Dense(4, Name = "b", From = "x")]
        [Dense(1, From = "both")]
        public partial class Net { }
        """);

    [Fact]
    public void ChainedLayerBeforeTheInput_IsStillNG0010() => Located.Expect("NG0010", """
        [Network] [Dense(3, Name = "h", From = "x")] [[|Dense(2, Name = "o")|]] [Input(4, Name = "x")] [Dense(1, From = "o")]
        public partial class Net { }
        """);

    [Fact]
    public void FirstLayerWithoutFromBeforeTheInput_IsStillNG0010()
    {
        var diagnostics = GeneratorHarness.GeneratorDiagnostics(Located.Header + "[Network] [Dense(3)] [Input(4)] [Dense(1)] public partial class Net { }");
        Assert.Contains(diagnostics, d => d.Id == "NG0010" && d.GetMessage().Contains("'fc1'", System.StringComparison.Ordinal));
    }
}
