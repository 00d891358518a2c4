using System;
using System.IO;
using System.Numerics.Tensors;
using NetGen.Checkpoints;

namespace NetGen.Data;

/// <summary>
/// Normalises images per channel, <c>(x - mean[c]) / std[c]</c>, like torchvision's <c>Normalize</c> with the
/// statistics of the training set (MNIST's well-known 0.1307 and 0.3081). Fit it on the training set only, then
/// transform every split with the same statistics, so nothing about held-out data leaks into training. Pixels are
/// expected already scaled to [0, 1], as <see cref="IdxLoader"/> returns them.
/// </summary>
public sealed class ImageNormalizer
{
    private readonly float[] _mean;
    private readonly float[] _std;

    /// <summary>
    /// Creates a normaliser from known per-channel statistics (for example torchvision's ImageNet values). A
    /// standard deviation of 0 is replaced by 1, so a constant channel is centred but not scaled.
    /// </summary>
    /// <exception cref="ArgumentException">The spans do not hold one value per channel, or hold a non-finite or negative value.</exception>
    public ImageNormalizer(ImageShape shape, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        if (shape.Size == 0 || mean.Length != shape.Channels || std.Length != shape.Channels)
        {
            throw new ArgumentException(
                $"mean has {mean.Length} values and std has {std.Length} for images of shape {shape}; pass one mean and one standard deviation per channel.",
                nameof(std));
        }
        if (!TensorPrimitives.IsFiniteAll(mean) || !TensorPrimitives.IsFiniteAll(std) || TensorPrimitives.Min(std) < 0f)
        {
            throw new ArgumentException("mean and std must be finite and std must be >= 0; recompute them with ImageNormalizer.Fit on clean data.", nameof(std));
        }
        Shape = shape;
        _mean = mean.ToArray();
        _std = std.ToArray();
        for (int c = 0; c < _std.Length; c++)
        {
            _std[c] = _std[c] == 0f ? 1f : _std[c];
        }
    }

    /// <summary>The shape of the images this normaliser transforms.</summary>
    public ImageShape Shape { get; }

    /// <summary>The per-channel mean of the training pixels.</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>The per-channel population standard deviation of the training pixels (divided by <c>n</c>), 1 for a constant channel.</summary>
    public ReadOnlySpan<float> Std => _std;

    /// <summary>Computes the per-channel mean and population standard deviation over every pixel of <paramref name="train"/>.</summary>
    /// <exception cref="ArgumentException">The data set's rows are not images of <paramref name="shape"/>.</exception>
    public static ImageNormalizer Fit(DataSet train, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(train);
        CheckRows(train.FeatureCount, shape, nameof(train));
        ReadOnlySpan<float> x = train.Features;
        int plane = shape.PlaneSize;
        var mean = new float[shape.Channels];
        var std = new float[shape.Channels];
        for (int c = 0; c < shape.Channels; c++)
        {
            // Two passes in double, per plane: tens of millions of float additions would otherwise lose digits.
            double sum = 0;
            for (int offset = c * plane; offset < x.Length; offset += shape.Size)
            {
                foreach (float v in x.Slice(offset, plane))
                {
                    sum += v;
                }
            }
            double m = sum / ((double)train.Count * plane);
            double squares = 0;
            for (int offset = c * plane; offset < x.Length; offset += shape.Size)
            {
                foreach (float v in x.Slice(offset, plane))
                {
                    squares += (v - m) * (v - m);
                }
            }
            mean[c] = (float)m;
            std[c] = (float)Math.Sqrt(squares / ((double)train.Count * plane));
        }
        return new ImageNormalizer(shape, mean, std);
    }

