using System;

namespace NetGen.Ops;

/// <summary>
/// A loss, written once and used by the generated code and the tests. <c>output</c> is the output layer's
/// stored values: logits for the losses with a fused softmax or sigmoid. Every loss is a mean, as in PyTorch.
/// </summary>
public interface ILoss
{
    /// <summary>The mean loss of <paramref name="batch"/> rows of <paramref name="width"/> outputs.</summary>
    float Forward(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int batch, int width);

    /// <summary>
    /// The mean loss, and its gradient with respect to <paramref name="output"/> written (not accumulated) into
    /// <paramref name="doutput"/>.
    /// </summary>
    float ForwardBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> doutput, int batch, int width);
}
