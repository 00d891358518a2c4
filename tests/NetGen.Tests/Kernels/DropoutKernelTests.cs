using System;
using System.Linq;
using NetGen.Kernels;
using NetGen.Random;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// Inverted dropout and its counter-based generator: the documented formula (pinned by values computed
/// independently), mask statistics within binomial bounds, reproducibility per (seed, step), and the gradient.
/// </summary>
public class DropoutKernelTests
{
    private const int N = 100_000;

    [Theory]
    [InlineData(0L, 0L, 0L, 3793791033u)]
    [InlineData(42L, 7L, 0L, 2754465757u)]
    [InlineData(42L, 7L, 1L, 555599408u)]
    [InlineData(42L, 8L, 0L, 3491965934u)]
    [InlineData(-1L, 3L, 1000000L, 680803769u)]
    public void CounterRng_Hash_MatchesTheDocumentedFormula(long seed, long step, long index, uint expected)
    {
        // The expected values were computed from the XML doc's formula in Python (arbitrary-precision integers masked to 64 bits).
        Assert.Equal(expected, CounterRng.Hash(seed, step, index));
        Assert.Equal(expected, ReferenceDropout.Hash(seed, step, index));
        Assert.Equal(ReferenceDropout.Uniform(seed, step, index), CounterRng.Uniform(seed, step, index));
    }

    [Fact]
    public void CounterRng_Uniform_IsInUnitIntervalWithMeanAndVarianceOfU01()
    {
        double sum = 0, squares = 0;
        for (int i = 0; i < N; i++)
        {
            float u = CounterRng.Uniform(5, 9, i);
            Assert.InRange(u, 0f, 0.99999994f);
            sum += u;
            squares += u * (double)u;
        }
        double mean = sum / N, variance = squares / N - mean * mean;
        // Standard error of the mean: sqrt(1/12 / N) = 9.1e-4; allow 5 of them.
        Assert.InRange(mean, 0.5 - 4.6e-3, 0.5 + 4.6e-3);
        Assert.InRange(variance, 1.0 / 12 - 3e-3, 1.0 / 12 + 3e-3);
    }

    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.5f)]
    [InlineData(0.8f)]
    public void Dropout_Mask_KeepsAboutOneMinusPAndScalesKeptValues(float p)
    {
        float[] x = ReferenceChecks.Uniform(1, N);
        float[] y = new float[N], mask = new float[N];

        DropoutKernels.TrainingForward(x, y, mask, p, seed: 123, step: 4);

        float scale = 1f / (1f - p);
        int kept = mask.Count(m => m != 0f);
        Assert.All(mask, m => Assert.True(m == 0f || m == scale, $"mask value {m}"));
        for (int i = 0; i < N; i++)
        {
            Assert.Equal(x[i] * mask[i], y[i]);
            Assert.Equal(ReferenceDropout.Mask(123, 4, i, p), mask[i], 6);
        }
        // Binomial(N, 1 - p): within 5 standard deviations.
        double sd = Math.Sqrt(N * p * (1.0 - p));
        Assert.InRange(kept, N * (1.0 - p) - 5 * sd, N * (1.0 - p) + 5 * sd);
    }

    [Fact]
    public void Dropout_SameSeedAndStep_GiveTheSameMaskAndOtherStepsOrSeedsDoNot()
    {
        const float p = 0.5f;
        float[] x = Enumerable.Repeat(1f, N).ToArray();
        float[] a = new float[N], b = new float[N], otherStep = new float[N], otherSeed = new float[N], y = new float[N];

        DropoutKernels.TrainingForward(x, y, a, p, 7, 10);
        DropoutKernels.TrainingForward(x, y, b, p, 7, 10);
        DropoutKernels.TrainingForward(x, y, otherStep, p, 7, 11);
        DropoutKernels.TrainingForward(x, y, otherSeed, p, 8, 10);

        Assert.Equal(a, b);
        // Independent masks disagree on 2 p (1 - p) = 1/2 of the elements; sd sqrt(N / 4) = 158.
        Assert.InRange(Enumerable.Range(0, N).Count(i => a[i] != otherStep[i]), N / 2 - 800, N / 2 + 800);
        Assert.InRange(Enumerable.Range(0, N).Count(i => a[i] != otherSeed[i]), N / 2 - 800, N / 2 + 800);
    }

    [Fact]
    public void Dropout_ProbabilityZero_KeepsEverythingUnscaled()
    {
        float[] x = ReferenceChecks.Uniform(2, 1000);
        float[] y = new float[1000], mask = new float[1000];

        DropoutKernels.TrainingForward(x, y, mask, 0f, 1, 1);

        Assert.All(mask, m => Assert.Equal(1f, m));
        Assert.Equal(x, y);
    }

    [Fact]
    public void Dropout_ProbabilityOne_DropsEverything()
    {
        float[] x = ReferenceChecks.Uniform(2, 1000);
        float[] y = new float[1000], mask = new float[1000];

        DropoutKernels.TrainingForward(x, y, mask, 1f, 1, 1);

        Assert.All(mask, m => Assert.Equal(0f, m));
        Assert.All(y, v => Assert.Equal(0f, Math.Abs(v)));
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void Dropout_ProbabilityOutsideUnitInterval_Throws(float p)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DropoutKernels.TrainingForward(new float[4], new float[4], new float[4], p, 1, 1));
    }

    [Fact]
    public void Dropout_Backward_AccumulatesDoutTimesMask()
    {
        float[] x = ReferenceChecks.Uniform(3, 999), dout = ReferenceChecks.Uniform(4, 999), dx = ReferenceChecks.Uniform(5, 999);
        float[] y = new float[999], mask = new float[999];
        float[] before = (float[])dx.Clone();
        DropoutKernels.TrainingForward(x, y, mask, 0.3f, 9, 2);

        DropoutKernels.Backward(dout, dx, mask);

        for (int i = 0; i < dx.Length; i++)
        {
            ReferenceChecks.AssertClose(before[i] + (double)dout[i] * mask[i], dx[i], 1e-6, 1e-7, $"dinp[{i}]");
        }
    }

    [Fact]
    public void Dropout_ForwardAndBackward_AllocateNothingAfterWarmUp()
    {
        float[] x = ReferenceChecks.Uniform(3, 4096), dx = new float[4096], y = new float[4096], mask = new float[4096];
        long step = 0;

        Assert.Equal(0, ReferenceChecks.BytesAllocated(() => DropoutKernels.TrainingForward(x, y, mask, 0.25f, 1, step++)));
        Assert.Equal(0, ReferenceChecks.BytesAllocated(() => DropoutKernels.Backward(x, dx, mask)));
    }
}
