using System.Collections.Generic;
using System.Linq;
using NetGen.Kernels;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// The convolution shapes the kernel tests run: stride, padding, dilation, non-square kernels and inputs, odd sizes,
/// several channels, batch 1 and 7, with and without bias, Identity and ReLU; plus a GEMM depth over one block
/// (400 &gt; 256), the 1 x 1 fast path, and padding wider than the kernel.
/// </summary>
public static class ConvCases
{
    private static readonly ConvCase[] s_all =
    {
        new("single-3x3", 1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1, 1, true, RefActivation.Identity),
        new("nonsquare-3x5-relu-b7", 7, 2, 7, 9, 3, 3, 5, 1, 1, 1, 2, 1, 1, true, RefActivation.Relu),
        new("stride2-pad1-nobias", 2, 3, 8, 8, 4, 3, 3, 2, 2, 1, 1, 1, 1, false, RefActivation.Identity),
        new("dilation2-relu", 3, 2, 9, 7, 3, 3, 3, 1, 1, 2, 2, 2, 2, true, RefActivation.Relu),
        new("mixed-stride-pad-dilation-b7", 7, 3, 11, 10, 5, 2, 3, 2, 3, 1, 2, 1, 2, true, RefActivation.Identity),
        new("pointwise-relu", 2, 4, 5, 6, 6, 1, 1, 1, 1, 0, 0, 1, 1, true, RefActivation.Relu),
        new("pointwise-stride2-nobias", 1, 3, 7, 5, 2, 1, 1, 2, 2, 0, 0, 1, 1, false, RefActivation.Identity),
        new("deep-16to32-5x5", 2, 16, 7, 7, 32, 5, 5, 1, 1, 2, 2, 1, 1, true, RefActivation.Relu),
        new("pad-wider-than-kernel", 1, 2, 3, 4, 3, 1, 2, 1, 1, 2, 1, 1, 1, true, RefActivation.Identity),
        new("one-pixel", 7, 1, 1, 1, 2, 1, 1, 1, 1, 0, 0, 1, 1, true, RefActivation.Identity),
    };

    /// <summary>The case names, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (ConvCase c in s_all)
        {
            data.Add(c.Name);
        }
        return data;
    }

    /// <summary>The case called <paramref name="name"/>.</summary>
    public static ConvCase Get(string name) => s_all.Single(c => c.Name == name);

    /// <summary>The kernel's shape for a case.</summary>
    public static Conv2DShape Shape(ConvCase c) =>
        new(c.InC, c.InH, c.InW, c.OutC, c.KH, c.KW, c.SH, c.SW, c.PH, c.PW, c.DH, c.DW);

    /// <summary>Seeded input, weight, bias (or null) and output gradient for a case.</summary>
    public static (float[] X, float[] W, float[]? Bias, float[] Dout) Data(ConvCase c, int seed = 1)
    {
        float[] x = ReferenceChecks.Uniform(seed, c.Batch * c.InC * c.InH * c.InW);
        float[] w = ReferenceChecks.Uniform(seed + 1, c.OutC * c.InC * c.KH * c.KW, 0.5);
        float[]? bias = c.Bias ? ReferenceChecks.Uniform(seed + 2, c.OutC, 0.5) : null;
        float[] dout = ReferenceChecks.Uniform(seed + 3, c.Batch * c.OutC * c.OutH * c.OutW);
        return (x, w, bias, dout);
    }

    /// <summary>All cases.</summary>
    public static IReadOnlyList<ConvCase> All => s_all;
}
