using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// One test per diagnostic: the ID, and the location, which must be the attribute (or class name) at fault.
/// Each source marks the expected span with <c>[|</c> and <c>|]</c>.
/// </summary>
public class DiagnosticTests
{
    [Fact]
    public void NG0001_ClassNotPartial_ReportedAtClassName() => Expect("NG0001", """
        [Network] [Input(4)] [Dense(2)]
        public class [|Net|] { }
        """);

    [Fact]
    public void NG0002_NoInput_ReportedAtNetworkAttribute() => Expect("NG0002", """
        [[|Network|]] [Dense(2)]
        public partial class Net { }
        """);

    [Fact]
    public void NG0003_ZeroUnits_ReportedAtDense() => Expect("NG0003", """
        [Network] [Input(4)] [[|Dense(0)|]]
        public partial class Net { }
        """);

    [Fact]
    public void NG0003_NegativeInputDimension_ReportedAtInput() => Expect("NG0003", """
        [Network] [[|Input(4, -2)|]] [Dense(3)]
        public partial class Net { }
        """);

    [Fact]
    public void NG0004_SoftmaxOnHiddenLayer_ReportedAtThatLayer() => Expect("NG0004", """
        [Network(Loss = Loss.SoftmaxCrossEntropy)] [Input(4)]
        [[|Dense(8, Activation = Activation.Softmax)|]]
        [Dense(3)]
        public partial class Net { }
        """);

    [Fact]
    public void NG0004_SoftmaxWithMeanSquaredError_ReportedAtOutput() => Expect("NG0004", """
        [Network(Loss = Loss.MeanSquaredError)] [Input(4)]
        [[|Dense(3, Activation = Activation.Softmax)|]]
        public partial class Net { }
        """, "SoftmaxCrossEntropy");

    [Fact]
    public void NG0005_BinaryCrossEntropyWithTenOutputs_ReportedAtOutput() => Expect("NG0005", """
        [Network(Loss = Loss.BinaryCrossEntropy)] [Input(4)]
        [[|Dense(10)|]]
        public partial class Net { }
        """, "exactly 1 output");

    [Fact]
    public void NG0005_CrossEntropyWithOneOutput_ReportedAtOutput() => Expect("NG0005", """
        [Network(Loss = Loss.SoftmaxCrossEntropy)] [Input(4)]
        [[|Dense(1)|]]
        public partial class Net { }
        """, "at least 2");

    [Fact]
    public void NG0005_CrossEntropyWithReluOutput_ReportedAtOutput() => Expect("NG0005", """
        [Network(Loss = Loss.SoftmaxCrossEntropy)] [Input(4)]
        [[|Dense(3, Activation = Activation.ReLU)|]]
        public partial class Net { }
        """, "logits");

    [Fact]
    public void NG0006_LayersOnAnotherPartialDeclaration_ReportedAtTheStrayLayer() => Expect("NG0006", """
        [Network] [Input(4)]
        public partial class Net { }

        [[|Dense(2)|]]
        public partial class Net { }
        """);

    [Fact]
    public void NG0007_MaxBatchZero_ReportedAtNetworkAttribute() => Expect("NG0007", """
        [[|Network(MaxBatch = 0)|]] [Input(4)] [Dense(2)]
        public partial class Net { }
        """);

    [Fact]
    public void NG0007_MaxBatchTooLarge_ReportedAtNetworkAttribute() => Expect("NG0007", """
        [[|Network(MaxBatch = 100000)|]] [Input(4)] [Dense(2)]
        public partial class Net { }
        """, "65536");

    [Fact]
    public void NG0008_GenericClass_ReportedAtClassName() => Expect("NG0008", """
        [Network] [Input(4)] [Dense(2)]
        public partial class [|Net|]<T> { }
        """, "generic");

    [Fact]
    public void NG0008_NestedInGenericType_ReportedAtClassName() => Expect("NG0008", """
        public partial class Outer<T>
        {
            [Network] [Input(4)] [Dense(2)]
            public partial class [|Net|] { }
        }
        """, "nested");

    [Fact]
    public void NG0008_StaticClass_ReportedAtClassName() => Expect("NG0008", """
        [Network] [Input(4)] [Dense(2)]
        public static partial class [|Net|] { }
        """, "static");

    [Fact]
    public void NG0008_Record_ReportedAtName() => Expect("NG0008", """
        [Network] [Input(4)] [Dense(2)]
        public partial record [|Net|] { }
        """, "record");

    [Fact]
    public void NG0009_SeveralInputsWhereOneIsExpected_ReportedAtTheLayer() => Expect("NG0009", """
        [Network] [Input(4, Name = "a")] [Input(3, Name = "b")] [[|Dense(2, From = "a, b")|]]
        public partial class Net { }
        """, "reads one input but From names 2 layers ('a', 'b')");