    /// <summary>
    /// Saves this normaliser in a checkpoint's extras as <c>preprocessing.<paramref name="name"/></c> (tensors
    /// <c>.mean</c> and <c>.std</c>, one value per channel, and the metadata with the image shape), so that it travels
    /// with the model; <see cref="LoadFrom"/> restores it.
    /// </summary>
    /// <param name="extras">The extras passed to <c>Checkpoint.Save</c> or <c>Trainer.SaveCheckpoint</c>.</param>
    /// <param name="name">The entry's name, a word without dots; <c>input</c> by default.</param>
    /// <returns><paramref name="extras"/>, so that calls chain.</returns>
    /// <exception cref="ArgumentException">The name is empty, holds a dot, or is already used in <paramref name="extras"/>.</exception>
    public CheckpointExtras SaveTo(CheckpointExtras extras, string name = "input")
    {
        PreprocessingEntry.Save(extras, name, nameof(ImageNormalizer), _mean, _std, new[] { Shape.Channels, Shape.Height, Shape.Width });
        return extras;
    }

    /// <summary>Restores the normaliser that <see cref="SaveTo"/> saved under <paramref name="name"/> in a loaded checkpoint.</summary>
    /// <param name="contents">What <c>Checkpoint.Load</c> or <c>Trainer.LoadCheckpoint</c> returned.</param>
    /// <param name="name">The entry's name; <c>input</c> by default.</param>
    /// <exception cref="InvalidDataException">The entry is missing, was saved by another class, or holds a malformed shape or statistics; the message names it.</exception>
    public static ImageNormalizer LoadFrom(CheckpointContents contents, string name = "input")
    {
        (float[] mean, float[] std, int[]? shape) = PreprocessingEntry.Load(contents, name, nameof(ImageNormalizer));
        string source = contents.Source.Length > 0 ? contents.Source : "the checkpoint";
        if (shape is not { Length: 3 } || (long)shape[0] * shape[1] * shape[2] > Array.MaxLength || shape[0] != mean.Length)
        {
            throw new InvalidDataException(
                $"{source}: the preprocessing '{name}' has image shape [{string.Join(", ", shape ?? Array.Empty<int>())}] for {mean.Length} channel statistics; " +
                "it needs (channels, height, width) with one mean and std per channel.");
        }
        return new ImageNormalizer(new ImageShape(shape[0], shape[1], shape[2]), mean, std);
    }

    /// <summary>Convenience for <see cref="Fit(DataSet, ImageShape)"/> on an <see cref="ImageDataSet"/>.</summary>
    public static ImageNormalizer Fit(ImageDataSet train)
    {
        ArgumentNullException.ThrowIfNull(train);
        return Fit(train.Data, train.Shape);
    }

    /// <summary>A new data set with normalised images; the targets are shared unchanged.</summary>
    /// <exception cref="ArgumentException">The data set's rows are not images of this normaliser's shape.</exception>
    public DataSet Transform(DataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckRows(data.FeatureCount, Shape, nameof(data));
        float[] features = data.Features.ToArray();
        Transform(features);
        return data.WithFeatures(features);
    }

    /// <summary>Normalises a buffer of whole images (<c>n x Channels x Height x Width</c>) in place; allocates nothing.</summary>
    /// <exception cref="ArgumentException">The buffer's length is not a multiple of the image size.</exception>
    public void Transform(Span<float> images)
    {
        if (images.Length % Shape.Size != 0)
        {
            throw new ArgumentException(
                $"The buffer holds {images.Length} floats, not whole images of shape {Shape} ({Shape.Size} floats each); pass n x {Shape.Size} floats.",
                nameof(images));
        }
        int plane = Shape.PlaneSize;
        for (int offset = 0; offset < images.Length; offset += Shape.Size)
        {
            for (int c = 0; c < Shape.Channels; c++)
            {
                Span<float> p = images.Slice(offset + c * plane, plane);
                TensorPrimitives.Subtract(p, _mean[c], p);
                TensorPrimitives.Divide(p, _std[c], p);
            }
        }
    }

    private static void CheckRows(int featureCount, ImageShape shape, string parameter)
    {
        if (shape.Size == 0 || featureCount != shape.Size)
        {
            throw new ArgumentException(
                $"The data has {featureCount} features per row but images of shape {shape} hold {shape.Size}; pass the shape the rows were flattened from.",
                parameter);
        }
    }
}
