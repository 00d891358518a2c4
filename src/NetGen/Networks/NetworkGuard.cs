using System;
using System.Numerics.Tensors;

namespace NetGen;

/// <summary>
/// Argument checks called by generated networks before they touch any state, so that bad input throws an
/// exception naming the problem and the fix, and never leaves a network half-updated.
/// </summary>
public static class NetworkGuard
{
    /// <summary>Checks that <paramref name="batch"/> is in [1, <paramref name="maxBatch"/>].</summary>
    public static void Batch(int batch, int maxBatch, string network)
    {
        if (batch < 1 || batch > maxBatch)
        {
            throw new ArgumentOutOfRangeException(
                nameof(batch), batch,
                $"{network}: batch must be between 1 and MaxBatch ({maxBatch}); split the data into batches of at most {maxBatch} or raise [Network(MaxBatch = ...)].");
        }
    }

    /// <summary>Checks that a span holds exactly <c>batch x size</c> floats (the product in 64 bits, so it cannot wrap).</summary>
    public static void Length(int actual, int batch, int size, string what, string network)
    {
        long needed = (long)batch * size;
        if (actual != needed)
        {
            throw new ArgumentException(
                $"{network}: {what} has {actual} values but a batch of {batch} needs exactly {batch} x {size} = {needed}; slice it to the batch.",
                what);
        }
    }

    /// <summary>Checks that every value is finite.</summary>
    public static void Finite(ReadOnlySpan<float> values, string what, string network)
    {
        if (TensorPrimitives.IsFiniteAll(values))
        {
            return;
        }
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    $"{network}: {what}[{i}] is {values[i]}; clean or impute non-finite values before training.", what);
            }
        }
    }

    /// <summary>Checks that each target is an integer class index in [0, <paramref name="classes"/>).</summary>
    public static void ClassLabels(ReadOnlySpan<float> target, int classes, string network)
    {
        for (int i = 0; i < target.Length; i++)
        {
            float t = target[i];
            if (!(t >= 0f && t < classes) || t != MathF.Floor(t))
            {
                throw new ArgumentException(
                    $"{network}: label {i} is {t} but labels must be whole class indices from 0 to {classes - 1}; remap the labels or change the output layer's units.",
                    "target");
            }
        }
    }

    /// <summary>Checks that each of <paramref name="labels"/> is a class index in [0, <paramref name="classes"/>).</summary>
    public static void ClassLabels(ReadOnlySpan<int> labels, int classes, string network)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentException(
                    $"{network}: label {i} is {labels[i]} but labels must be class indices from 0 to {classes - 1}; remap the labels or change the output layer's units.",
                    "labels");
            }
        }
    }

    /// <summary>Checks that each target is a probability in [0, 1] (binary cross-entropy).</summary>
    public static void Probabilities(ReadOnlySpan<float> target, string network)
    {
        for (int i = 0; i < target.Length; i++)
        {
            if (!(target[i] >= 0f && target[i] <= 1f))
            {
                throw new ArgumentException(
                    $"{network}: target[{i}] is {target[i]} but binary cross-entropy needs targets in [0, 1]; encode classes as 0 and 1.",
                    "target");
            }
        }
    }

    /// <summary>Checks that a forward pass of the same batch size ran before a backward pass or loss.</summary>
    public static void ForwardRan(int lastBatch, int batch, string network)
    {
        if (lastBatch == 0)
        {
            throw new InvalidOperationException($"{network}: call Forward before Backward or ComputeLoss; there is no forward pass to differentiate.");
        }
        if (lastBatch != batch)
        {
            throw new ArgumentException(
                $"{network}: the last Forward ran on {lastBatch} samples but {batch} targets were given; pass the targets of the same batch.",
                nameof(batch));
        }
    }

    /// <summary>Checks that the last forward pass ran in training mode, which backward through batch norm or dropout needs.</summary>
    public static void TrainingForwardRan(bool training, string network)
    {
        if (!training)
        {
            throw new InvalidOperationException(
                $"{network}: the last Forward ran in inference mode, but Backward needs the batch statistics and dropout masks of a training pass; set Training = true before Forward, or use TrainStep.");
        }
    }

    /// <summary>
    /// Checks that a training batch gives batch norm over features more than one value per feature, as PyTorch
    /// requires: the variance of one sample is zero and its normalised value undefined.
    /// </summary>
    public static void BatchNormTrainingBatch(int batch, string layer, string network)
    {
        if (batch < 2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(batch), batch,
                $"{network}: batch norm '{layer}' normalises each feature over the batch, so training needs at least 2 samples; use a larger batch, or set Training = false to run one sample in inference mode.");
        }
    }

    /// <summary>Checks that the parameters have not changed since the forward pass that backward would differentiate.</summary>
    public static void ParametersUnchanged(bool unchanged, string network)
    {
        if (!unchanged)
        {
            throw new InvalidOperationException(
                $"{network}: TrainStep updated the parameters after the last Forward, so its activations no longer match them; call Forward again before Backward.");
        }
    }
}
