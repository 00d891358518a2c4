using System;
using NetGen.Data;

namespace NetGen.Training;

/// <summary>The checks a <see cref="Trainer"/> makes before it touches anything, with messages that name the fix.</summary>
internal static class TrainerChecks
{
    public static void Options(INetwork network, TrainerOptions options)
    {
        if (options.BatchSize < 1 || options.BatchSize > network.MaxBatch)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.BatchSize,
                $"BatchSize is {options.BatchSize} but the network takes batches of 1 to {network.MaxBatch} (its MaxBatch); lower BatchSize or raise [Network(MaxBatch = ...)].");
        }
        if (options.Epochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Epochs, $"Epochs is {options.Epochs}; train for at least 1 epoch.");
        }
        if (options.AccumulationSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.AccumulationSteps,
                $"AccumulationSteps is {options.AccumulationSteps}; use 1 for an update per mini-batch, or more to accumulate gradients.");
        }
        if (options.ClipGradientNorm is { } norm && !(norm > 0 && float.IsFinite(norm)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), norm, "ClipGradientNorm must be a finite positive norm, such as 1.");
        }
        if (options.ClipGradientValue is { } value && !(value > 0 && float.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), value, "ClipGradientValue must be a finite positive limit, such as 0.5.");
        }
        if (options.EarlyStopping is { } stopping && (stopping.Patience < 1 || !(stopping.MinDelta >= 0)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), stopping.Patience,
                "EarlyStopping needs a Patience of at least 1 epoch and a MinDelta of 0 or more.");
        }
        if (options.Augmentation is { } augmentation && augmentation.SampleSize != network.InputSize)
        {
            throw new ArgumentException(
                $"The augmentation transforms samples of {augmentation.SampleSize} floats but the network takes {network.InputSize} inputs; build it for the network's input shape.",
                nameof(options));
        }
    }

    /// <summary>Checks that <paramref name="data"/> has the network's feature count, target width and classes.</summary>
    public static void Fits(INetwork network, DataSet data, string parameter)
    {
        ArgumentNullException.ThrowIfNull(data, parameter);
        if (data.FeatureCount != network.InputSize)
        {
            throw new ArgumentException(
                $"The {parameter} set has {data.FeatureCount} features per row but the network's input takes {network.InputSize}; change the [Input] shape or select matching columns.",
                parameter);
        }
        if (data.TargetWidth != network.TargetSize)
        {
            throw new ArgumentException(
                $"The {parameter} set has {data.TargetWidth} targets per row but the network's {network.Loss} loss takes {network.TargetSize}; "
                + (network.Loss == Loss.SoftmaxCrossEntropy ? "pass one class index per row, not one-hot vectors." : "make the output layer's units match the targets."),
                parameter);
        }
        if (network.Loss == Loss.SoftmaxCrossEntropy && (data.ClassCount == 0 || data.ClassCount > network.OutputSize))
        {
            throw new ArgumentException(
                data.ClassCount == 0
                    ? $"The {parameter} set has regression targets (ClassCount 0) but the network's softmax cross-entropy needs class labels; load the data with LabelKind.Class or pass classCount to the DataSet."
                    : $"The {parameter} set has {data.ClassCount} classes but the network's output layer has {network.OutputSize} units; give the output layer {data.ClassCount} units.",
                parameter);
        }
    }

    /// <summary>Checks that a run resumed mid-epoch, after <paramref name="batch"/> mini-batches, has batches left in the training set.</summary>
    public static void ResumesWithin(int batch, int batches, int count, int batchSize)
    {
        if (batch > 0 && batch >= batches)
        {
            throw new ArgumentException(
                $"The run being resumed stopped after mini-batch {batch} of its epoch, but the training set of {count} samples has only {batches} batches of {batchSize}; " +
                "resume with the training set of the run that wrote the checkpoint.",
                "train");
        }
    }
}
