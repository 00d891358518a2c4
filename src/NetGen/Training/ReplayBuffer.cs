using System;
using System.Runtime.InteropServices;
using NetGen.Random;

namespace NetGen.Training;

/// <summary>
/// A fixed-capacity ring of training samples (an input and its target each) that a game or app fills as it runs and a
/// <see cref="FrameBudgetTrainer"/> draws mini-batches from. Storage is allocated once, here; once full, each
/// <see cref="Add(ReadOnlySpan{float}, ReadOnlySpan{float})"/> overwrites the oldest sample. Nothing allocates after
/// construction.
/// </summary>
public sealed class ReplayBuffer
{
    private const int MaxArrayLength = 0x7FFFFFC7; // Array.MaxLength, written out for runtimes older than .NET 6

    private readonly float[] _inputs;  // (Capacity, InputSize)
    private readonly float[] _targets; // (Capacity, TargetSize)
    private int _next;                 // the slot the next sample goes to

    /// <summary>Creates an empty buffer of <paramref name="capacity"/> samples.</summary>
    /// <param name="capacity">The most samples kept (at least 1).</param>
    /// <param name="inputSize">Floats in one input, the network's <see cref="INetwork.InputSize"/>.</param>
    /// <param name="targetSize">Floats in one target, the network's <see cref="INetwork.TargetSize"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    public ReplayBuffer(int capacity, int inputSize, int targetSize)
    {
        Positive(capacity, nameof(capacity));
        Positive(inputSize, nameof(inputSize));
        Positive(targetSize, nameof(targetSize));
        if ((long)capacity * Math.Max(inputSize, targetSize) > MaxArrayLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(capacity), capacity,
                $"A replay buffer of {capacity} samples of {Math.Max(inputSize, targetSize)} floats does not fit in one array; lower the capacity.");
        }
        Capacity = capacity;
        InputSize = inputSize;
        TargetSize = targetSize;
        _inputs = new float[capacity * inputSize];
        _targets = new float[capacity * targetSize];
    }

    /// <summary>Creates an empty buffer of <paramref name="capacity"/> samples shaped for <paramref name="network"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public static ReplayBuffer For(INetwork network, int capacity)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new ReplayBuffer(capacity, network.InputSize, network.TargetSize);
    }

    /// <summary>The most samples kept.</summary>
    public int Capacity { get; }

    /// <summary>Floats in one input.</summary>
    public int InputSize { get; }

    /// <summary>Floats in one target.</summary>
    public int TargetSize { get; }

    /// <summary>Samples held now: the samples added so far, up to <see cref="Capacity"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Samples added since creation or the last <see cref="Clear"/>, including those overwritten.</summary>
    public long Added { get; private set; }

    /// <summary>Adds a sample, overwriting the oldest once the buffer is full.</summary>
    /// <exception cref="ArgumentException">A span's length is not <see cref="InputSize"/> or <see cref="TargetSize"/>.</exception>
    public void Add(ReadOnlySpan<float> input, ReadOnlySpan<float> target)
    {
        Length(input.Length, 1, InputSize, nameof(input));
        Length(target.Length, 1, TargetSize, nameof(target));
        input.CopyTo(_inputs.AsSpan(_next * InputSize, InputSize));
        target.CopyTo(_targets.AsSpan(_next * TargetSize, TargetSize));
        _next = _next + 1 == Capacity ? 0 : _next + 1;
        Count = Math.Min(Count + 1, Capacity);
        Added++;
    }

    /// <summary>Adds a sample whose target is one value, such as a class index for softmax cross-entropy.</summary>
    /// <exception cref="ArgumentException"><see cref="TargetSize"/> is not 1, or the input's length is not <see cref="InputSize"/>.</exception>
    public void Add(ReadOnlySpan<float> input, float target) => Add(input, MemoryMarshal.CreateReadOnlySpan(ref target, 1));

    /// <summary>The input of the sample in slot <paramref name="index"/> (slots are reused once the buffer is full).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public ReadOnlySpan<float> Input(int index) => _inputs.AsSpan(Slot(index) * InputSize, InputSize);

    /// <summary>The target of the sample in slot <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, <see cref="Count"/>).</exception>
    public ReadOnlySpan<float> Target(int index) => _targets.AsSpan(Slot(index) * TargetSize, TargetSize);

    /// <summary>Forgets every sample; the storage is kept.</summary>
    public void Clear()
    {
        Count = 0;
        Added = 0;
        _next = 0;
    }

    /// <summary>
    /// Copies <paramref name="batch"/> samples drawn uniformly with replacement into <paramref name="inputs"/>
    /// (<c>batch x InputSize</c>) and <paramref name="targets"/> (<c>batch x TargetSize</c>), advancing
    /// <paramref name="rng"/>: the same generator state draws the same samples.
    /// </summary>
    /// <exception cref="InvalidOperationException">The buffer is empty.</exception>
    /// <exception cref="ArgumentException">A span's length does not match <paramref name="batch"/>.</exception>
    public void Sample(ref Rng rng, Span<float> inputs, Span<float> targets, int batch)
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("The replay buffer is empty; Add samples before drawing a mini-batch.");
        }
        Positive(batch, nameof(batch));
        Length(inputs.Length, batch, InputSize, nameof(inputs));
        Length(targets.Length, batch, TargetSize, nameof(targets));
        for (int b = 0; b < batch; b++)
        {
            int slot = rng.NextInt(Count);
            _inputs.AsSpan(slot * InputSize, InputSize).CopyTo(inputs.Slice(b * InputSize, InputSize));
            _targets.AsSpan(slot * TargetSize, TargetSize).CopyTo(targets.Slice(b * TargetSize, TargetSize));
        }
    }

    private int Slot(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The buffer holds {Count} samples; pass an index from 0 to {Count - 1}.");
        }
        return index;
    }

    private static void Positive(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
        }
    }

    // Checks that a span holds `count` samples of `size` floats, in 64 bits: a product that wrapped around in 32 bits
    // could match a short span and pass. The message is built only when it throws.
    private static void Length(int actual, int count, int size, string name)
    {
        long needed = (long)count * size;
        if (actual != needed)
        {
            throw new ArgumentException(
                $"{name} has {actual} floats but this replay buffer needs {count} x {size} = {needed}; slice it to that length.", name);
        }
    }
}
