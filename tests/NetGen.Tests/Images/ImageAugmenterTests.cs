using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Data;
using NetGen.Random;
using Xunit;

namespace NetGen.Tests.Images;

public class ImageAugmenterTests
{
    private static readonly ImageShape Square = new(1, 15, 15); // odd, so the centre (7, 7) is a pixel

    private static float[] RandomBatch(int count, ImageShape shape, long seed)
    {
        var rng = new Rng(seed);
        var batch = new float[count * shape.Size];
        for (int i = 0; i < batch.Length; i++)
        {
            batch[i] = rng.NextFloat();
        }
        return batch;
    }

    // count copies of a black image with one white pixel at (x, y).
    private static float[] Dots(int count, int x, int y, ImageShape shape)
    {
        var batch = new float[count * shape.Size];
        for (int n = 0; n < count; n++)
        {
            batch[n * shape.Size + y * shape.Width + x] = 1f;
        }
        return batch;
    }

    private static (double X, double Y, double Mass) Centroid(ReadOnlySpan<float> image, int width)
    {
        double sx = 0, sy = 0, mass = 0;
        for (int i = 0; i < image.Length; i++)
        {
            sx += image[i] * (i % width);
            sy += image[i] * (i / width);
            mass += image[i];
        }
        return (sx / mass, sy / mass, mass);
    }

    [Fact]
    public void DefaultOptions_LeaveImagesUnchanged_AsDoesProbabilityZero()
    {
        float[] batch = RandomBatch(4, Square, seed: 1), original = (float[])batch.Clone();
        var everything = new AugmentationOptions { MaxShift = 3, MaxRotationDegrees = 30, MaxScaleJitter = 0.2f, HorizontalFlip = true, NoiseStd = 0.1f, Probability = 0f };

        new ImageAugmenter(new AugmentationOptions(), Square, seed: 1).Apply(batch, 4);
        Assert.Equal(original, batch);
        new ImageAugmenter(everything, Square, seed: 1).Apply(batch, 4);
        Assert.Equal(original, batch);
    }

    [Fact]
    public void Shift_MovesAPixelByWholePixels_ReachingEveryOffsetUpToMaxShiftAndNoFurther()
    {
        const int k = 3, count = 2000;
        float[] batch = Dots(count, 7, 7, Square);
        var augmenter = new ImageAugmenter(new AugmentationOptions { MaxShift = k }, Square, seed: 2);

        augmenter.Apply(batch, count);

        var offsets = new HashSet<(int, int)>();
        for (int n = 0; n < count; n++)
        {
            float[] image = batch.AsSpan(n * Square.Size, Square.Size).ToArray();
            int at = Array.IndexOf(image, 1f);
            Assert.True(at >= 0, $"image {n} lost its pixel");
            Assert.Equal(Square.Size - 1, image.Count(v => v == 0f)); // an exact move: no blur, no other pixel lit
            offsets.Add((at % 15 - 7, at / 15 - 7));
        }
        Assert.All(offsets, o => Assert.True(Math.Abs(o.Item1) <= k && Math.Abs(o.Item2) <= k, o.ToString()));
        Assert.Equal((2 * k + 1) * (2 * k + 1), offsets.Count);
        Assert.Contains((k, -k), offsets);
        Assert.Contains((-k, k), offsets);
    }

    [Fact]
    public void Shift_BringsInTheFillValueFromOutside()
    {
        var shape = new ImageShape(1, 1, 5);
        var batch = new float[] { 1, 1, 1, 1, 1 };
        var augmenter = new ImageAugmenter(new AugmentationOptions { MaxShift = 2, FillValue = -0.5f }, shape, seed: 3);

        for (int i = 0; i < 20 && !batch.Contains(-0.5f); i++)
        {
            augmenter.Apply(batch, 1);
        }

        Assert.Contains(-0.5f, batch);
        Assert.All(batch, v => Assert.True(v == 1f || v == -0.5f, v.ToString()));
    }

