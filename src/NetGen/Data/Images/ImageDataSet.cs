using System;

namespace NetGen.Data;

/// <summary>
/// A <see cref="DataSet"/> of images together with the shape of each image, which a flat feature row cannot carry
/// (what torchvision's MNIST data set knows and a <c>TensorDataset</c> does not). Normalizers and augmenters need the
/// shape; the trainer needs only <see cref="Data"/>.
/// </summary>
public sealed class ImageDataSet
{
    /// <summary>Pairs <paramref name="data"/> with the shape of its rows.</summary>
    /// <exception cref="ArgumentException">The data set's feature count is not the shape's size.</exception>
    public ImageDataSet(DataSet data, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != shape.Size)
        {
            throw new ArgumentException(
                $"The data set has {data.FeatureCount} features per row but the image shape {shape} holds {shape.Size} values; pass the shape its rows were flattened from.",
                nameof(shape));
        }
        Data = data;
        Shape = shape;
    }

    /// <summary>The images, one flattened CHW image per row, with their labels.</summary>
    public DataSet Data { get; }

    /// <summary>The shape of every image.</summary>
    public ImageShape Shape { get; }

    /// <summary>The number of images.</summary>
    public int Count => Data.Count;
}
