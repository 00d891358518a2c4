using System;

namespace NetGen.Data;

/// <summary>
/// Changes a training mini-batch in place, as torchvision's random transforms change each sample a training
/// <c>DataLoader</c> yields. <c>Trainer</c> calls it on its own copy of each training batch just before the training
/// step, and never on validation or evaluation data. Implementations run once per batch, so they should allocate
/// nothing per call.
/// </summary>
public interface IBatchTransform
{
    /// <summary>Floats per sample this transform works on; <c>Trainer</c> checks it against the network's <c>InputSize</c> when it is created.</summary>
    int SampleSize { get; }

    /// <summary>Transforms <paramref name="count"/> samples in place; <paramref name="batch"/> is exactly <c>count x SampleSize</c> floats.</summary>
    void Apply(Span<float> batch, int count);
}
