using System;
using NetGen.Random;

namespace NetGen.Data;

/// <summary>
/// Random image augmentation of training batches, in place and without allocating: a shift, rotation, zoom and
/// optional mirror combined into one affine map sampled bilinearly (torchvision's <c>RandomAffine</c> and
/// <c>RandomHorizontalFlip</c>), then Gaussian noise. Seeded: the same seed and the same sequence of calls give the
/// same images. Set it as <c>TrainerOptions.Augmentation</c> to augment every training batch; one instance is not
/// thread-safe.
/// </summary>
public sealed partial class ImageAugmenter : IBatchTransform, IRandomized
{
    private readonly float[] _scratch; // (Channels, Height, Width): a copy of the image being warped
    private readonly int _maxShift;
    private readonly float _maxRotation, _maxScaleJitter, _noiseStd, _probability, _fill;
    private readonly bool _flip;
    private Rng _rng;

    /// <summary>Creates an augmenter of images of <paramref name="shape"/>, drawing from a generator seeded with <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it and its range.</exception>
    public ImageAugmenter(AugmentationOptions options, ImageShape shape, long seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (shape.Size == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "The image shape is empty; pass the (channels, height, width) of the images, for example new ImageShape(1, 28, 28).");
        }
        Check(options.MaxShift >= 0 && options.MaxShift < Math.Max(shape.Height, shape.Width), nameof(options.MaxShift), options.MaxShift, $"from 0 to {Math.Max(shape.Height, shape.Width) - 1} pixels");
        Check(options.MaxRotationDegrees is >= 0f and <= 180f, nameof(options.MaxRotationDegrees), options.MaxRotationDegrees, "from 0 to 180 degrees");
        Check(options.MaxScaleJitter is >= 0f and < 1f, nameof(options.MaxScaleJitter), options.MaxScaleJitter, "from 0 up to (not including) 1, for example 0.1 for ±10 %");
        Check(options.NoiseStd is >= 0f && float.IsFinite(options.NoiseStd), nameof(options.NoiseStd), options.NoiseStd, "a finite value of 0 or more");
        Check(options.Probability is >= 0f and <= 1f, nameof(options.Probability), options.Probability, "from 0 to 1");
        Check(float.IsFinite(options.FillValue), nameof(options.FillValue), options.FillValue, "a finite value");

        Options = options;
        Shape = shape;
        _maxShift = options.MaxShift;
        _maxRotation = options.MaxRotationDegrees;
        _maxScaleJitter = options.MaxScaleJitter;
        _flip = options.HorizontalFlip;
        _noiseStd = options.NoiseStd;
        _probability = options.Probability;
        _fill = options.FillValue;
        _scratch = new float[shape.Size];
        _rng = new Rng(seed);
    }

    /// <summary>The state of the augmenter's generator, saved in training checkpoints so a resumed run draws the same images.</summary>
    public RngState RandomState
    {
        get => _rng.State;
        set => _rng = Rng.FromState(value);
    }

    /// <summary>The options this augmenter applies.</summary>
    public AugmentationOptions Options { get; }

    /// <summary>The shape of the images it augments.</summary>
    public ImageShape Shape { get; }

    /// <summary>Floats per image, <c>Shape.Size</c>.</summary>
    public int SampleSize => Shape.Size;

    /// <summary>Augments <paramref name="count"/> images in place, each with its own random draw; allocates nothing.</summary>
    /// <param name="batch">Exactly <c>count x Shape.Size</c> floats: CHW images one after another.</param>
    /// <param name="count">The number of images.</param>
    /// <exception cref="ArgumentException">The batch is not <paramref name="count"/> images long; nothing is changed.</exception>
    public void Apply(Span<float> batch, int count)
    {
        int size = Shape.Size;
        if (count < 0 || batch.Length != (long)count * size)
        {
            throw new ArgumentException(
                $"The batch holds {batch.Length} floats but {count} images of shape {Shape} take {(long)count * size}; pass exactly count x {size} floats (slice a larger buffer with AsSpan(0, count * {size})).",
                nameof(batch));
        }
        for (int i = 0; i < count; i++)
        {
            Augment(batch.Slice(i * size, size));
        }
    }

    private void Augment(Span<float> image)
    {
        // The parts switched on draw in a fixed order, so the seed, the options and the call sequence fix every image.
        if (_probability < 1f && _rng.NextFloat() >= _probability)
        {
            return;
        }
        int dx = _maxShift > 0 ? _rng.NextInt(2 * _maxShift + 1) - _maxShift : 0;
        int dy = _maxShift > 0 ? _rng.NextInt(2 * _maxShift + 1) - _maxShift : 0;
        float degrees = _maxRotation > 0f ? _rng.NextFloat(-_maxRotation, _maxRotation) : 0f;
        float scale = _maxScaleJitter > 0f ? _rng.NextFloat(1f - _maxScaleJitter, 1f + _maxScaleJitter) : 1f;
        bool flip = _flip && (_rng.NextUInt32() >> 31) != 0;
        if (dx != 0 || dy != 0 || degrees != 0f || scale != 1f || flip)
        {
            Warp(image, dx, dy, degrees, scale, flip);
        }
        if (_noiseStd > 0f)
        {
            AddNoise(image);
        }
    }

    private static void Check(bool ok, string name, object value, string range)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException("options", value, $"AugmentationOptions.{name} is {value}; use {range}.");
        }
    }
}
