namespace NetGen.Tests.Reference;

/// <summary>
/// One dense layer of a <see cref="ReferenceMlp"/>: <c>out = act(inp W^T + b)</c>, W stored <c>(out, in)</c>.
/// <paramref name="Activation"/> is the declared one; on the output layer Softmax (with softmax cross-entropy)
/// and Sigmoid (with binary cross-entropy) are fused into the loss, as NetGen does.
/// </summary>
public sealed record ReferenceLayer(int InFeatures, int OutFeatures, Activation Activation, bool HasBias = true, double LeakySlope = 0.01)
{
    /// <summary>The number of weights, <c>out x in</c>.</summary>
    public int WeightCount => InFeatures * OutFeatures;

    /// <summary>The number of biases: <c>out</c>, or 0 without bias.</summary>
    public int BiasCount => HasBias ? OutFeatures : 0;
}
