using System;
using System.IO;
using System.Numerics.Tensors;
using NetGen.Checkpoints;

namespace NetGen.Data;

/// <summary>
/// Scales regression targets to zero mean and unit variance per target column, <c>(y - mean) / std</c>, and maps a
/// network's predictions back to the original units with <see cref="InverseTransform"/>, like scikit-learn's
/// <c>StandardScaler</c> applied to <c>y</c> (or <c>TransformedTargetRegressor</c>). Fit it on the training set only.
/// Targets of very different scales otherwise make one column dominate the mean squared error, and large targets
/// need a network to learn large output biases first.
/// </summary>
public sealed class TargetScaler
{
    private readonly Standardizer _columns; // the same statistics and constant-column rule as for features

    /// <summary>
    /// Creates a scaler from known statistics (for example saved beside a model). A standard deviation of 0 is
    /// replaced by 1, so a constant target is centred but not scaled.
    /// </summary>
    /// <exception cref="ArgumentException">The spans are empty, differ in length, or hold a non-finite or negative value.</exception>
    public TargetScaler(ReadOnlySpan<float> mean, ReadOnlySpan<float> std) => _columns = new Standardizer(mean, std);

    private TargetScaler(Standardizer columns) => _columns = columns;

    /// <summary>The number of target columns (the data sets' <see cref="DataSet.TargetWidth"/>) it was fitted on.</summary>
    public int TargetWidth => _columns.FeatureCount;

    /// <summary>The per-column mean of the training targets.</summary>
    public ReadOnlySpan<float> Mean => _columns.Mean;

    /// <summary>The per-column population standard deviation of the training targets, 1 for a constant column.</summary>
    public ReadOnlySpan<float> Std => _columns.Std;

    /// <summary>Computes the per-column mean and population standard deviation of <paramref name="train"/>'s targets.</summary>
    /// <exception cref="ArgumentException">The data set holds class labels, which are not scaled.</exception>
    public static TargetScaler Fit(DataSet train)
    {
        ArgumentNullException.ThrowIfNull(train);
        CheckRegression(train, nameof(train));
        return new TargetScaler(Standardizer.FitColumns(train.Targets, train.Count, train.TargetWidth));
    }

    /// <summary>A new data set with scaled targets and the same features.</summary>
    /// <exception cref="ArgumentException">The data set holds class labels, or its target width differs from the one fitted.</exception>
    public DataSet Transform(DataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckRegression(data, nameof(data));
        CheckWidth(data.TargetWidth, nameof(data));
        float[] targets = data.Targets.ToArray();
        Transform(targets);
        return new DataSet(data.Features.ToArray(), data.FeatureCount, targets, data.TargetWidth);
    }

    /// <summary>Scales a row-major buffer of whole target rows in place.</summary>
    /// <exception cref="ArgumentException">The buffer's length is not a multiple of the target width.</exception>
    public void Transform(Span<float> targets)
    {
        CheckRows(targets.Length, nameof(targets));
        _columns.Transform(targets);
    }

    /// <summary>
    /// Maps scaled values (a network's predictions, row-major, <see cref="TargetWidth"/> per row) back to the original
    /// units in place: <c>y * std + mean</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The buffer's length is not a multiple of the target width.</exception>
    public void InverseTransform(Span<float> predictions)
    {
        CheckRows(predictions.Length, nameof(predictions));
        ReadOnlySpan<float> mean = _columns.Mean, std = _columns.Std;
        for (int offset = 0; offset < predictions.Length; offset += TargetWidth)
        {
            Span<float> row = predictions.Slice(offset, TargetWidth);
            TensorPrimitives.Multiply(row, std, row);
            TensorPrimitives.Add(row, mean, row);
        }
    }

    /// <summary>
    /// Saves this scaler in a checkpoint's extras as <c>preprocessing.<paramref name="name"/></c> (tensors <c>.mean</c>
    /// and <c>.std</c>, and the metadata), so that predictions can be mapped back wherever the model is loaded.
    /// </summary>
    /// <param name="extras">The extras passed to <c>Checkpoint.Save</c> or <c>Trainer.SaveCheckpoint</c>.</param>
    /// <param name="name">The entry's name, a word without dots; <c>target</c> by default.</param>
    /// <returns><paramref name="extras"/>, so that calls chain.</returns>
    /// <exception cref="ArgumentException">The name is empty, holds a dot, or is already used in <paramref name="extras"/>.</exception>
    public CheckpointExtras SaveTo(CheckpointExtras extras, string name = "target")
    {
        PreprocessingEntry.Save(extras, name, nameof(TargetScaler), Mean, Std);
        return extras;
    }

    /// <summary>Restores the scaler that <see cref="SaveTo"/> saved under <paramref name="name"/> in a loaded checkpoint.</summary>
    /// <param name="contents">What <c>Checkpoint.Load</c> or <c>Trainer.LoadCheckpoint</c> returned.</param>
    /// <param name="name">The entry's name; <c>target</c> by default.</param>
    /// <exception cref="InvalidDataException">The entry is missing, was saved by another class, or holds malformed statistics; the message names it.</exception>
    public static TargetScaler LoadFrom(CheckpointContents contents, string name = "target")
    {
        (float[] mean, float[] std, _) = PreprocessingEntry.Load(contents, name, nameof(TargetScaler));
        return new TargetScaler(mean, std);
    }

    private static void CheckRegression(DataSet data, string parameter)
    {
        if (data.ClassCount > 0)
        {
            throw new ArgumentException(
                $"The data set holds labels of {data.ClassCount} classes; a TargetScaler scales regression targets only (load the data with LabelKind.Regression).",
                parameter);
        }
    }

    private void CheckWidth(int width, string parameter)
    {
        if (width != TargetWidth)
        {
            throw new ArgumentException(
                $"The data has {width} targets per row but this scaler was fitted on {TargetWidth}; fit it on a training set with the same target columns.",
                parameter);
        }
    }

    private void CheckRows(int length, string parameter)
    {
        if (length % TargetWidth != 0)
        {
            throw new ArgumentException(
                $"The buffer holds {length} floats, not whole rows of the {TargetWidth} targets this scaler was fitted on; pass Count x {TargetWidth} floats.",
                parameter);
        }
    }
}
