using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>Whole-file snapshots of the code generated for representative networks, compiled in the same test.</summary>
public class BaselineTests
{
    [Fact]
    public void DigitsMlp_GeneratedCode_MatchesBaselineAndCompiles() => Check("DigitsMlp", """
        using NetGen;

        namespace Samples.Digits;

        [Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 64)]
        [Input(64)]
        [Dense(128, Activation = Activation.ReLU)]
        [Dense(10)]
        public partial class DigitsMlp { }
        """);

    [Fact]
    public void DigitWithFeatures_GraphWithTwoInputsResidualAndConcat_MatchesBaselineAndCompiles() => Check("DigitWithFeatures", """
        using System;
        using NetGen;

        namespace Samples.Graphs;

        [Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 32)]
        public partial class DigitWithFeatures
        {
            [Input(1, 12, 12)] public partial ReadOnlySpan<float> Image();
            [Input(6)] public partial ReadOnlySpan<float> Features();
            [Conv2D(4, Kernel = 3, Padding = 1, Activation = Activation.ReLU, From = nameof(Image))] public partial ReadOnlySpan<float> C1();
            [Conv2D(4, Kernel = 3, Padding = 1, From = nameof(C1))] public partial ReadOnlySpan<float> C2();
            [Add(nameof(C1), nameof(C2), Activation = Activation.ReLU)] public partial ReadOnlySpan<float> Res();
            [GlobalAvgPool2D(From = nameof(Res))] public partial ReadOnlySpan<float> Pooled();
            [Dense(4, Activation = Activation.Sigmoid, From = nameof(Features))] public partial ReadOnlySpan<float> Gate();
            [Multiply(nameof(Pooled), nameof(Gate))] public partial ReadOnlySpan<float> Gated();
            [Concat(nameof(Gated), nameof(Features))] public partial ReadOnlySpan<float> Joined();
            [Dense(10, From = nameof(Joined))] internal partial ReadOnlySpan<float> Logits();
        }
        """);

    [Fact]
    public void BinaryClassifier_WithSigmoidOutputLeakyReluAndNoBias_MatchesBaselineAndCompiles() => Check("BinaryClassifier", """
        using NetGen;

        namespace Samples.Tabular
        {
            [Network(Loss = Loss.BinaryCrossEntropy, MaxBatch = 16, Seed = 7)]
            [Input(30)]
            [Dense(16, Activation = Activation.LeakyReLU, LeakySlope = 0.2, Bias = false)]
            [Dense(1, Activation = Activation.Sigmoid)]
            internal partial class BinaryClassifier { }
        }
        """);

    [Fact]
    public void Regressor_InGlobalNamespaceWithNamedTanhAndSoftmaxFreeMse_MatchesBaselineAndCompiles() => Check("Regressor", """
        using NetGen;

        [Network(MaxBatch = 8)]
        [Input(10)]
        [Dense(32, Activation = Activation.Tanh, Name = "hidden")]
        [Dense(16, Activation = Activation.Sigmoid, Name = "bottle_neck")]
        [Dense(1)]
        public partial class Regressor { }
        """);

    [Fact]
    public void SoftmaxClassifier_WithDeclaredSoftmax_MatchesBaselineAndCompiles() => Check("IrisSoftmax", """
        using NetGen;

        namespace Samples.Iris;

        [Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 150)]
        [Input(4)]
        [Dense(16, Activation = Activation.ReLU)]
        [Dense(3, Activation = Activation.Softmax)]
        public partial class IrisSoftmax { }
        """);

    [Fact]
    public void MnistCnn_WithEveryKindOfLayer_MatchesBaselineAndCompiles() => Check("MnistCnn", """
        using NetGen;

        namespace Samples.Mnist;

        [Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 64)]
        [Input(1, 28, 28)]
        [Conv2D(16, Kernel = 5, Padding = 2, Activation = Activation.ReLU)]
        [MaxPool2D(2)]
        [Conv2D(32, KernelHeight = 3, KernelWidth = 5, PaddingHeight = 1, PaddingWidth = 2, Bias = false)]
        [BatchNorm(Activation = Activation.ReLU)]
        [AvgPool2D(2)]
        [Conv2D(32, Kernel = 3, Stride = 2, Dilation = 2, Padding = 2, Activation = Activation.Tanh)]
        [GlobalAvgPool2D]
        [Dense(128, Activation = Activation.ReLU)]
        [BatchNorm]
        [Dropout(0.25)]
        [Dense(10, Activation = Activation.Softmax)]
        public partial class MnistCnn { }
        """);

    [Fact]
    public void FlattenAfterPool_IsAViewWithoutCode_MatchesBaselineAndCompiles() => Check("LeNet", """
        using NetGen;

        namespace Samples.Mnist;

        [Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 64)]
        [Input(1, 28, 28)]
        [Conv2D(8, Kernel = 3, Activation = Activation.ReLU)]
        [MaxPool2D(2)]
        [Conv2D(16, Kernel = 3, Activation = Activation.ReLU)]
        [MaxPool2D(2)]
        [Flatten]
        [Dense(10)]
        public partial class LeNet { }
        """);

    private static void Check(string name, string source)
    {
        (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(source);
        Assert.Empty(result.Diagnostics);
        GeneratedSourceResult generated = Assert.Single(result.Results.Single().GeneratedSources);
        Diagnostic[] errors = GeneratorHarness.CompilationErrors(output);
        Assert.True(errors.Length == 0, "The generated code does not compile:\n" + GeneratorHarness.Describe(errors));
        Diagnostic[] warnings = output.GetDiagnostics().Where(d => d.Location.SourceTree == generated.SyntaxTree).ToArray();
        Assert.True(warnings.Length == 0, "The generated code has warnings (a public member without XML docs?):\n" + GeneratorHarness.Describe(warnings));
        Baseline.Match(name, Baseline.FileName(generated.HintName), generated.SourceText.ToString());
    }
}
