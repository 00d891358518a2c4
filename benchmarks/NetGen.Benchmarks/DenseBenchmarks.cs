using System;
using BenchmarkDotNet.Attributes;
using NetGen.Optimizers;

namespace NetGen.Benchmarks;

/// <summary>The MLP workload (784-128-10, ReLU, softmax cross-entropy, SGD): a training step and inference.</summary>
[MemoryDiagnoser]
public class DenseBenchmarks
{
    private readonly Mlp _network = new(seed: 1);
    private readonly Sgd _optimizer = new(0.01f);
    private float[] _input = Array.Empty<float>();
    private float[] _labels = Array.Empty<float>();
    private float[] _output = Array.Empty<float>();

    /// <summary>Samples per call.</summary>
    [Params(1, 64)]
    public int Batch { get; set; }

    /// <summary>Random inputs in [0, 1) and labels, fixed by a seed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new System.Random(1);
        _input = new float[Batch * Mlp.InputSize];
        _labels = new float[Batch];
        _output = new float[Batch * Mlp.OutputSize];
        for (int i = 0; i < _input.Length; i++)
        {
            _input[i] = (float)random.NextDouble();
        }
        for (int i = 0; i < Batch; i++)
        {
            _labels[i] = random.Next(Mlp.OutputSize);
        }
    }

    /// <summary>Forward, loss, backward and the SGD update.</summary>
    [Benchmark]
    public float TrainStep() => _network.TrainStep(_input, _labels, Batch, _optimizer);

    /// <summary>Inference only.</summary>
    [Benchmark]
    public void Forward() => _network.Forward(_input, _output, Batch);
}

/// <summary>The MLP workload of the performance issue.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 64)]
[Input(784)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(10)]
public partial class Mlp
{
}