    [Fact]
    public void NG0021_UnknownReference_SuggestsTheClosestName() => Expect("NG0021", """
        [Network] [Input(4)] [Dense(8, Name = "hidden")] [[|Dense(2, From = "hiden")|]]
        public partial class Net { }
        """, "reads 'hiden', which is not a layer of 'Net'; did you mean 'hidden'?");

    [Fact]
    public void NG0021_UnknownReferenceInAdd_ReportedAtTheJoin() => Expect("NG0021", """
        [Network] [Input(4)] [Dense(4, Name = "a")] [[|Add("a", "zzz")|]]
        public partial class Net { }
        """, "reads 'zzz'");

    [Fact]
    public void NG0022_Cycle_NamesTheLayersOnIt() => Expect("NG0022", """
        [Network] [Input(4)] [[|Dense(4, Name = "a", From = "b")|]] [Dense(4, Name = "b", From = "a")] [Add("input", "b", Name = "out")]
        public partial class Net { }
        """, "('a' -> 'b' -> 'a')");

    [Fact]
    public void NG0023_UnreadInput_ReportedAtTheInput() => Expect("NG0023", """
        [Network] [Input(4)] [[|Input(3, Name = "extra")|]] [Dense(2, From = "input")]
        public partial class Net { }
        """, "no layer reads the input 'extra'");

    [Fact]
    public void NG0023_DanglingLayer_ReportedAtTheLayer() => Expect("NG0023", """
        [Network] [Input(4)] [[|Dense(8, Name = "side")|]] [Dense(2, From = "input")]
        public partial class Net { }
        """, "no layer reads 'side' and it is not the output");

    [Fact]
    public void NG0024_AddShapeMismatch_GivesBothShapes() => Expect("NG0024", """
        [Network] [Input(4)] [Dense(8, Name = "a")] [Dense(6, Name = "b", From = "input")] [[|Add("a", "b")|]] [Dense(2)]
        public partial class Net { }
        """, "'a' has shape 8 but 'b' has shape 6");

    [Fact]
    public void NG0024_ConcatOfImagesOfDifferentSize_GivesBothShapes() => Expect("NG0024", """
        [Network] [Input(1, 8, 8)] [Conv2D(4, Kernel = 3, Padding = 1, Name = "same")] [Conv2D(4, Kernel = 3, Name = "smaller", From = "input")]
        [[|Concat("same", "smaller")|]] [Flatten] [Dense(2)]
        public partial class Net { }
        """, "'same' has shape 4x8x8 but 'smaller' has shape 4x6x6");

    [Fact]
    public void NG0024_ConcatOfImageAndVector_GivesBothShapes() => Expect("NG0024", """
        [Network] [Input(1, 4, 4, Name = "image")] [Input(3, Name = "features")] [Conv2D(2, Kernel = 3, Padding = 1, From = "image")]
        [[|Concat("conv1", "features")|]] [Flatten] [Dense(2)]
        public partial class Net { }
        """, "'conv1' has shape 2x4x4 but 'features' has shape 3");

    [Fact]
    public void NG0025_AddOfOneLayer_ReportedAtTheJoin() => Expect("NG0025", """
        [Network] [Input(4)] [Dense(4)] [[|Add("fc1")|]] [Dense(2)]
        public partial class Net { }
        """, "joins 1 layer but needs at least 2");

    [Fact]
    public void NG0025_MultiplyOfThree_ReportedAtTheJoin() => Expect("NG0025", """
        [Network] [Input(4)] [Dense(4)] [[|Multiply("input", "fc1", "input")|]] [Dense(2)]
        public partial class Net { }
        """, "needs exactly 2");

    [Fact]
    public void NG0026_LayerMethodWithWrongReturnType_ReportedAtTheMethod() => Expect("NG0026", """
        [Network]
        public partial class Net
        {
            [Input(4)] public partial System.ReadOnlySpan<float> X();
            [Dense(2, From = nameof(X))] public partial float [|Y|]();
        }
        """, "returns float, not ReadOnlySpan<float>");

    [Fact]
    public void NG0026_StaticLayerMethod_ReportedAtTheMethod() => Expect("NG0026", """
        [Network]
        public partial class Net
        {
            [Input(4)] public static partial System.ReadOnlySpan<float> [|X|]();
            [Dense(2, From = nameof(X))] public partial System.ReadOnlySpan<float> Y();
        }
        """, "is static");

    [Fact]
    public void NG0010_LayerBeforeInput_ReportedAtTheLayer() => Expect("NG0010", """
        [Network] [[|Dense(3)|]] [Input(4)] [Dense(2)]
        public partial class Net { }
        """);

