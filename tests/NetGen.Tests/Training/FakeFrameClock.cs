using System;
using System.Collections.Generic;
using NetGen.Optimizers;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>A clock that stands still except when a <see cref="ClockedNetwork"/> step advances it by a scripted cost.</summary>
internal sealed class FakeFrameClock : IFrameClock
{
    public long Now { get; set; }

    public long Frequency => 1_000_000; // one tick per microsecond

    public long GetTimestamp() => Now;
}

/// <summary>
/// A real network whose <see cref="TrainStep"/> also advances a <see cref="FakeFrameClock"/> by the next cost of a
/// script (the last one repeats), so that a test knows exactly what every step costs.
/// </summary>
internal sealed class ClockedNetwork : INetwork
{
    private readonly INetwork _inner;
    private readonly FakeFrameClock _clock;
    private long[] _costs;
    private int _next;

    public ClockedNetwork(INetwork inner, FakeFrameClock clock, params long[] costs)
    {
        _inner = inner;
        _clock = clock;
        _costs = costs;
    }

    /// <summary>Steps taken so far.</summary>
    public int Steps { get; private set; }

    /// <summary>Replaces the script of step costs, in clock ticks; the last one repeats.</summary>
    public void Script(params long[] costs)
    {
        _costs = costs;
        _next = 0;
    }

    public float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, Optimizer optimizer)
    {
        float loss = _inner.TrainStep(input, target, batch, optimizer);
        _clock.Now += _costs[Math.Min(_next, _costs.Length - 1)];
        _next++;
        Steps++;
        return loss;
    }

    public int InputSize => _inner.InputSize;
    public int OutputSize => _inner.OutputSize;
    public int TargetSize => _inner.TargetSize;
    public int MaxBatch => _inner.MaxBatch;
    public Loss Loss => _inner.Loss;
    public int ParameterCount => _inner.ParameterCount;
    public Span<float> Parameters => _inner.Parameters;
    public Span<float> Gradients => _inner.Gradients;
    public IReadOnlyList<TensorInfo> ParameterTensors => _inner.ParameterTensors;
    public Span<float> Buffers => _inner.Buffers;
    public IReadOnlyList<TensorInfo> BufferTensors => _inner.BufferTensors;
    public string ArchitectureHash => _inner.ArchitectureHash;
    public bool Training { get => _inner.Training; set => _inner.Training = value; }
    public NetworkRandomState RandomState { get => _inner.RandomState; set => _inner.RandomState = value; }
    public ReadOnlySpan<float> LastOutput => _inner.LastOutput;
    public void Initialize(long seed) => _inner.Initialize(seed);
    public void Forward(ReadOnlySpan<float> input, Span<float> output, int batch) => _inner.Forward(input, output, batch);
    public float ComputeLoss(ReadOnlySpan<float> target, int batch) => _inner.ComputeLoss(target, batch);
    public float Backward(ReadOnlySpan<float> target, int batch) => _inner.Backward(target, batch);
    public float ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, bool accumulate = false, float scale = 1f) =>
        _inner.ComputeGradients(input, target, batch, accumulate, scale);
    public void ZeroGradients() => _inner.ZeroGradients();
}
