using System;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// Output sizes against PyTorch's formulas, worked by hand: Conv2d
/// <c>floor((H + 2p - d (k - 1) - 1) / s) + 1</c> and MaxPool2d/AvgPool2d (ceil_mode False) <c>floor((H + 2p - k) / s) + 1</c>.
/// </summary>
public class ShapeTests
{
    // in, kernel, stride, pad, dilation, expected out (worked out in the comment).
    public static TheoryData<int, int, int, int, int, int> ConvLengths() => new()
    {
        { 28, 5, 1, 2, 1, 28 }, // (28 + 4 - 4 - 1) / 1 + 1 = 28: MNIST conv1 keeps its size
        { 14, 5, 1, 2, 1, 14 },
        { 7, 3, 2, 1, 1, 4 },   // (7 + 2 - 2 - 1) / 2 + 1 = 3 + 1
        { 8, 3, 2, 1, 1, 4 },   // (8 + 2 - 3) / 2 = 3.5 -> 3, + 1
        { 10, 3, 1, 0, 2, 6 },  // (10 - 4 - 1) + 1: dilation 2 makes a 3-tap kernel span 5
        { 5, 5, 1, 0, 1, 1 },
        { 8, 3, 3, 0, 1, 2 },   // 5 / 3 -> 1, + 1
        { 9, 1, 2, 0, 1, 5 },   // 8 / 2 + 1
        { 6, 3, 1, 4, 3, 8 },   // (6 + 8 - 6 - 1) + 1
        { 1, 1, 1, 0, 1, 1 },
        { 11, 3, 3, 2, 2, 4 },  // (11 + 4 - 4 - 1) / 3 = 3.33 -> 3, + 1
    };

    [Theory]
    [MemberData(nameof(ConvLengths))]
    public void Conv2DShape_OutputSize_MatchesPyTorchFormula(int input, int kernel, int stride, int pad, int dilation, int expected)
    {
        var tall = new Conv2DShape(1, input, 3, 1, kernel, 1, stride, 1, pad, 0, dilation, 1);
        var wide = new Conv2DShape(1, 3, input, 1, 1, kernel, 1, stride, 0, pad, 1, dilation);

        Assert.Equal(expected, tall.OutHeight);
        Assert.Equal(3, tall.OutWidth);
        Assert.Equal(expected, wide.OutWidth);
        Assert.Equal(3, wide.OutHeight);
    }

    [Fact]
    public void Conv2DShape_Sizes_FollowTheDocumentedFormulas()
    {
        // 3 x 7 x 11 input, 5 filters of 3 x 5, stride (2, 1), padding (0, 2): out (7 - 3) / 2 + 1 = 3 by (11 + 4 - 5) + 1 = 11.
        var s = new Conv2DShape(3, 7, 11, 5, 3, 5, 2, 1, 0, 2, 1, 1);

        Assert.Equal((3, 11), (s.OutHeight, s.OutWidth));
        Assert.Equal(3 * 7 * 11, s.InSize);
        Assert.Equal(5 * 3 * 11, s.OutSize);
        Assert.Equal(5 * 3 * 3 * 5, s.WeightSize);
        Assert.Equal(3 * 3 * 5, s.PatchSize);
        Assert.Equal(2 * 3 * 3 * 5 * 3 * 11, s.ScratchSize);
    }

    [Fact]
    public void Conv2DShape_KernelWiderThanPaddedInput_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2DShape(1, 4, 4, 1, 5, 3, 1, 1, 0, 0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2DShape(1, 4, 4, 1, 3, 3, 1, 1, 0, 0, 1, 2)); // spans 5
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2DShape(1, 4, 4, 1, 3, 3, 0, 1, 0, 0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2DShape(1, 4, 4, 1, 3, 3, 1, 1, -1, 0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2DShape(0, 4, 4, 1, 3, 3, 1, 1, 0, 0, 1, 1));
    }

    // in, kernel, stride, pad, expected out.
    public static TheoryData<int, int, int, int, int> PoolLengths() => new()
    {
        { 28, 2, 2, 0, 14 },
        { 7, 2, 2, 0, 3 },   // floor: the last row is dropped, as with ceil_mode False
        { 7, 3, 2, 1, 4 },   // (7 + 2 - 3) / 2 + 1
        { 6, 3, 3, 1, 2 },   // (6 + 2 - 3) / 3 = 1.67 -> 1, + 1
        { 10, 4, 3, 2, 4 },  // (10 + 4 - 4) / 3 = 3.33 -> 3, + 1
        { 5, 5, 1, 0, 1 },
        { 1, 1, 1, 0, 1 },
        { 5, 3, 1, 1, 5 },   // "same" pooling
    };

    [Theory]
    [MemberData(nameof(PoolLengths))]
    public void Pool2DShape_OutputSize_MatchesPyTorchFormula(int input, int kernel, int stride, int pad, int expected)
    {
        var tall = new Pool2DShape(2, input, 3, kernel, 1, stride, 1, pad, 0);
        var wide = new Pool2DShape(2, 3, input, 1, kernel, 1, stride, 0, pad);

        Assert.Equal((expected, 3), (tall.OutHeight, tall.OutWidth));
        Assert.Equal((3, expected), (wide.OutHeight, wide.OutWidth));
        Assert.Equal(2 * input * 3, tall.InSize);
        Assert.Equal(2 * expected * 3, tall.OutSize);
    }

    [Fact]
    public void Pool2DShape_PaddingOverHalfTheKernel_ThrowsAsPyTorch()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pool2DShape(1, 8, 8, 2, 2, 2, 2, 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pool2DShape(1, 8, 8, 3, 3, 1, 1, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pool2DShape(1, 2, 2, 3, 3, 1, 1, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pool2DShape(1, 8, 8, 2, 2, 0, 2, 0, 0));
    }
}
