using System;
using NetGen.Kernels.Portable;
using NetGen.Tests.Kernels;
using Xunit;

namespace NetGen.Tests.Portable;

/// <summary>
/// The netstandard2.1 (Unity) build's span operations, <see cref="PortableTensorPrimitives"/>, against scalar loops
/// written out here: element-wise results must be bit-identical (one IEEE operation per element, in lanes or not),
/// sums close. Lengths cover empty, shorter than a vector, whole vectors and ragged tails; every operation also runs in
/// place, as the optimizers call it.
/// </summary>
public class PortableTensorPrimitivesTests
{
    public static TheoryData<int> Lengths() => new() { 0, 1, 3, 7, 8, 16, 17, 33, 100 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ElementWise_MatchScalarLoops_BitForBit(int n)
    {
        float[] x = ReferenceChecks.Uniform(1, n), y = ReferenceChecks.Uniform(2, n), z = ReferenceChecks.Uniform(3, n);
        float s = 0.37f;

        Check(n, (i) => x[i] + y[i], d => PortableTensorPrimitives.Add(x, y, d));
        Check(n, (i) => x[i] + s, d => PortableTensorPrimitives.Add(x, s, d));
        Check(n, (i) => x[i] - y[i], d => PortableTensorPrimitives.Subtract(x, y, d));
        Check(n, (i) => x[i] - s, d => PortableTensorPrimitives.Subtract(x, s, d));
        Check(n, (i) => x[i] * y[i], d => PortableTensorPrimitives.Multiply(x, y, d));
        Check(n, (i) => x[i] * s, d => PortableTensorPrimitives.Multiply(x, s, d));
        Check(n, (i) => x[i] / y[i], d => PortableTensorPrimitives.Divide(x, y, d));
        Check(n, (i) => x[i] / s, d => PortableTensorPrimitives.Divide(x, s, d));
        Check(n, (i) => (x[i] * y[i]) + z[i], d => PortableTensorPrimitives.MultiplyAdd(x, y, z, d));
        Check(n, (i) => (x[i] * s) + z[i], d => PortableTensorPrimitives.MultiplyAdd(x, s, z, d));
        Check(n, (i) => MathF.Sqrt(Math.Abs(x[i])), d => PortableTensorPrimitives.Sqrt(Abs(x), d));
        Check(n, (i) => MathF.Exp(x[i]), d => PortableTensorPrimitives.Exp(x, d));
        Check(n, (i) => Math.Clamp(x[i], -0.5f, 0.25f), d => PortableTensorPrimitives.Clamp(x, -0.5f, 0.25f, d));
        Check(n, (i) => Math.Max(x[i], y[i]), d => PortableTensorPrimitives.Max(x, y, d));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void InPlace_MatchesOutOfPlace(int n)
    {
        float[] x = ReferenceChecks.Uniform(4, n), y = ReferenceChecks.Uniform(5, n);
        float[] expected = new float[n];
        PortableTensorPrimitives.MultiplyAdd(x, 0.9f, y, expected);
        float[] inPlace = (float[])y.Clone();

        PortableTensorPrimitives.MultiplyAdd(x, 0.9f, inPlace, inPlace);

        Assert.Equal(expected, inPlace);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Sum_MatchesFloat64Loop(int n)
    {
        float[] x = ReferenceChecks.Uniform(6, n);
        double expected = 0;
        foreach (float v in x)
        {
            expected += v;
        }

        ReferenceChecks.AssertClose(expected, PortableTensorPrimitives.Sum(x), 1e-5, 1e-5, "sum");
    }

    [Fact]
    public void Reductions_FollowTensorPrimitivesRules()
    {
        float[] x = { 1f, -3f, 5f, 5f, -0f, 2f, 0f, -7f, 4f };
        Assert.Equal(5f, PortableTensorPrimitives.Max(x));
        Assert.Equal(-7f, PortableTensorPrimitives.Min(x));
        Assert.Equal(2, PortableTensorPrimitives.IndexOfMax(x)); // the first of two maxima
        Assert.Equal(-1, PortableTensorPrimitives.IndexOfMax(ReadOnlySpan<float>.Empty));
        Assert.Equal(1, PortableTensorPrimitives.IndexOfMax(new[] { -0f, 0f })); // +0 beats -0
        Assert.True(float.IsNegative(PortableTensorPrimitives.Min(new[] { 0f, -0f })));

        float[] withNaN = { 1f, float.NaN, 9f, float.NaN };
        Assert.True(float.IsNaN(PortableTensorPrimitives.Max(withNaN)));
        Assert.True(float.IsNaN(PortableTensorPrimitives.Min(withNaN)));
        Assert.Equal(1, PortableTensorPrimitives.IndexOfMax(withNaN));
        Assert.False(PortableTensorPrimitives.IsFiniteAll(withNaN));
        Assert.False(PortableTensorPrimitives.IsFiniteAll(new[] { 1f, float.PositiveInfinity }));
        Assert.True(PortableTensorPrimitives.IsFiniteAll(x));
        Assert.True(PortableTensorPrimitives.IsFiniteAll(ReadOnlySpan<float>.Empty));
    }

    [Fact]
    public void Reductions_AgreeWithThePackageOnNet8()
    {
        // The net8.0 build calls System.Numerics.Tensors; the netstandard2.1 build calls these instead.
        float[] x = ReferenceChecks.Uniform(7, 53);
        x[11] = -0f;
        Assert.Equal(System.Numerics.Tensors.TensorPrimitives.Max<float>(x), PortableTensorPrimitives.Max(x));
        Assert.Equal(System.Numerics.Tensors.TensorPrimitives.Min<float>(x), PortableTensorPrimitives.Min(x));
        Assert.Equal(System.Numerics.Tensors.TensorPrimitives.IndexOfMax<float>(x), PortableTensorPrimitives.IndexOfMax(x));
        float[] nan = { 2f, float.NaN, 3f };
        Assert.Equal(System.Numerics.Tensors.TensorPrimitives.IndexOfMax<float>(nan), PortableTensorPrimitives.IndexOfMax(nan));
    }

    [Fact]
    public void BadArguments_ThrowClearly()
    {
        Assert.Throws<ArgumentException>(() => PortableTensorPrimitives.Add(new float[3], new float[4], new float[4]));
        Assert.Throws<ArgumentException>(() => PortableTensorPrimitives.Multiply(new float[4], 2f, new float[3]));
        Assert.Throws<ArgumentException>(() => PortableTensorPrimitives.Max(ReadOnlySpan<float>.Empty));
        Assert.Throws<ArgumentException>(() => PortableTensorPrimitives.Clamp(new float[2], 1f, -1f, new float[2]));
    }

    private static float[] Abs(float[] x) => Array.ConvertAll(x, Math.Abs);

    private static void Check(int n, Func<int, float> expected, Action<float[]> actual)
    {
        var destination = new float[n + 2];
        destination[n] = 42f;
        destination[n + 1] = 43f;
        actual(destination);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(expected(i), destination[i]);
        }
        Assert.Equal(42f, destination[n]); // nothing written past the input's length
        Assert.Equal(43f, destination[n + 1]);
    }
}
