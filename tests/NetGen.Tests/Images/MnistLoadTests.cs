using System.Diagnostics;
using System.Linq;
using NetGen.Data;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Images;

public class MnistLoadTests
{
    private readonly ITestOutputHelper _output;

    public MnistLoadTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Mnist10k_Loads10000DigitsOf28x28_WithEveryClassPresent()
    {
        IdxLoader.Load(MnistFiles.Images, MnistFiles.Labels, limit: 1); // warm the JIT so the timing below is the reading
        var clock = Stopwatch.StartNew();
        ImageDataSet mnist = MnistFiles.Load();
        _output.WriteLine($"Loaded {mnist.Count} MNIST images in {clock.Elapsed.TotalMilliseconds:F0} ms");

        Assert.Equal(10_000, mnist.Count);
        Assert.Equal(new ImageShape(1, 28, 28), mnist.Shape);
        Assert.Equal(784, mnist.Data.FeatureCount);
        Assert.Equal(10, mnist.Data.ClassCount);
        int[] perClass = mnist.Data.ClassCounts();
        Assert.All(perClass, n => Assert.InRange(n, 800, 1200));
        Assert.Equal(10_000, perClass.Sum());
        float[] pixels = mnist.Data.Features.ToArray();
        Assert.Equal(0f, pixels.Min());
        Assert.Equal(1f, pixels.Max());
    }

    [Fact]
    public void Mnist10k_PixelStatistics_AreMnistsWellKnownOnes()
    {
        // torchvision's MNIST recipe normalises with mean 0.1307 and std 0.3081, the statistics of the 60k training set.
        ImageNormalizer normalizer = ImageNormalizer.Fit(MnistFiles.Load());

        Assert.InRange(normalizer.Mean[0], 0.125f, 0.137f);
        Assert.InRange(normalizer.Std[0], 0.300f, 0.316f);
    }
}
