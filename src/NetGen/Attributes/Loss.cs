// This file is linked into NetGen.Generator as source: keep it free of runtime dependencies.
namespace NetGen;

/// <summary>The loss a network is trained with. Every loss is the mean over the batch, as in PyTorch.</summary>
public enum Loss
{
    /// <summary>
    /// Mean squared error, averaged over every output element (<c>torch.nn.MSELoss()</c>). Targets are
    /// <c>batch x outputs</c> floats.
    /// </summary>
    MeanSquaredError = 0,

    /// <summary>
    /// Softmax followed by the negative log-likelihood of integer class labels, averaged over the batch
    /// (<c>torch.nn.CrossEntropyLoss()</c>). Targets are one class index per sample.
    /// </summary>
    SoftmaxCrossEntropy = 1,

    /// <summary>
    /// Binary cross-entropy with a fused sigmoid, averaged over every output element
    /// (<c>torch.nn.BCEWithLogitsLoss()</c>). Targets are <c>batch x outputs</c> probabilities in [0, 1].
    /// </summary>
    BinaryCrossEntropy = 2,
}
