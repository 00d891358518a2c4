using System;
using System.Collections.Generic;
using NetGen.Ops;
using NetGen.Optimizers;
using NetGen.Random;

namespace NetGen.Tests.Training;

/// <summary>
/// A hand-written <see cref="INetwork"/> for the trainer tests: a linear softmax classifier, logits = x W^T + b,
/// with its backward pass written out, so the tests need no generated code. It checks its arguments the way
/// generated networks do, records the first feature of every sample it trains on, and allocates nothing per step
/// unless recording is on.
/// </summary>
internal sealed class LinearSoftmaxNetwork : INetwork
{
    private readonly float[] _params;  // weight (classes, inputs), then bias (classes)
    private readonly float[] _grads;
    private readonly float[] _inp;     // (maxBatch, inputs): the last forward's input, kept for backward
    private readonly float[] _logits;  // (maxBatch, classes)
    private readonly float[] _probs;   // (maxBatch, classes)
    private int _lastBatch;

    public LinearSoftmaxNetwork(int inputs, int classes, int maxBatch)
    {
        InputSize = inputs;
        OutputSize = classes;
        MaxBatch = maxBatch;
        _params = new float[classes * inputs + classes];
        _grads = new float[_params.Length];
        _inp = new float[maxBatch * inputs];
        _logits = new float[maxBatch * classes];
        _probs = new float[maxBatch * classes];
        Initialize(0);
    }

    /// <summary>When set, <see cref="TrainStep"/> appends each sample's first feature here (this allocates).</summary>
    public List<float>? SeenFirstFeatures { get; set; }

    /// <summary>The batch sizes <see cref="TrainStep"/> was called with, when set.</summary>
    public List<int>? SeenBatches { get; set; }

    public int InputSize { get; }
    public int OutputSize { get; }
    public int TargetSize => 1;
    public int MaxBatch { get; }
    public Loss Loss => Loss.SoftmaxCrossEntropy;
    public int ParameterCount => _params.Length;
    public Span<float> Parameters => _params;
    public Span<float> Gradients => _grads;
    public IReadOnlyList<TensorInfo> ParameterTensors => new[]
    {
        new TensorInfo("fc.weight", 0, TensorRole.Weight, OutputSize, InputSize),
        new TensorInfo("fc.bias", OutputSize * InputSize, TensorRole.Bias, OutputSize),
    };
    public Span<float> Buffers => Span<float>.Empty;
    public IReadOnlyList<TensorInfo> BufferTensors => Array.Empty<TensorInfo>();
    public string ArchitectureHash => "linear-softmax-test-double";
    public bool Training { get; set; }
    public NetworkRandomState RandomState { get; set; }
    public ReadOnlySpan<float> LastOutput => _logits.AsSpan(0, _lastBatch * OutputSize);

    public void Initialize(long seed)
    {
        var rng = new Rng(seed);
        float bound = 1f / MathF.Sqrt(InputSize);
        for (int i = 0; i < OutputSize * InputSize; i++)
        {
            _params[i] = rng.NextFloat(-bound, bound);
        }
        Array.Clear(_params, OutputSize * InputSize, OutputSize);
    }

    /// <summary>When set, every <see cref="Forward"/> throws it: a pass that fails half-way through a loop.</summary>
    public Exception? ForwardFault { get; set; }

    public void Forward(ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        if (ForwardFault is { } fault)
        {
            throw fault;
        }
        NetworkGuard.Batch(batch, MaxBatch, nameof(LinearSoftmaxNetwork));
        NetworkGuard.Length(input.Length, batch, InputSize, "input", nameof(LinearSoftmaxNetwork));
        NetworkGuard.Length(output.Length, batch, OutputSize, "output", nameof(LinearSoftmaxNetwork));
        input.CopyTo(_inp);
        int inputs = InputSize, classes = OutputSize;
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < classes; c++)
            {
                float sum = _params[classes * inputs + c];
                for (int i = 0; i < inputs; i++)
                {
                    sum += _params[c * inputs + i] * input[n * inputs + i];
                }
                _logits[n * classes + c] = sum;
            }
        }
        Softmax.Forward(_logits, _probs, batch, classes);
        _probs.AsSpan(0, batch * classes).CopyTo(output);
        _lastBatch = batch;
    }

    public float ComputeLoss(ReadOnlySpan<float> target, int batch)
    {
        NetworkGuard.ForwardRan(_lastBatch, batch, nameof(LinearSoftmaxNetwork));
        NetworkGuard.Length(target.Length, batch, 1, "target", nameof(LinearSoftmaxNetwork));
        float loss = 0;
        for (int n = 0; n < batch; n++)
        {
            loss -= MathF.Log(MathF.Max(_probs[n * OutputSize + (int)target[n]], 1e-30f));
        }
        return loss / batch;
    }

    public float Backward(ReadOnlySpan<float> target, int batch)
    {
        float loss = ComputeLoss(target, batch);
        Array.Clear(_grads);
        int inputs = InputSize, classes = OutputSize;
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < classes; c++)
            {
                // d loss / d logit = (softmax - onehot) / batch, the fused softmax + cross-entropy gradient.
                float dlogit = (_probs[n * classes + c] - (c == (int)target[n] ? 1f : 0f)) / batch;
                for (int i = 0; i < inputs; i++)
                {
                    _grads[c * inputs + i] += dlogit * _inp[n * inputs + i];
                }
                _grads[classes * inputs + c] += dlogit;
            }
        }
        return loss;
    }

    public float ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, bool accumulate = false, float scale = 1f)
    {
        float[]? previous = accumulate ? (float[])_grads.Clone() : null;
        Forward(input, _probs.AsSpan(0, batch * OutputSize), batch);
        float loss = Backward(target, batch);
        for (int i = 0; i < _grads.Length; i++)
        {
            _grads[i] = _grads[i] * scale + (previous?[i] ?? 0f);
        }
        return loss;
    }

    public void ZeroGradients() => Array.Clear(_grads);

    public float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, Optimizer optimizer)
    {
        Forward(input, _probs.AsSpan(0, batch * OutputSize), batch);
        float loss = Backward(target, batch);
        optimizer.Step(_params, _grads);
        SeenBatches?.Add(batch);
        for (int n = 0; SeenFirstFeatures is not null && n < batch; n++)
        {
            SeenFirstFeatures.Add(input[n * InputSize]);
        }
        return loss;
    }
}
