using System;

namespace NetGen.Data;

/// <summary>
/// The shape of one image, <c>(Channels, Height, Width)</c>, stored channel-major (CHW) inside a data row, as
/// PyTorch stores each sample of an NCHW batch. MNIST is <c>(1, 28, 28)</c>.
/// </summary>
public readonly record struct ImageShape
{
    /// <summary>Creates a shape; every dimension must be at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is below 1, or the image holds more than <c>Array.MaxLength</c> values.</exception>
    public ImageShape(int channels, int height, int width)
    {
        if (channels < 1 || height < 1 || width < 1 || (long)channels * height * width > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                channels < 1 ? nameof(channels) : height < 1 ? nameof(height) : nameof(width),
                $"The image shape ({channels}, {height}, {width}) is invalid; channels, height and width must each be at least 1 and their product at most {Array.MaxLength}.");
        }
        Channels = channels;
        Height = height;
        Width = width;
    }

    /// <summary>Colour planes per image: 1 for grey, 3 for RGB.</summary>
    public int Channels { get; }

    /// <summary>Rows of pixels.</summary>
    public int Height { get; }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Pixels in one channel plane, <c>Height x Width</c>.</summary>
    public int PlaneSize => Height * Width;

    /// <summary>Floats in one image, <c>Channels x Height x Width</c>: a data set's <c>FeatureCount</c>.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>The shape as <c>(C, H, W)</c>.</summary>
    public override string ToString() => $"({Channels}, {Height}, {Width})";
}