    [Fact]
    public void Rotation_TurnsAboutTheCentre_KeepingTheDistanceFromIt()
    {
        const int count = 200;
        var shape = new ImageShape(1, 21, 21);
        float[] batch = Dots(count, 16, 10, shape); // 6 pixels right of the centre (10, 10)

        new ImageAugmenter(new AugmentationOptions { MaxRotationDegrees = 90 }, shape, seed: 4).Apply(batch, count);

        var angles = new List<double>();
        for (int n = 0; n < count; n++)
        {
            var (x, y, mass) = Centroid(batch.AsSpan(n * shape.Size, shape.Size), shape.Width);
            Assert.InRange(mass, 0.8, 1.2); // bilinear sampling on a rotated grid keeps the mass only roughly
            Assert.InRange(Math.Sqrt((x - 10) * (x - 10) + (y - 10) * (y - 10)), 5.6, 6.4);
            angles.Add(Math.Atan2(10 - y, x - 10) * 180 / Math.PI); // counter-clockwise as seen, y down
        }
        Assert.InRange(angles.Min(), -90, -70);
        Assert.InRange(angles.Max(), 70, 90);
    }

    [Fact]
    public void Scale_ZoomsAboutTheCentre_WithinTheJitter()
    {
        const int count = 200;
        var shape = new ImageShape(1, 21, 21);
        float[] batch = Dots(count, 16, 10, shape);

        new ImageAugmenter(new AugmentationOptions { MaxScaleJitter = 0.2f }, shape, seed: 5).Apply(batch, count);

        var radii = Enumerable.Range(0, count).Select(n => Centroid(batch.AsSpan(n * shape.Size, shape.Size), shape.Width)).ToList();
        Assert.All(radii, r => Assert.Equal(10, r.Y, 4));
        Assert.InRange(radii.Min(r => r.X - 10), 6 * 0.8 - 0.1, 6 * 0.85);
        Assert.InRange(radii.Max(r => r.X - 10), 6 * 1.15, 6 * 1.2 + 0.1);
    }

    [Fact]
    public void HorizontalFlip_OffNeverMirrors_OnMirrorsAboutHalfExactly()
    {
        const int count = 400;
        float[] off = Dots(count, 2, 5, Square), on = Dots(count, 2, 5, Square);

        new ImageAugmenter(new AugmentationOptions(), Square, seed: 6).Apply(off, count);
        new ImageAugmenter(new AugmentationOptions { HorizontalFlip = true }, Square, seed: 6).Apply(on, count);

        Assert.Equal(Dots(count, 2, 5, Square), off);
        int mirrored = Enumerable.Range(0, count).Count(n => on[n * Square.Size + 5 * 15 + 12] == 1f);
        int unchanged = Enumerable.Range(0, count).Count(n => on[n * Square.Size + 5 * 15 + 2] == 1f);
        Assert.Equal(count, mirrored + unchanged);
        Assert.InRange(mirrored, 160, 240);
    }

