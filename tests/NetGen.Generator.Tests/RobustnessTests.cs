using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>The generator never throws: malformed declarations leave the compiler's own errors and nothing else.</summary>
public class RobustnessTests
{
    [Theory]
    [InlineData("[Network] [Input(4)] [Dense(] public partial class Net { }")]
    [InlineData("[Network] [Input(4)] [Dense(\"ten\")] public partial class Net { }")]
    [InlineData("[Network] [Input(4)] [Dense] public partial class Net { }")]
    [InlineData("[Network] [Input] [Dense(3)] public partial class Net { }")]
    [InlineData("[Network] [Input(\"4\")] [Dense(3)] public partial class Net { }")]
    [InlineData("[Network(Loss = 5)] [Input(4)] [Dense(3)] public partial class Net { }")]
    [InlineData("[Network(MaxBatch = \"big\")] [Input(4)] [Dense(3)] public partial class Net { }")]
    [InlineData("[Network(Nonsense = 1)] [Input(4)] [Dense(3)] public partial class Net { }")]
    [InlineData("[Network] [Input(4)] [Dense(3, Activation = Activation.Swish)] public partial class Net { }")]
    [InlineData("[Network] [Input(4)] [Dense(3, Name = null)] public partial class Net { }")]
    [InlineData("[Network] [Input(4)] [Dense(3)] public partial class")]
    [InlineData("[Network] [Input(4)] [Dense(3)] public partial class Net { void M( }")]
    [InlineData("[Network] [Network] [Input(4)] [Dense(3)] public partial class Net { }")]
    [InlineData("[Network] public partial interface INet { }")]
    [InlineData("[Network] [Input(4)] [Dense(3)] public partial struct Net { }")]
    [InlineData("[Network] [Input(int.MaxValue, int.MaxValue, int.MaxValue)] [Dense(int.MaxValue)] public partial class Net { }")]
    [InlineData("[Network] [Input(4)] [Dense(3, LeakySlope = double.NaN, Activation = Activation.LeakyReLU)] [Dense(1)] public partial class Net { }")]
    [InlineData("[Network(MaxBatch = int.MinValue, Seed = long.MinValue)] [Input(-1)] [Dense(-1)] public partial class Net { }")]
    [InlineData("[Network] [Input(4)] [Dense(3)] partial class Net { } [Network] partial class Net { }")]
    [InlineData("[Network] [Input(4)] [Dense(3)] [Add(null)] public partial class Net { }")]
    [InlineData("[Network] [Input(4)] [Dense(3)] [Concat()] public partial class Net { }")]
    [InlineData("[Network] [Input(4)] [Dense(3)] [Add(null, null)] public partial class Net { }")]
    [InlineData("[Network] [Input(4)] [Dense(3, From = \"\")] public partial class Net { }")]
    [InlineData("[Network] [Input(4)] [Dense(3, From = \",,\")] public partial class Net { }")]
    [InlineData("[Network] [Input(4)] [Dense(3, Name = \"a\", From = \"a\")] [Dense(2)] public partial class Net { }")]
    [InlineData("[Network] public partial class Net { [Input(4)] public partial System.ReadOnlySpan<float> X(); [Dense(2)] partial void Y(); }")]
    [InlineData("[Network] public partial class Net { [Input(4)] [Dense(2)] public partial System.ReadOnlySpan<float> X(); }")]
    [InlineData("[Network] public partial class Net { [Input(4)] public System.ReadOnlySpan<float> X() => default; [Dense(2)] public partial System.ReadOnlySpan<float> Y(); }")]
    [InlineData("[Network] public partial class Net { [Input(4)] public partial System.ReadOnlySpan<float> X(int a); }")]
    public void Nonsense_DoesNotCrashTheGenerator(string body)
    {
        (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run("using NetGen;\nnamespace N;\n" + body);
        GeneratorRunResult run = result.Results.Single();
        Assert.Null(run.Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "NG0099");
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Id is "CS8784" or "CS8785");
    }

    [Fact]
    public void SourceWithoutNetworks_GeneratesNothing()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("namespace N; public class Plain { }");
        Assert.Empty(result.Results.Single().GeneratedSources);
        Assert.Empty(result.Diagnostics);
    }
}
