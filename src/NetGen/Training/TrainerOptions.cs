using NetGen.Data;

namespace NetGen.Training;

/// <summary>How a <see cref="Trainer"/> runs: epochs, mini-batch size, shuffling and its seed.</summary>
public sealed class TrainerOptions
{
    /// <summary>Passes over the training set per <see cref="Trainer.Fit"/> call (at least 1); 10 by default.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Samples per mini-batch, from 1 to the network's <c>MaxBatch</c>; 32 by default. The last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The seed of the shuffling order, so that a run can be repeated exactly; 0 by default.</summary>
    public long Seed { get; init; }

    /// <summary>Whether to visit the training samples in a new random order each epoch; true by default.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>
    /// A random transform (such as an <see cref="ImageAugmenter"/>) applied to the trainer's copy of each training
    /// mini-batch just before the training step, never to the data set itself nor to validation or evaluation
    /// batches; null (none) by default. Its <see cref="IBatchTransform.SampleSize"/> must be the network's input size.
    /// </summary>
    public IBatchTransform? Augmentation { get; init; }
}