    [Fact]
    public void Channels_AllMoveTogether()
    {
        var rgb = new ImageShape(3, 9, 9);
        float[] batch = RandomBatch(10, new ImageShape(1, 9, 9), seed: 7);
        var expanded = new float[10 * rgb.Size];
        for (int n = 0; n < 10; n++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int k = 0; k < 81; k++)
                {
                    expanded[n * rgb.Size + c * 81 + k] = (c + 1) * batch[n * 81 + k];
                }
            }
        }

        new ImageAugmenter(new AugmentationOptions { MaxShift = 2, MaxRotationDegrees = 20, MaxScaleJitter = 0.1f }, rgb, seed: 7).Apply(expanded, 10);

        for (int n = 0; n < 10; n++)
        {
            for (int k = 0; k < 81; k++)
            {
                float red = expanded[n * rgb.Size + k];
                Assert.Equal(2 * red, expanded[n * rgb.Size + 81 + k], 1e-5f);
                Assert.Equal(3 * red, expanded[n * rgb.Size + 162 + k], 1e-5f);
            }
        }
    }

    [Fact]
    public void SameSeed_SameImages_AnotherSeed_OtherImages()
    {
        var options = new AugmentationOptions { MaxShift = 2, MaxRotationDegrees = 15, MaxScaleJitter = 0.1f, NoiseStd = 0.05f };
        float[] Run(long seed)
        {
            var augmenter = new ImageAugmenter(options, Square, seed);
            float[] first = RandomBatch(8, Square, seed: 99), second = RandomBatch(3, Square, seed: 98);
            augmenter.Apply(first, 8);
            augmenter.Apply(second, 3);
            return first.Concat(second).ToArray();
        }

        Assert.Equal(Run(11), Run(11));
        Assert.NotEqual(Run(11), Run(12));
    }

    [Fact]
    public void Noise_HasTheRequestedStandardDeviationAndZeroMean()
    {
        var big = new ImageShape(1, 256, 256);
        var image = Enumerable.Repeat(0.5f, big.Size).ToArray();

        new ImageAugmenter(new AugmentationOptions { NoiseStd = 0.25f }, big, seed: 8).Apply(image, 1);

        double mean = image.Average(v => v - 0.5);
        double std = Math.Sqrt(image.Average(v => (v - 0.5 - mean) * (v - 0.5 - mean)));
        Assert.InRange(mean, -0.004, 0.004);        // 4 standard errors of 0.25 / 256
        Assert.InRange(std, 0.25 * 0.985, 0.25 * 1.015);
        double within1 = image.Count(v => Math.Abs(v - 0.5) < 0.25) / (double)image.Length;
        Assert.InRange(within1, 0.67, 0.70);         // a normal's 68.3 %, not a uniform's
    }

    [Fact]
    public void Apply_AfterConstruction_AllocatesNothing()
    {
        var options = new AugmentationOptions { MaxShift = 2, MaxRotationDegrees = 15, MaxScaleJitter = 0.1f, HorizontalFlip = true, NoiseStd = 0.05f, Probability = 0.9f };
        var augmenter = new ImageAugmenter(options, new ImageShape(3, 28, 28), seed: 9);
        float[] batch = RandomBatch(16, new ImageShape(3, 28, 28), seed: 9);
        augmenter.Apply(batch, 16);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            augmenter.Apply(batch, 16);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Apply_BatchOfTheWrongLength_ThrowsAndChangesNothing()
    {
        var options = new AugmentationOptions { MaxShift = 2, NoiseStd = 0.1f };
        var augmenter = new ImageAugmenter(options, Square, seed: 10);
        float[] batch = RandomBatch(2, Square, seed: 10), original = (float[])batch.Clone();

        var e = Assert.Throws<ArgumentException>(() => augmenter.Apply(batch, 3));

        Assert.Contains("3 images of shape (1, 15, 15) take 675", e.Message);
        Assert.Equal(original, batch);
        // The generator did not advance either: the next call matches a fresh augmenter's first.
        float[] fresh = (float[])original.Clone();
        augmenter.Apply(batch, 2);
        new ImageAugmenter(options, Square, seed: 10).Apply(fresh, 2);
        Assert.Equal(fresh, batch);
    }

    [Theory]
    [InlineData("MaxShift")]
    [InlineData("MaxRotationDegrees")]
    [InlineData("MaxScaleJitter")]
    [InlineData("NoiseStd")]
    [InlineData("Probability")]
    public void Options_OutOfRange_ThrowNamingTheOptionAndItsRange(string name)
    {
        AugmentationOptions bad = name switch
        {
            "MaxShift" => new AugmentationOptions { MaxShift = 15 },
            "MaxRotationDegrees" => new AugmentationOptions { MaxRotationDegrees = -1 },
            "MaxScaleJitter" => new AugmentationOptions { MaxScaleJitter = 1 },
            "NoiseStd" => new AugmentationOptions { NoiseStd = float.NaN },
            _ => new AugmentationOptions { Probability = 1.5f },
        };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ImageAugmenter(bad, Square, seed: 0));

        Assert.Contains($"AugmentationOptions.{name} is", e.Message);
        Assert.Contains("use ", e.Message);
    }
}