    [Fact]
    public void NG0011_InputOnly_ReportedAtNetworkAttribute() => Expect("NG0011", """
        [[|Network|]] [Input(4)]
        public partial class Net { }
        """);

    [Fact]
    public void NG0012_DenseOnImageShapedInput_ReportedAtDenseWithFlatSize() => Expect("NG0012", """
        [Network] [Input(1, 28, 28)] [[|Dense(10)|]]
        public partial class Net { }
        """, "Input(784)");

    [Fact]
    public void NG0013_NegativeLeakySlope_ReportedAtLayer() => Expect("NG0013", """
        [Network] [Input(4)] [[|Dense(3, Activation = Activation.LeakyReLU, LeakySlope = -0.1)|]] [Dense(1)]
        public partial class Net { }
        """, "LeakySlope");

    [Fact]
    public void NG0013_UndefinedActivationValue_ReportedAtLayer() => Expect("NG0013", """
        [Network] [Input(4)] [[|Dense(3, Activation = (Activation)42)|]] [Dense(1)]
        public partial class Net { }
        """, "Activation");

    [Fact]
    public void NG0013_UndefinedLossValue_ReportedAtNetworkAttribute() => Expect("NG0013", """
        [[|Network(Loss = (Loss)9)|]] [Input(4)] [Dense(1)]
        public partial class Net { }
        """, "Loss");

    [Fact]
    public void NG0014_NameWithSpace_ReportedAtLayer() => Expect("NG0014", """
        [Network] [Input(4)] [[|Dense(3, Name = "my layer")|]] [Dense(1)]
        public partial class Net { }
        """);

    [Fact]
    public void NG0014_DuplicateName_ReportedAtTheSecond() => Expect("NG0014", """
        [Network] [Input(4)] [Dense(3, Name = "hidden")] [[|Dense(3, Name = "Hidden")|]] [Dense(1)]
        public partial class Net { }
        """, "another layer");

    [Fact]
    public void NG0015_TooManyParameters_ReportedAtNetworkAttribute() => Expect("NG0015", """
        [[|Network|]] [Input(40000)] [Dense(40000)] [Dense(40000)]
        public partial class Net { }
        """);

    [Fact]
    public void NG0016_InputWithFourDimensions_ReportedAtInput() => Expect("NG0016", """
        [Network] [[|Input(1, 2, 3, 4)|]] [Dense(2)]
        public partial class Net { }
        """);

    [Fact]
    public void NG0016_InputWithoutDimensions_ReportedAtInput() => Expect("NG0016", """
        [Network] [[|Input()|]] [Dense(2)]
        public partial class Net { }
        """);

    [Fact]
    public void NG0012_DenseAfterConvWithoutFlatten_SuggestsFlatten() => Expect("NG0012", """
        [Network] [Input(1, 8, 8)] [Conv2D(4)] [[|Dense(10)|]]
        public partial class Net { }
        """, "add [Flatten] before it (giving 144 features)");

    [Fact]
    public void NG0017_ConvOnFlatInput_ReportedAtConv() => Expect("NG0017", """
        [Network] [Input(64)] [[|Conv2D(4)|]] [Flatten] [Dense(2)]
        public partial class Net { }
        """, "Input(channels, height, width)");

    [Fact]
    public void NG0017_PoolAfterFlatten_ReportedAtPool() => Expect("NG0017", """
        [Network] [Input(1, 8, 8)] [Conv2D(4)] [Flatten] [[|MaxPool2D(2)|]] [Dense(2)]
        public partial class Net { }
        """);

    [Fact]
    public void NG0018_FractionalConvOutput_GivesTheComputedShapeAndAFix() => Expect("NG0018", """
        [Network] [Input(1, 8, 8)] [[|Conv2D(4, Kernel = 4, Stride = 3)|]] [Flatten] [Dense(2)]
        public partial class Net { }
        """, "input 1x8x8 with kernel 4, padding 0, stride 3 gives 2.33x2.33; use padding 1 or stride 1");

    [Fact]
    public void NG0018_FractionalConvOutput_MentionsHalfSizes() => Expect("NG0018", """
        [Network] [Input(1, 8, 8)] [[|Conv2D(4, Kernel = 5, Stride = 2)|]] [Flatten] [Dense(2)]
        public partial class Net { }
        """, "gives 2.5x2.5; use stride 1");

    [Fact]
    public void NG0019_KernelLargerThanPaddedInput_ReportedAtConv() => Expect("NG0019", """
        [Network] [Input(1, 4, 4)] [[|Conv2D(4, Kernel = 7, Padding = 1)|]] [Flatten] [Dense(2)]
        public partial class Net { }
        """, "the kernel spans 7x7 but the padded input is only 6x6");

