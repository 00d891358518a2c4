using System;

namespace NetGen.Data;

/// <summary>The raw contents of an IDX images file: <see cref="Count"/> images of <see cref="Shape"/>, one byte per pixel.</summary>
public sealed class IdxImages
{
    private readonly byte[] _pixels;

    internal IdxImages(byte[] pixels, int count, ImageShape shape)
    {
        _pixels = pixels;
        Count = count;
        Shape = shape;
    }

    /// <summary>The number of images read.</summary>
    public int Count { get; }

    /// <summary>The shape of each image; IDX images have one channel.</summary>
    public ImageShape Shape { get; }

    /// <summary>Every pixel, 0 (background) to 255, image after image, each row-major <c>Height x Width</c>.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>The pixels as floats scaled to [0, 1] (<c>byte / 255</c>, like torchvision's <c>ToTensor</c>).</summary>
    public float[] ToScaledFloats()
    {
        var floats = new float[_pixels.Length];
        for (int i = 0; i < floats.Length; i++)
        {
            floats[i] = _pixels[i] / 255f;
        }
        return floats;
    }
}
