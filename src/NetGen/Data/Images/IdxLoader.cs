using System;
using System.IO;

namespace NetGen.Data;

/// <summary>
/// Loads image data sets in the IDX format of MNIST and Fashion-MNIST (the <c>*-images-idx3-ubyte</c> and
/// <c>*-labels-idx1-ubyte</c> pairs, gzipped or not), like torchvision's <c>datasets.MNIST</c> with
/// <c>ToTensor()</c>: pixels become floats in [0, 1]. A file is decompressed when it starts with the gzip magic
/// <c>1F 8B</c>, whatever its name. Every problem throws naming the file, what was found, and the fix.
/// </summary>
public static class IdxLoader
{
    // MNIST and Fashion-MNIST have 10 classes; a subset that lacks the last digit must still have 10 outputs.
    private const int MinClassCount = 10;

    /// <summary>
    /// Reads an images file and its labels file into a data set of one flattened image per row, pixels scaled to
    /// [0, 1] (<c>byte / 255</c>), labels as class indices. <see cref="DataSet.ClassCount"/> is 10 when every label
    /// is at most 9 (MNIST, Fashion-MNIST), else the largest label + 1.
    /// </summary>
    /// <param name="imagesPath">The IDX images file (magic 0x00000803), gzipped or raw.</param>
    /// <param name="labelsPath">The IDX labels file (magic 0x00000801) of the same images, gzipped or raw.</param>
    /// <param name="limit">
    /// When given, only the first <paramref name="limit"/> images are read (all of them if there are fewer), and
    /// nothing after them is checked.
    /// </param>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file has the wrong magic, a corrupt header or fewer bytes than its header promises, or the two files hold different counts.</exception>
    public static ImageDataSet Load(string imagesPath, string labelsPath, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        ArgumentNullException.ThrowIfNull(labelsPath);
        CheckLimit(limit);
        using Stream images = IdxReader.Open(imagesPath);
        using Stream labels = IdxReader.Open(labelsPath);

        // Both headers first, so that swapped or mismatched files fail before megabytes are decompressed.
        var (count, shape) = IdxReader.ReadImagesHeader(images, imagesPath);
        int labelCount = IdxReader.ReadLabelsHeader(labels, labelsPath);
        if (labelCount != count)
        {
            throw new InvalidDataException(
                $"The images file '{imagesPath}' holds {count} images but the labels file '{labelsPath}' holds {labelCount} labels; pass the labels that belong to these images (train-images with train-labels, t10k-images with t10k-labels).");
        }

        // And both sizes, so that a short labels file fails before the images are read.
        IdxReader.CheckSize(images, imagesPath, "images", IdxReader.ImagesHeaderBytes, count, shape.Size, limit);
        IdxReader.CheckSize(labels, labelsPath, "labels", IdxReader.LabelsHeaderBytes, count, 1, limit);

        byte[] pixels = IdxReader.ReadRecords(images, imagesPath, "images", IdxReader.ImagesHeaderBytes, count, shape.Size, limit);
        byte[] labelBytes = IdxReader.ReadRecords(labels, labelsPath, "labels", IdxReader.LabelsHeaderBytes, count, 1, limit);
        int take = labelBytes.Length;

        var targets = new float[take];
        int maxLabel = 0;
        for (int i = 0; i < take; i++)
        {
            targets[i] = labelBytes[i];
            maxLabel = Math.Max(maxLabel, labelBytes[i]);
        }
        float[] features = new IdxImages(pixels, take, shape).ToScaledFloats();
        var data = new DataSet(features, shape.Size, targets, 1, Math.Max(MinClassCount, maxLabel + 1));
        return new ImageDataSet(data, shape);
    }

    /// <summary>Reads an IDX images file (magic 0x00000803), gzipped or raw, keeping the raw bytes.</summary>
    /// <param name="path">The images file.</param>
    /// <param name="limit">When given, only the first <paramref name="limit"/> images are read.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file has the wrong magic, a corrupt header or fewer bytes than its header promises.</exception>
    public static IdxImages ReadImages(string path, int? limit = null)
    {
        CheckLimit(limit);
        using Stream stream = IdxReader.Open(path);
        var (count, shape) = IdxReader.ReadImagesHeader(stream, path);
        byte[] pixels = IdxReader.ReadRecords(stream, path, "images", IdxReader.ImagesHeaderBytes, count, shape.Size, limit);
        return new IdxImages(pixels, pixels.Length / shape.Size, shape);
    }

    /// <summary>Reads an IDX labels file (magic 0x00000801), gzipped or raw: one byte per label.</summary>
    /// <param name="path">The labels file.</param>
    /// <param name="limit">When given, only the first <paramref name="limit"/> labels are read.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file has the wrong magic, a corrupt header or fewer bytes than its header promises.</exception>
    public static byte[] ReadLabels(string path, int? limit = null)
    {
        CheckLimit(limit);
        using Stream stream = IdxReader.Open(path);
        int count = IdxReader.ReadLabelsHeader(stream, path);
        return IdxReader.ReadRecords(stream, path, "labels", IdxReader.LabelsHeaderBytes, count, 1, limit);
    }

    private static void CheckLimit(int? limit)
    {
        if (limit < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(limit), limit, $"limit is {limit}; pass at least 1 to read the first images, or null to read them all.");
        }
    }
}