    [Fact]
    public void NG0019_PoolLargerThanInput_ReportedAtPool() => Expect("NG0019", """
        [Network] [Input(1, 4, 4)] [Conv2D(2, Kernel = 3)] [[|AvgPool2D(3)|]] [Flatten] [Dense(2)]
        public partial class Net { }
        """);

    [Fact]
    public void NG0020_DeclaredInChannelsDiffer_ReportedAtConv() => Expect("NG0020", """
        [Network] [Input(3, 8, 8)] [[|Conv2D(4, InChannels = 1)|]] [Flatten] [Dense(2)]
        public partial class Net { }
        """, "its input has 3 channels");

    [Fact]
    public void NG0013_DropoutProbabilityOfOne_ReportedAtDropout() => Expect("NG0013", """
        [Network] [Input(4)] [Dense(3)] [[|Dropout(1.0)|]] [Dense(1)]
        public partial class Net { }
        """, "probability");

    [Fact]
    public void NG0013_BatchNormMomentumAboveOne_ReportedAtBatchNorm() => Expect("NG0013", """
        [Network] [Input(4)] [Dense(3)] [[|BatchNorm(Momentum = 1.5)|]] [Dense(1)]
        public partial class Net { }
        """, "Momentum");

    [Fact]
    public void NG0013_PoolPaddingAboveHalfTheKernel_ReportedAtPool() => Expect("NG0013", """
        [Network] [Input(1, 8, 8)] [Conv2D(2)] [[|MaxPool2D(2, Padding = 2)|]] [Flatten] [Dense(2)]
        public partial class Net { }
        """, "half the kernel");

    [Fact]
    public void NG0013_NegativeConvPadding_ReportedAtConv() => Expect("NG0013", """
        [Network] [Input(1, 8, 8)] [[|Conv2D(2, Padding = -1)|]] [Flatten] [Dense(2)]
        public partial class Net { }
        """, "Padding");

    [Fact]
    public void NG0003_ZeroStride_ReportedAtConv() => Expect("NG0003", """
        [Network] [Input(1, 8, 8)] [[|Conv2D(2, Stride = 0)|]] [Flatten] [Dense(2)]
        public partial class Net { }
        """, "stride");

    [Fact]
    public void NG0005_CrossEntropyOnAnImageOutput_SuggestsFlattenAndDense() => Expect("NG0005", """
        [Network(Loss = Loss.SoftmaxCrossEntropy)] [Input(1, 8, 8)] [[|Conv2D(4)|]]
        public partial class Net { }
        """, "add [Flatten]");

    [Fact]
    public void NG0011_NoTrainableLayer_ReportedAtNetworkAttribute() => Expect("NG0011", """
        [[|Network|]] [Input(1, 8, 8)] [MaxPool2D(2)] [Flatten]
        public partial class Net { }
        """);

    [Fact]
    public void NetworkWithErrors_DeclaredOnMethods_ReportsOnlyNetGensErrors()
    {
        (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(Header + """
            [Network]
            public partial class Net
            {
                [Input(4)] public partial System.ReadOnlySpan<float> X();
                [Dense(2, From = "Y")] internal partial System.ReadOnlySpan<float> Z();
            }
            """);
        Assert.Contains(result.Diagnostics, d => d.Id == "NG0021");
        Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.SourceText.ToString().Contains("INetwork", System.StringComparison.Ordinal));
        Diagnostic[] errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, GeneratorHarness.Describe(errors));
    }

    [Fact]
    public void InvalidNetwork_GeneratesNoCode()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(Header + "[Network] [Input(4)] [Dense(0)] public partial class Net { }");
        Assert.Empty(result.Results.Single().GeneratedSources);
    }

    private const string Header = "using NetGen;\nnamespace N;\n";

    private static void Expect(string id, string body, string? messageContains = null)
    {
        string marked = Header + body;
        int start = marked.IndexOf("[|", System.StringComparison.Ordinal);
        int end = marked.IndexOf("|]", System.StringComparison.Ordinal) - 2;
        string source = marked.Replace("[|", "").Replace("|]", "");

        var diagnostics = GeneratorHarness.GeneratorDiagnostics(source);
        Assert.True(diagnostics.Count(d => d.Id == id) == 1, "Expected one " + id + ", got:\n" + GeneratorHarness.Describe(diagnostics));
        Diagnostic diagnostic = diagnostics.Single(d => d.Id == id);
        Assert.True(diagnostics.All(d => d.Id.StartsWith("NG", System.StringComparison.Ordinal) && d.Id != "NG0099"),
            GeneratorHarness.Describe(diagnostics));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(source.Substring(start, end - start), source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("docs/diagnostics.md#" + id.ToLowerInvariant(), diagnostic.Descriptor.HelpLinkUri, System.StringComparison.Ordinal);
        if (messageContains is not null)
        {
            Assert.Contains(messageContains, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        }
    }
}
