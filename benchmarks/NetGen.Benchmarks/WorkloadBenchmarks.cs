using System;
using BenchmarkDotNet.Attributes;
using NetGen.Compare;
using NetGen.Optimizers;

namespace NetGen.Benchmarks;

/// <summary>Each workload's training step (SGD) and inference, at the batch sizes the issue tracks.</summary>
[MemoryDiagnoser]
public class WorkloadBenchmarks
{
    private readonly Mlp _mlp = new(seed: 1);
    private readonly Cnn _cnn = new(seed: 1);
    private readonly MlpS _mlpS = new(seed: 1);
    private readonly Sgd _mlpSgd = new(0.01f), _cnnSgd = new(0.01f), _mlpSSgd = new(0.01f);
    private float[] _images = Array.Empty<float>(), _digits = Array.Empty<float>(), _labels = Array.Empty<float>();
    private float[] _output = Array.Empty<float>();

    /// <summary>Random inputs in [0, 1) and labels, fixed by a seed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new System.Random(1);
        _images = new float[64 * 784];
        _digits = new float[32 * 64];
        _labels = new float[64];
        _output = new float[64 * 10];
        for (int i = 0; i < _images.Length; i++)
        {
            _images[i] = (float)random.NextDouble();
        }
        for (int i = 0; i < _digits.Length; i++)
        {
            _digits[i] = (float)random.NextDouble();
        }
        for (int i = 0; i < _labels.Length; i++)
        {
            _labels[i] = random.Next(10);
        }
    }

    /// <summary>MLP training step, batch 64.</summary>
    [Benchmark]
    public float MlpTrainStep64() => _mlp.TrainStep(_images, _labels, 64, _mlpSgd);

    /// <summary>CNN training step, batch 64.</summary>
    [Benchmark]
    public float CnnTrainStep64() => _cnn.TrainStep(_images, _labels, 64, _cnnSgd);

    /// <summary>MLP-S training step, batch 32.</summary>
    [Benchmark]
    public float MlpSTrainStep32() => _mlpS.TrainStep(_digits, _labels.AsSpan(0, 32), 32, _mlpSSgd);

    /// <summary>MLP inference, batch 1.</summary>
    [Benchmark]
    public void MlpForward1() => _mlp.Forward(_images.AsSpan(0, 784), _output.AsSpan(0, 10), 1);

    /// <summary>MLP inference, batch 64.</summary>
    [Benchmark]
    public void MlpForward64() => _mlp.Forward(_images, _output, 64);

    /// <summary>CNN inference, batch 1.</summary>
    [Benchmark]
    public void CnnForward1() => _cnn.Forward(_images.AsSpan(0, 784), _output.AsSpan(0, 10), 1);

    /// <summary>CNN inference, batch 64.</summary>
    [Benchmark]
    public void CnnForward64() => _cnn.Forward(_images, _output, 64);
}
