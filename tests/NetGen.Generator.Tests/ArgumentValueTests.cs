using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Hostile attribute arguments (issue 12, section 3): null, default, empty arrays, enum values outside their enum and
/// types that are not NetGen's each get a diagnostic at the attribute that holds them, never an internal error (NG0099).
/// </summary>
public class ArgumentValueTests
{
    [Theory]
    [InlineData("Input(null)")]
    [InlineData("Input(default)")]
    [InlineData("Input(default(int[]))")]
    public void NullInputShape_IsNG0013AtTheInput(string input) => Located.Expect("NG0013", $$"""
        [Network] [[|{{input}}|]] [Dense(3)]
        public partial class Net { }
        """, "shape = null");

    [Theory]
    [InlineData("Add(null)", "inputs = null")]
    [InlineData("Add(default(string[]))", "inputs = null")]
    [InlineData("Add(\"a\", null)", "inputs[1] = null")]
    [InlineData("Concat(default(string), \"a\")", "inputs[0] = null")]
    [InlineData("Multiply(\"a\", \" \")", "inputs[1] = \" \"")]
    public void NullOrBlankNameInAJoin_IsNG0013AtTheJoin(string join, string message) => Located.Expect("NG0013", $$"""
        [Network] [Input(4)] [Dense(4, Name = "a")] [[|{{join}}|]]
        public partial class Net { }
        """, message);

    [Theory]
    [InlineData("From = \"\"")]
    [InlineData("From = \"a,,b\"")]
    [InlineData("From = \" , \"")]
    public void BlankNameInFrom_IsNG0013AtThatLayer(string from) => Located.Expect("NG0013", $$"""
        [Network] [Input(4)] [Dense(4, Name = "a")] [[|Dense(2, {{from}})|]]
        public partial class Net { }
        """, "From");

    [Fact]
    public void NullNameAndFrom_MeanNotSet() => GeneratedCode.AssertCompilesWarningFree(Located.Header + """
        [Network] [Input(4, Name = null)] [Dense(3, Name = null, From = null)] [Dense(2, From = default(string))]
        public partial class Net { }
        """);

    [Fact]
    public void EmptyInputShape_IsNG0016() => Located.Expect("NG0016", """
        [Network] [[|Input(new int[0])|]] [Dense(3)]
        public partial class Net { }
        """, "0 dimensions");

    [Fact]
    public void EmptyJoin_IsNG0025() => Located.Expect("NG0025", """
        [Network] [Input(4)] [Dense(4)] [[|Concat(new string[0])|]]
        public partial class Net { }
        """, "joins 0 layers");

    [Theory]
    [InlineData("Dense(default)", "units")]
    [InlineData("Conv2D(default)", "filters")]
    [InlineData("Conv2D(2, Stride = default)", "stride")]
    [InlineData("MaxPool2D(default, Stride = 2)", "kernel")]
    [InlineData("AvgPool2D(2, Stride = -1)", "stride")]
    public void DefaultSizes_AreNG0003(string layer, string what) => Located.Expect("NG0003", $$"""
        [Network] [Input(1, 8, 8)] [[|{{layer}}|]] [Flatten] [Dense(2)]
        public partial class Net { }
        """, what);

    [Theory]
    [InlineData("Dense(3, Activation = (Activation)99)", "Activation = 99")]
    [InlineData("Dense(3, Activation = (Activation)(-1))", "Activation = -1")]
    [InlineData("Dense(3, WeightInit = (InitScheme)(-1))", "WeightInit = -1")]
    [InlineData("Dense(3, WeightInit = (InitScheme)9)", "WeightInit = 9")]
    [InlineData("BatchNorm(Activation = (Activation)6)", "Activation = 6")]
    public void EnumValuesOutOfRange_AreNG0013AtTheLayer(string layer, string message) => Located.Expect("NG0013", $$"""
        [Network] [Input(4)] [[|{{layer}}|]] [Dense(1)]
        public partial class Net { }
        """, message);

    [Theory]
    [InlineData("Add(\"a\", \"b\", Activation = (Activation)42)", "Activation = 42")]
    [InlineData("Multiply(\"a\", \"b\", Activation = (Activation)int.MinValue)", "Activation = -2147483648")]
    public void EnumValuesOutOfRangeOnAJoin_AreNG0013AtTheJoin(string layer, string message) => Located.Expect("NG0013", $$"""
        [Network] [Input(4)] [Dense(4, Name = "a")] [Dense(4, Name = "b", From = "input")] [[|{{layer}}|]]
        public partial class Net { }
        """, message);

    [Theory]
    [InlineData("Conv2D(2, Activation = (Activation)99)", "Activation = 99")]
    [InlineData("Conv2D(2, WeightInit = (InitScheme)42)", "WeightInit = 42")]
    public void ConvEnumValuesOutOfRange_AreNG0013AtTheConv(string layer, string message) => Located.Expect("NG0013", $$"""
        [Network] [Input(1, 8, 8)] [[|{{layer}}|]] [Flatten] [Dense(2)]
        public partial class Net { }
        """, message);

    [Theory]
    [InlineData("Network(Loss = (Loss)42)", "Loss = 42")]
    [InlineData("Network(Loss = (Loss)(-1))", "Loss = -1")]
    public void LossOutOfRange_IsNG0013AtTheNetwork(string network, string message) => Located.Expect("NG0013", $$"""
        [[|{{network}}|]] [Input(4)] [Dense(3)]
        public partial class Net { }
        """, message);

    // A type named like NetGen's attribute but not NetGen's: the generator matches by name, so it must read defensively.
    [Fact]
    public void LookAlikeAttributeWithoutTheConstructorArgument_IsNG0036() => Located.Expect("NG0036", """
        [Network] [Input(4)] [Dense(3)] [[|Dropout|]] [Dense(1)]
        public partial class Net { }
        """, "'probability'", "namespace NetGen { public sealed class DropoutAttribute : System.Attribute { } }");

    [Fact]
    public void LookAlikeAttributeWithAnArgumentOfAnotherType_IsNG0036() => Located.Expect("NG0036", """
        [Network] [Input(4)] [[|Dense("ten")|]]
        public partial class Net { }
        """, "'units' is of type String", "namespace NetGen { public sealed class DenseAttribute : System.Attribute { public DenseAttribute(string units) { } } }");

    [Fact]
    public void LookAlikeAttributeWithANamedArgumentOfAnotherType_IsNG0036() => Located.Expect("NG0036", """
        [Network] [Input(4)] [[|Dense(3, Bias = 1)|]]
        public partial class Net { }
        """, "'Bias' is of type Int32", "namespace NetGen { public sealed class DenseAttribute : System.Attribute { public DenseAttribute(int units) { } public int Bias { get; set; } } }");

    [Fact]
    public void LookAlikeNetworkAttributeWithASeedOfAnotherType_IsNG0036() => Located.Expect("NG0036", """
        [[|Network(Seed = "x")|]] [Input(4)] [Dense(3)]
        public partial class Net { }
        """, "'Seed' is of type String", "namespace NetGen { public sealed class NetworkAttribute : System.Attribute { public string? Seed { get; set; } } }");
}
