using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Sizes are ints a user may set to anything: shape arithmetic is done in saturating long math, and a layer whose
/// output, weight or scratch cannot be one array gets NG0035 at its attribute, naming the value (issue 12, section 3).
/// </summary>
public class SizeOverflowTests
{
    [Theory]
    [InlineData("Conv2D(1, Kernel = 1, Padding = int.MaxValue)", "padding 2147483647")] // used to wrap to a 1x7x7 output
    [InlineData("Conv2D(1, Kernel = 1, Padding = 1_073_741_824)", "1x2147483656x2147483656")] // used to give a negative shape
    [InlineData("Conv2D(1, Kernel = 1, PaddingHeight = 1_073_741_824, PaddingWidth = 0)", "padding 1073741824x0")]
    [InlineData("Conv2D(1, Kernel = 3, Padding = 30000)", "1x60006x60006")] // each side fits an int, the output does not
    [InlineData("Conv2D(100000, Kernel = 1, Padding = 100)", "100000x208x208")]
    public void ConvOutputTooLarge_IsNG0035AtTheConv(string conv, string message) => Located.Expect("NG0035", $$"""
        [Network] [Input(1, 8, 8)] [[|{{conv}}|]] [Flatten] [Dense(2)]
        public partial class Net { }
        """, message);

    [Fact]
    public void ConvWeightTooLarge_IsNG0035() => Located.Expect("NG0035", """
        [Network] [Input(1, 8, 8)] [[|Conv2D(1, Kernel = 100000, Padding = 50000)|]] [Flatten] [Dense(2)]
        public partial class Net { }
        """, "weight of 1x1x100000x100000");

    [Fact]
    public void ConvScratchTooLarge_IsNG0035() => Located.Expect("NG0035", """
        [Network(MaxBatch = 1)] [Input(1, 3000, 3000)] [[|Conv2D(1, Kernel = 100)|]] [GlobalAvgPool2D] [Dense(2)]
        public partial class Net { }
        """, "im2col scratch");

    [Theory]
    [InlineData("AvgPool2D(2, Padding = int.MaxValue)")] // 2 x padding wrapped to -2 and passed the half-kernel rule
    [InlineData("MaxPool2D(2, Padding = int.MaxValue)")]
    [InlineData("MaxPool2D(2, Padding = 1_073_741_824)")]
    public void PoolPaddingNearIntMax_IsNG0013AtThePool(string pool) => Located.Expect("NG0013", $$"""
        [Network] [Input(1, 8, 8)] [[|{{pool}}|]] [Conv2D(1)] [Flatten] [Dense(2)]
        public partial class Net { }
        """, "half the kernel");

    [Theory]
    [InlineData("Network", "Input(4)", "Dense(int.MaxValue)", "weight of 2147483647x4")]
    [InlineData("Network", "Input(4)", "Dense(100_000_000)", "3,200,000,000 at MaxBatch 32")]
    [InlineData("Network(MaxBatch = 65536)", "Input(4)", "Dense(40000)", "2,621,440,000 at MaxBatch 65536")]
    public void DenseTooLarge_IsNG0035AtTheDense(string network, string input, string dense, string message) => Located.Expect("NG0035", $$"""
        [{{network}}] [{{input}}] [[|{{dense}}|]]
        public partial class Net { }
        """, message);

    [Theory]
    [InlineData("Network", "Input(int.MaxValue, int.MaxValue, int.MaxValue)")]
    [InlineData("Network(MaxBatch = 2)", "Input(1_073_741_824)")]
    [InlineData("Network(MaxBatch = 65536)", "Input(3, 128, 128)")]
    public void InputTooLarge_IsNG0035AtTheInput(string network, string input) => Located.Expect("NG0035", $$"""
        [{{network}}] [[|{{input}}|]] [Flatten] [Dense(2)]
        public partial class Net { }
        """, "declare a smaller input or lower MaxBatch");

    [Fact]
    public void ConcatBeyondIntMax_IsNG0035AtTheConcat() => Located.Expect("NG0035", """
        [Network(MaxBatch = 1)] [Input(1_500_000_000, Name = "a")] [Input(1_500_000_000, Name = "b")] [[|Concat("a", "b")|]] [Dense(1)]
        public partial class Net { }
        """, "3000000000");

    [Fact]
    public void BatchNormBeyondIntMax_IsNG0015WithTheWholeSizeNotANegativeOne() => Located.Expect("NG0015", """
        [[|Network(MaxBatch = 1)|]] [Input(1_500_000_000)] [BatchNorm]
        public partial class Net { }
        """, "3000000000");

    [Fact]
    public void StrideNearIntMax_IsNG0018WithAFractionalSizeAndNoHugePaddingSuggestion()
    {
        // The fix search used to try every padding up to the stride (two billion) and suggest 2147483645.
        Diagnostic diagnostic = Located.Expect("NG0018", """
            [Network] [Input(1, 8, 8)] [[|Conv2D(1, Kernel = 2, Stride = int.MaxValue)|]] [Flatten] [Dense(1)]
            public partial class Net { }
            """, "use stride 1");
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("gives 1.00000000279", message, System.StringComparison.Ordinal);
        Assert.DoesNotContain("use padding", message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void LargeButValidPadding_GivesTheExactShape()
    {
        // (8 + 2 x 1000 - 1) / 1 + 1 = 2008 on each side, as torch.nn.Conv2d(1, 1, 1, padding=1000) gives.
        var spec = new NetworkSpec("N", "Net", "public", Loss.MeanSquaredError, 1, 1, new LayerSpec[]
        {
            new InputSpec("input", new[] { 1, 8, 8 }.ToEquatableArray()),
            new Conv2DSpec("conv", new[] { "input" }.ToEquatableArray(), 1, 1, 1, 1, 1000, 1000, 1, 0, Activation.Identity, true, 0.01),
        }.ToEquatableArray());
        PlanResult result = Planner.Plan(spec);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { 1, 2008, 2008 }, result.Plan!.Output.OutShape.AsSpan().ToArray());
    }

    [Fact]
    public void SizeArithmetic_Saturates()
    {
        Assert.Equal(long.MaxValue, Sizes.Product(int.MaxValue, int.MaxValue, int.MaxValue));
        Assert.Equal(4_611_686_014_132_420_609L, Sizes.Product(int.MaxValue, int.MaxValue));
        Assert.Equal(0, Sizes.Product(int.MaxValue, 0, int.MaxValue));
        Assert.Equal(0, Sizes.Product(5, -1));
        Assert.Equal(long.MaxValue, Sizes.Sum(long.MaxValue - 1, 2));
        Assert.Equal(7, Sizes.Sum(3, 4));
        Assert.True(Sizes.FitArray(2_147_483_591) && !Sizes.FitArray(2_147_483_592));
    }
}
