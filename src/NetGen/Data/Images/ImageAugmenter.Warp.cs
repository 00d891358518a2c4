using System;

namespace NetGen.Data;

public sealed partial class ImageAugmenter
{
    // Resamples the image through out = c + s R(angle) (flip(in) - c) + t, c the centre, by inverting the map for
    // each output pixel and sampling the input bilinearly, as torchvision's affine with bilinear interpolation. Pixels
    // mapped from outside the image read as the fill value. With angle 0 and scale 1 the map is an exact whole-pixel
    // shift: every sampling weight is 0 or 1.
    private void Warp(Span<float> image, int dx, int dy, float degrees, float scale, bool flip)
    {
        int width = Shape.Width, height = Shape.Height, plane = Shape.PlaneSize, channels = Shape.Channels;
        image.CopyTo(_scratch);
        ReadOnlySpan<float> src = _scratch;
        float cx = (width - 1) * 0.5f, cy = (height - 1) * 0.5f;
        float cos = 1f, sin = 0f;
        if (degrees != 0f)
        {
            (sin, cos) = MathF.SinCos(degrees * (MathF.PI / 180f));
        }
        float invScale = 1f / scale;

        for (int v = 0; v < height; v++)
        {
            float oy = v - cy - dy;
            for (int u = 0; u < width; u++)
            {
                // The inverse of a counter-clockwise rotation on screen (y points down) is [[cos, -sin], [sin, cos]].
                float ox = u - cx - dx;
                float sx = cx + (cos * ox - sin * oy) * invScale;
                float sy = cy + (sin * ox + cos * oy) * invScale;
                if (flip)
                {
                    sx = width - 1 - sx;
                }
                int x0 = (int)MathF.Floor(sx), y0 = (int)MathF.Floor(sy);
                float fx = sx - x0, fy = sy - y0;
                for (int c = 0; c < channels; c++)
                {
                    ReadOnlySpan<float> p = src.Slice(c * plane, plane);
                    float top = (1f - fx) * Pixel(p, x0, y0) + fx * Pixel(p, x0 + 1, y0);
                    float bottom = (1f - fx) * Pixel(p, x0, y0 + 1) + fx * Pixel(p, x0 + 1, y0 + 1);
                    image[c * plane + v * width + u] = (1f - fy) * top + fy * bottom;
                }
            }
        }
    }

    private float Pixel(ReadOnlySpan<float> plane, int x, int y) =>
        (uint)x < (uint)Shape.Width && (uint)y < (uint)Shape.Height ? plane[y * Shape.Width + x] : _fill;

    // Box-Muller (1958): two uniforms give two independent standard normals, r cos(theta) and r sin(theta).
    private void AddNoise(Span<float> image)
    {
        for (int i = 0; i < image.Length; i += 2)
        {
            float u1 = 1f - _rng.NextFloat(); // in (0, 1], so the logarithm is finite
            float r = _noiseStd * MathF.Sqrt(-2f * MathF.Log(u1));
            (float sin, float cos) = MathF.SinCos(2f * MathF.PI * _rng.NextFloat());
            image[i] += r * cos;
            if (i + 1 < image.Length)
            {
                image[i + 1] += r * sin;
            }
        }
    }
}
