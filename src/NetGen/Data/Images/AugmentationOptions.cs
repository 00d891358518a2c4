namespace NetGen.Data;

/// <summary>
/// What an <see cref="ImageAugmenter"/> does to each image, each part drawn at random per image, like torchvision's
/// <c>RandomAffine</c>, <c>RandomHorizontalFlip</c> and <c>GaussianNoise</c> on a training set. Every default is
/// "off", so the default options leave images unchanged; turn on only what keeps a label true (a mirrored 2 is not
/// a 2, so digits keep <see cref="HorizontalFlip"/> off).
/// </summary>
public sealed record AugmentationOptions
{
    /// <summary>
    /// The largest translation in whole pixels: each axis moves by an integer drawn uniformly from
    /// <c>-MaxShift..MaxShift</c> (torchvision's <c>RandomAffine</c> also rounds to whole pixels). 0 by default; 2 suits MNIST.
    /// </summary>
    public int MaxShift { get; init; }

    /// <summary>The largest rotation, in degrees, about the image centre; the angle is uniform in <c>[-max, max]</c>, positive counter-clockwise. 0 by default.</summary>
    public float MaxRotationDegrees { get; init; }

    /// <summary>The zoom jitter: the scale factor is uniform in <c>[1 - jitter, 1 + jitter]</c> (0.1 = ±10 %), below 1. 0 (no zoom) by default.</summary>
    public float MaxScaleJitter { get; init; }

    /// <summary>Whether to mirror left to right with probability 1/2. False by default: digits and text must not be mirrored.</summary>
    public bool HorizontalFlip { get; init; }

    /// <summary>The standard deviation of Gaussian noise added to every pixel (not clipped). 0 (none) by default.</summary>
    public float NoiseStd { get; init; }

    /// <summary>The chance that an image is augmented at all; the others pass unchanged. 1 by default.</summary>
    public float Probability { get; init; } = 1f;

    /// <summary>
    /// The value of pixels that the shift, rotation or zoom brings in from outside the image. 0 by default: the
    /// background of [0, 1]-scaled images, so augment before normalising, or set this to the normalised background
    /// (<c>-mean / std</c>) when augmenting normalised images.
    /// </summary>
    public float FillValue { get; init; }
}
