using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics.Tensors;

namespace NetGen.Data;

/// <summary>
/// An in-memory table of samples: features <c>Count x FeatureCount</c> and targets <c>Count x TargetWidth</c>,
/// both row-major floats, like a pair of tensors in a PyTorch <c>TensorDataset</c> or scikit-learn's <c>(X, y)</c>.
/// Class labels are stored as whole-number floats (one per row, <see cref="TargetWidth"/> 1), so the targets can be
/// passed straight to a network's <c>TrainStep</c>. Immutable once built: every view is read-only.
/// </summary>
public sealed partial class DataSet
{
    /// <summary>
    /// The most classes a data set can hold, 2^24 = 16,777,216, so labels run from 0 to 16,777,215 at most. Labels
    /// are stored as 32-bit floats beside the features (what a network's <c>TrainStep</c> takes), and a float holds
    /// every whole number exactly only up to 2^24: above it, 16,777,217 would read as 16,777,216 and two classes
    /// would merge without a word.
    /// </summary>
    public const int MaxClassCount = 1 << 24;

    private readonly float[] _features;
    private readonly float[] _targets;
    private readonly string[]? _classNames;

    /// <summary>
    /// Creates a data set over <paramref name="features"/> and <paramref name="targets"/>. The arrays are not copied
    /// (a data set can be hundreds of megabytes): the data set takes ownership, so do not change them afterwards.
    /// </summary>
    /// <param name="features">Row-major <c>Count x featureCount</c> floats, all finite.</param>
    /// <param name="featureCount">Features per row (at least 1).</param>
    /// <param name="targets">Row-major <c>Count x targetWidth</c> floats, all finite.</param>
    /// <param name="targetWidth">Targets per row: 1 for class labels or one regression value, more for vector targets.</param>
    /// <param name="classCount">The number of classes when the targets are class labels (at most <see cref="MaxClassCount"/>), 0 for regression targets.</param>
    /// <param name="classNames">Optional names of the classes, <paramref name="classCount"/> of them.</param>
    /// <exception cref="ArgumentException">The lengths disagree, a value is NaN or infinite, or a label is not a class index.</exception>
    public DataSet(float[] features, int featureCount, float[] targets, int targetWidth = 1, int classCount = 0, string[]? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (featureCount < 1 || targetWidth < 1)
        {
            throw new ArgumentOutOfRangeException(
                featureCount < 1 ? nameof(featureCount) : nameof(targetWidth),
                $"featureCount is {featureCount} and targetWidth is {targetWidth}; both must be at least 1.");
        }
        if (features.Length == 0 || features.Length % featureCount != 0)
        {
            throw new ArgumentException(
                $"The features hold {features.Length} floats, which is not a whole, non-zero number of rows of {featureCount}; pass Count x featureCount floats.",
                nameof(features));
        }
        int count = features.Length / featureCount;
        if (targets.Length != (long)count * targetWidth)
        {
            throw new ArgumentException(
                $"The features hold {count} rows of {featureCount} but the targets hold {targets.Length} floats, not {count} x {targetWidth} = {(long)count * targetWidth}; pass one target row per feature row.",
                nameof(targets));
        }
        if (classCount > MaxClassCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(classCount), classCount,
                $"classCount is {classCount} but a data set holds at most DataSet.MaxClassCount = {MaxClassCount} classes, labels 0 to {MaxClassCount - 1}: labels are 32-bit floats, which hold whole numbers exactly only up to 2^24. Remap the labels to 0, 1, 2, ... (one index per distinct value).");
        }
        if (classCount < 0 || (classCount > 0 && targetWidth != 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(classCount), classCount,
                $"classCount is {classCount} with targetWidth {targetWidth}; use classCount > 0 only with one label per row (targetWidth 1), or 0 for regression targets.");
        }
        if (classNames is not null && classNames.Length != classCount)
        {
            throw new ArgumentException(
                $"{classNames.Length} class names were given for {classCount} classes; pass one name per class or none.",
                nameof(classNames));
        }

        CheckFinite(features, featureCount, "feature", nameof(features));
        CheckFinite(targets, targetWidth, "target", nameof(targets));
        if (classCount > 0)
        {
            CheckLabels(targets, classCount);
        }

