using System;
using BenchmarkDotNet.Attributes;
using NetGen.Kernels;
using NetGen.Ops;

namespace NetGen.Benchmarks;

/// <summary>Every kernel on the workloads' shapes at batch 64: dense, convolution, pooling, batch norm, dropout, activations.</summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private const int Batch = 64;
    private static readonly Conv2DShape Conv = new(8, 13, 13, 16, 3, 3, 1, 1, 0, 0, 1, 1);
    private static readonly Pool2DShape Pool = new(8, 26, 26, 2, 2, 2, 2, 0, 0);
    private float[] _x = Array.Empty<float>(), _w = Array.Empty<float>(), _b = Array.Empty<float>(), _y = Array.Empty<float>();
    private float[] _dy = Array.Empty<float>(), _dx = Array.Empty<float>(), _dw = Array.Empty<float>(), _db = Array.Empty<float>();
    private float[] _scratch = Array.Empty<float>(), _poolIn = Array.Empty<float>(), _poolOut = Array.Empty<float>();
    private float[] _stats = Array.Empty<float>(), _mask = Array.Empty<float>();
    private int[] _argmax = Array.Empty<int>();

    /// <summary>Random buffers sized for the largest kernel.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new System.Random(1);
        float[] Random(int n)
        {
            var values = new float[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = (float)(random.NextDouble() - 0.5);
            }
            return values;
        }
        _x = Random(Batch * 784);
        _w = Random(128 * 784);
        _b = Random(128);
        _y = new float[Batch * 2704];
        _dy = Random(Batch * 2704);
        _dx = new float[Batch * 784];
        _dw = new float[128 * 784];
        _db = new float[128];
        _scratch = new float[Conv.ScratchSize];
        _poolIn = Random(Batch * Pool.InSize);
        _poolOut = new float[Batch * Pool.OutSize];
        _argmax = new int[Batch * Pool.OutSize];
        _stats = new float[4 * 128];
        _mask = new float[Batch * 128];
    }

    /// <summary>Dense 784 -> 128 forward with bias and ReLU.</summary>
    [Benchmark]
    public void DenseForward() => DenseKernels.Forward(_x, _w, _b, _y.AsSpan(0, Batch * 128), Batch, 784, 128, default(ReluActivation));

    /// <summary>Dense 784 -> 128 backward (weight, bias and input gradients).</summary>
    [Benchmark]
    public void DenseBackward() => DenseKernels.Backward(
        _x, _w, _y.AsSpan(0, Batch * 128), _dy.AsSpan(0, Batch * 128), _dx, _dw, _db, Batch, 784, 128, default(ReluActivation));

    /// <summary>The CNN's second convolution forward (8x13x13 -> 16x11x11, 3x3, ReLU).</summary>
    [Benchmark]
    public void ConvForward() => Conv2DKernels.Forward(
        _x.AsSpan(0, Batch * Conv.InSize), _w.AsSpan(0, Conv.WeightSize), _b.AsSpan(0, 16), _y.AsSpan(0, Batch * Conv.OutSize),
        _scratch, Conv, Batch, default(ReluActivation));

    /// <summary>The CNN's second convolution backward, with the input gradient.</summary>
    [Benchmark]
    public void ConvBackward() => Conv2DKernels.Backward(
        _x.AsSpan(0, Batch * Conv.InSize), _w.AsSpan(0, Conv.WeightSize), _y.AsSpan(0, Batch * Conv.OutSize), _dy.AsSpan(0, Batch * Conv.OutSize),
        _dx.AsSpan(0, Batch * Conv.InSize), _dw.AsSpan(0, Conv.WeightSize), _db.AsSpan(0, 16), _scratch, Conv, Batch, default(ReluActivation));

    /// <summary>The CNN's first max pool forward (8x26x26 -> 8x13x13).</summary>
    [Benchmark]
    public void MaxPoolForward() => Pool2DKernels.MaxForward(_poolIn, _poolOut, _argmax, Pool, Batch);

    /// <summary>The CNN's first max pool backward.</summary>
    [Benchmark]
    public void MaxPoolBackward() => Pool2DKernels.MaxBackward(_poolOut, _poolIn, _argmax, Pool, Batch);

    /// <summary>Batch norm over 128 features, training forward.</summary>
    [Benchmark]
    public void BatchNormTrainingForward() => BatchNormKernels.TrainingForward(
        _x.AsSpan(0, Batch * 128), _y.AsSpan(0, Batch * 128), _w.AsSpan(0, 128), _b,
        _stats.AsSpan(0, 128), _stats.AsSpan(128, 128), _stats.AsSpan(256, 128), _stats.AsSpan(384, 128),
        128, 1, Batch, 0.1f, 1e-5f, default(IdentityActivation));

    /// <summary>Dropout over 64 x 128 values, training forward.</summary>
    [Benchmark]
    public void DropoutForward() => DropoutKernels.TrainingForward(_x.AsSpan(0, Batch * 128), _y.AsSpan(0, Batch * 128), _mask, 0.25f, 1, 1);

    /// <summary>The ReLU epilogue over 64 x 2704 values.</summary>
    [Benchmark]
    public void ReluForward() => default(ReluActivation).Forward(_dy.AsSpan());
}
