using System;
using System.IO;
using System.Numerics.Tensors;
using NetGen.Checkpoints;

namespace NetGen.Data;

/// <summary>
/// Scales every feature to zero mean and unit variance, <c>(x - mean) / std</c>, like scikit-learn's
/// <c>StandardScaler</c>: fit it on the training set only, then transform the training, validation and test sets
/// with the same statistics, so that nothing about the held-out data leaks into training.
/// </summary>
public sealed class Standardizer
{
    // The gap between 1 and the next double (numpy's finfo(float64).eps); .NET's double.Epsilon is the smallest subnormal instead.
    private const double MachineEpsilon = 2.220446049250313e-16;

    private readonly float[] _mean;
    private readonly float[] _std;

    /// <summary>
    /// Creates a standardizer from known statistics (for example saved beside a model). A standard deviation of 0
    /// is replaced by 1, so a constant feature is centred but not scaled.
    /// </summary>
    /// <exception cref="ArgumentException">The spans are empty, differ in length, or hold a non-finite or negative value.</exception>
    public Standardizer(ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        if (mean.IsEmpty || mean.Length != std.Length)
        {
            throw new ArgumentException(
                $"mean has {mean.Length} values and std has {std.Length}; pass one mean and one standard deviation per feature.", nameof(std));
        }
        if (!TensorPrimitives.IsFiniteAll(mean) || !TensorPrimitives.IsFiniteAll(std) || TensorPrimitives.Min(std) < 0f)
        {
            throw new ArgumentException("mean and std must be finite and std must be >= 0; recompute them with Standardizer.Fit on clean data.", nameof(std));
        }
        _mean = mean.ToArray();
        _std = std.ToArray();
        for (int j = 0; j < _std.Length; j++)
        {
            _std[j] = _std[j] == 0f ? 1f : _std[j];
        }
    }

    /// <summary>The number of features this standardizer was fitted on.</summary>
    public int FeatureCount => _mean.Length;

    /// <summary>The per-feature mean of the training set.</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>
    /// The per-feature population standard deviation of the training set (divided by <c>n</c>, as in
    /// <c>StandardScaler.scale_</c>), with 1 for constant features.
    /// </summary>
    public ReadOnlySpan<float> Std => _std;

    /// <summary>Computes the per-feature mean and population standard deviation of <paramref name="train"/>.</summary>
    public static Standardizer Fit(DataSet train)
    {
        ArgumentNullException.ThrowIfNull(train);
        return FitColumns(train.Features, train.Count, train.FeatureCount);
    }

    /// <summary>
    /// Saves this standardizer in a checkpoint's extras as <c>preprocessing.<paramref name="name"/></c> (tensors
    /// <c>.mean</c> and <c>.std</c>, and the metadata), so that it travels with the model; <see cref="LoadFrom"/> restores it.
    /// </summary>
    /// <param name="extras">The extras passed to <c>Checkpoint.Save</c> or <c>Trainer.SaveCheckpoint</c>.</param>
    /// <param name="name">The entry's name, a word without dots; <c>input</c> by default.</param>
    /// <returns><paramref name="extras"/>, so that calls chain.</returns>
    /// <exception cref="ArgumentException">The name is empty, holds a dot, or is already used in <paramref name="extras"/>.</exception>
    public CheckpointExtras SaveTo(CheckpointExtras extras, string name = "input")
    {
        PreprocessingEntry.Save(extras, name, nameof(Standardizer), _mean, _std);
        return extras;
    }

    /// <summary>Restores the standardizer that <see cref="SaveTo"/> saved under <paramref name="name"/> in a loaded checkpoint.</summary>
    /// <param name="contents">What <c>Checkpoint.Load</c> or <c>Trainer.LoadCheckpoint</c> returned.</param>
    /// <param name="name">The entry's name; <c>input</c> by default.</param>
    /// <exception cref="InvalidDataException">The entry is missing, was saved by another class, or holds malformed statistics; the message names it.</exception>
    public static Standardizer LoadFrom(CheckpointContents contents, string name = "input")
    {
        (float[] mean, float[] std, _) = PreprocessingEntry.Load(contents, name, nameof(Standardizer));
        return new Standardizer(mean, std);
    }

    // The per-column statistics of n rows of width values: shared with TargetScaler, which standardizes targets.
    internal static Standardizer FitColumns(ReadOnlySpan<float> x, int n, int width)
    {

        // Two passes in double: the one-pass sum of squares loses every digit when the mean dwarfs the spread.
        var mean = new double[width];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < width; j++)
            {
                mean[j] += x[i * width + j];
            }
        }
        var variance = new double[width];
        for (int j = 0; j < width; j++)
        {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < width; j++)
            {
                double d = x[i * width + j] - mean[j];
                variance[j] += d * d;
            }
        }

        var meanF = new float[width];
        var stdF = new float[width];
        for (int j = 0; j < width; j++)
        {
            meanF[j] = (float)mean[j];
            // A constant column's computed variance is rounding noise, not spread. scikit-learn's _is_constant_feature
            // bound, var <= n eps var + (n mean eps)^2, detects it, and the column then gets a scale of 1.
            double var = variance[j] / n;
            bool constant = var <= n * MachineEpsilon * var + (n * mean[j] * MachineEpsilon) * (n * mean[j] * MachineEpsilon);
            stdF[j] = constant ? 0f : (float)Math.Sqrt(var);
        }
        return new Standardizer(meanF, stdF);
    }

    /// <summary>A new data set with standardized features; the targets are shared unchanged.</summary>
    /// <exception cref="ArgumentException">The data set's feature count differs from the one fitted.</exception>
    public DataSet Transform(DataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckWidth(data.FeatureCount, nameof(data));
        float[] features = data.Features.ToArray();
        Transform(features);
        return data.WithFeatures(features);
    }

    /// <summary>Standardizes a row-major buffer of whole rows in place.</summary>
    /// <exception cref="ArgumentException">The buffer's length is not a multiple of the feature count.</exception>
    public void Transform(Span<float> features)
    {
        if (features.Length % FeatureCount != 0)
        {
            throw new ArgumentException(
                $"The buffer holds {features.Length} floats, not whole rows of the {FeatureCount} features this standardizer was fitted on; pass Count x {FeatureCount} floats.",
                nameof(features));
        }
        for (int offset = 0; offset < features.Length; offset += FeatureCount)
        {
            Span<float> row = features.Slice(offset, FeatureCount);
            TensorPrimitives.Subtract(row, _mean, row);
            TensorPrimitives.Divide(row, _std, row);
        }
    }

    private void CheckWidth(int featureCount, string parameter)
    {
        if (featureCount != FeatureCount)
        {
            throw new ArgumentException(
                $"The data has {featureCount} features but this standardizer was fitted on {FeatureCount}; fit it on a training set with the same columns.",
                parameter);
        }
    }
}