        _features = features;
        _targets = targets;
        _classNames = classNames is null ? null : (string[])classNames.Clone();
        ClassNames = _classNames is null ? null : Array.AsReadOnly(_classNames);
        Count = count;
        FeatureCount = featureCount;
        TargetWidth = targetWidth;
        ClassCount = classCount;
    }

    /// <summary>The number of rows (samples).</summary>
    public int Count { get; }

    /// <summary>The number of features per row.</summary>
    public int FeatureCount { get; }

    /// <summary>The number of target floats per row (1 for class labels).</summary>
    public int TargetWidth { get; }

    /// <summary>The number of classes when the targets are class labels; 0 for regression targets.</summary>
    public int ClassCount { get; }

    /// <summary>The class names (index = class), or <c>null</c> when none were given.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Every feature, row-major <c>Count x FeatureCount</c>.</summary>
    public ReadOnlySpan<float> Features => _features;

    /// <summary>Every target, row-major <c>Count x TargetWidth</c>.</summary>
    public ReadOnlySpan<float> Targets => _targets;

    /// <summary>The features of one row.</summary>
    public ReadOnlySpan<float> FeaturesOf(int row) => _features.AsSpan(CheckRow(row) * FeatureCount, FeatureCount);

    /// <summary>The targets of one row.</summary>
    public ReadOnlySpan<float> TargetsOf(int row) => _targets.AsSpan(CheckRow(row) * TargetWidth, TargetWidth);

    /// <summary>How many rows carry each class label (index = class, so <see cref="ClassCount"/> entries); empty for regression targets.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassCount];
        if (ClassCount > 0)
        {
            foreach (float label in _targets)
            {
                counts[(int)label]++;
            }
        }
        return counts;
    }

    /// <summary>
    /// A new data set holding copies of <paramref name="rows"/>, in the order given (repeats allowed, as in a
    /// bootstrap sample). Class count and names carry over.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is empty or names a row outside [0, Count).</exception>
    public DataSet Subset(ReadOnlySpan<int> rows)
    {
        if (rows.IsEmpty)
        {
            throw new ArgumentException("A subset needs at least one row; pass the indices of the rows to keep.", nameof(rows));
        }
        long size = (long)rows.Length * Math.Max(FeatureCount, TargetWidth);
        if (size > Array.MaxLength)
        {
            throw new ArgumentException(
                $"A subset of {rows.Length} rows of {FeatureCount} features and {TargetWidth} targets needs {size} floats, more than one array holds ({Array.MaxLength}); take fewer rows.",
                nameof(rows));
        }
        var features = new float[rows.Length * FeatureCount];
        var targets = new float[rows.Length * TargetWidth];
        for (int i = 0; i < rows.Length; i++)
        {
            FeaturesOf(rows[i]).CopyTo(features.AsSpan(i * FeatureCount));
            TargetsOf(rows[i]).CopyTo(targets.AsSpan(i * TargetWidth));
        }
        return new DataSet(features, FeatureCount, targets, TargetWidth, ClassCount, _classNames);
    }

    /// <summary>A copy of this data set with <paramref name="features"/> in place of its features (targets shared, being immutable).</summary>
    internal DataSet WithFeatures(float[] features) =>
        new DataSet(features, FeatureCount, _targets, TargetWidth, ClassCount, _classNames);

    private int CheckRow(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row {row} is outside this data set of {Count} rows; use an index from 0 to {Count - 1}.");
        }
        return row;
    }

    private static void CheckFinite(float[] values, int width, string what, string parameter)
    {
        if (TensorPrimitives.IsFiniteAll<float>(values))
        {
            return;
        }
        int i = Array.FindIndex(values, v => !float.IsFinite(v));
        throw new ArgumentException(
            $"The {what} at row {i / width}, column {i % width} is {values[i].ToString(CultureInfo.InvariantCulture)}; clean or impute non-finite values (for example replace missing values with the column mean) before building the data set.",
            parameter);
    }

    private static void CheckLabels(float[] labels, int classCount)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            float t = labels[i];
            if (!(t >= 0f && t < classCount) || t != MathF.Floor(t))
            {
                throw new ArgumentException(
                    $"The label at row {i} is {t.ToString(CultureInfo.InvariantCulture)} but class labels must be whole numbers from 0 to {classCount - 1}; remap the labels, raise classCount, or pass classCount 0 for regression targets.",
                    "targets");
            }
        }
    }
}
