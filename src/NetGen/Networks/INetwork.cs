using System;
using System.Collections.Generic;
using NetGen.Optimizers;

namespace NetGen;

/// <summary>
/// What every generated network offers, so that the runtime's <c>Trainer</c> can drive any of
/// them. Spans passed in are exactly <c>batch</c> samples long; anything else throws before any state changes.
/// </summary>
public interface INetwork
{
    /// <summary>Floats in one input sample.</summary>
    int InputSize { get; }

    /// <summary>Floats in one output sample.</summary>
    int OutputSize { get; }

    /// <summary>Floats in one target sample: 1 (a class index) for softmax cross-entropy, else <see cref="OutputSize"/>.</summary>
    int TargetSize { get; }

    /// <summary>The largest batch accepted.</summary>
    int MaxBatch { get; }

    /// <summary>The loss <see cref="TrainStep"/> minimises.</summary>
    Loss Loss { get; }

    /// <summary>The number of trainable parameters (the length of <see cref="Parameters"/>).</summary>
    int ParameterCount { get; }

    /// <summary>The parameter arena: every layer's weights and biases at fixed offsets, PyTorch layouts.</summary>
    Span<float> Parameters { get; }

    /// <summary>The gradient arena, laid out like <see cref="Parameters"/>; filled by <see cref="Backward"/>.</summary>
    Span<float> Gradients { get; }

    /// <summary>The named tensors of the parameter arena (<c>fc1.weight</c>...), in arena order.</summary>
    IReadOnlyList<TensorInfo> ParameterTensors { get; }

    /// <summary>
    /// The output layer's stored values for the last forward pass, <c>batch x OutputSize</c>: logits when the loss
    /// fuses a softmax or sigmoid, otherwise the same values <see cref="Forward"/> returned.
    /// </summary>
    ReadOnlySpan<float> LastOutput { get; }

    /// <summary>Re-initialises every parameter deterministically from <paramref name="seed"/>.</summary>
    void Initialize(long seed);

    /// <summary>Runs the network on <paramref name="batch"/> samples and writes their outputs.</summary>
    void Forward(ReadOnlySpan<float> input, Span<float> output, int batch);

    /// <summary>The loss of the last forward pass against <paramref name="target"/>, without gradients.</summary>
    float ComputeLoss(ReadOnlySpan<float> target, int batch);

    /// <summary>Zeroes the gradients and back-propagates the loss of the last forward pass; returns the loss.</summary>
    float Backward(ReadOnlySpan<float> target, int batch);

    /// <summary>Forward, loss, backward and the optimizer's update, in one call that allocates nothing; returns the loss.</summary>
    float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, Optimizer optimizer);
}
