using System;
using System.Collections.Generic;
using NetGen.Optimizers;

namespace NetGen;

/// <summary>
/// What every generated network offers, so that the runtime's <c>Trainer</c> can drive any of
/// them. Spans passed in are exactly <c>batch</c> samples long; anything else throws before any state changes.
/// </summary>
/// <remarks>
/// A network is used by one thread at a time: generated networks throw <see cref="InvalidOperationException"/> when a
/// call overlaps another thread's (<see cref="ExclusiveUse"/>). An optimizer updates one network
/// (<see cref="Optimizer.Attach"/>).
/// </remarks>
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

    /// <summary>The buffer arena: state that is not trained, such as batch norm's running statistics.</summary>
    Span<float> Buffers { get; }

    /// <summary>The named tensors of the buffer arena (<c>bn1.running_mean</c>...), in arena order.</summary>
    IReadOnlyList<TensorInfo> BufferTensors { get; }

    /// <summary>
    /// A hash of the architecture (layers, shapes, tensor names and options), written into checkpoints so that one
    /// network's weights are never loaded into another.
    /// </summary>
    string ArchitectureHash { get; }

    /// <summary>Whether <see cref="Forward"/> runs in training mode (batch statistics, dropout) or inference mode.</summary>
    bool Training { get; set; }

    /// <summary>
    /// The state of the network's own random numbers (dropout masks): the seed and the count of training passes.
    /// Saved in training checkpoints so that a resumed run draws the same masks.
    /// </summary>
    NetworkRandomState RandomState { get; set; }

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

    /// <summary>
    /// A training forward pass and backward pass without the update: adds <paramref name="scale"/> times this batch's
    /// gradients to <see cref="Gradients"/> when <paramref name="accumulate"/> is true, or replaces them. For gradient
    /// clipping and accumulation over micro-batches; the caller then steps the optimizer. Returns the loss.
    /// </summary>
    /// <exception cref="NonFiniteException">
    /// The loss, an activation, a gradient or a running statistic is not finite (a non-finite parameter behind it is
    /// named): the parameters and buffers are unchanged, and the gradients are zeroed (an accumulation restarts).
    /// </exception>
    float ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, bool accumulate = false, float scale = 1f);

    /// <summary>Sets every gradient to zero.</summary>
    void ZeroGradients();

    /// <summary>
    /// Records that the parameters or buffers were written from outside (a checkpoint loaded, values copied in through
    /// <see cref="Parameters"/>), so that the last forward pass no longer matches them: <see cref="Backward"/> then asks
    /// for a new <see cref="Forward"/> instead of differentiating stale activations. <c>Checkpoint.Load</c> calls it; a
    /// writer through the spans must call it itself, as the network cannot see such writes.
    /// </summary>
    void MarkParametersChanged()
    {
    }

    /// <summary>Forward, loss, backward and the optimizer's update, in one call that allocates nothing; returns the loss.</summary>
    /// <exception cref="NonFiniteException">
    /// The loss, an activation, a gradient or a running statistic is not finite (a non-finite parameter behind it is
    /// named): nothing is updated, and the parameters, buffers and optimizer state are as they were. Or the update
    /// itself overflowed (<see cref="NonFiniteException.UpdateApplied"/>), which the exception says.
    /// </exception>
    /// <exception cref="ArgumentException">The optimizer updates another network, or an argument is out of range.</exception>
    float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, Optimizer optimizer);
}
