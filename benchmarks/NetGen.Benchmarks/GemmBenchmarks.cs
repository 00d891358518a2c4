using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using NetGen.Kernels;
using NetGen.Threading;

namespace NetGen.Benchmarks;

/// <summary>
/// <see cref="Gemm"/> on the MLP's and the CNN's shapes, on one and two threads. GFLOP/s = <c>2 m n k / time</c>; a
/// shape names the form and <c>m x n x k</c>.
/// </summary>
/// <remarks>
/// MLP 784 -> 128 -> 10 at batch 64: forward <c>Nt 64x128x784</c> and <c>Nt 64x10x128</c>, weight gradients
/// <c>Tn 128x784x64</c> and <c>Tn 10x128x64</c>, input gradient of the small layer <c>Nn 64x128x10</c>. CNN, per
/// sample, 5 x 5 convolutions with 16 channels on 28 x 28 and 32 channels on 14 x 14: forward <c>Nn 16x784x25</c> and
/// <c>Nn 32x196x400</c>, weight gradients <c>Nt 16x25x784</c> and <c>Nt 32x400x196</c>, input gradient (col2im's
/// input) <c>Tn 400x196x32</c>.
/// </remarks>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = Array.Empty<float>(), _b = Array.Empty<float>(), _c = Array.Empty<float>();
    private string _form = "";
    private int _m, _n, _k;
    private ParallelCosts? _savedCosts;

    /// <summary>The product: form, then <c>m x n x k</c>.</summary>
    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = "";

    /// <summary>
    /// The number of threads each product is split over: <see cref="Parallelism.MaxDegree"/> caps it, and costs that
    /// make every split pay force it, so that this row times the split itself rather than the default rule's choice.
    /// </summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>The MLP's and the CNN's products (see the remarks).</summary>
    public static IEnumerable<string> Shapes() => new[]
    {
        "Nt 64x128x784", "Tn 128x784x64", "Nt 64x10x128", "Tn 10x128x64", "Nn 64x128x10",
        "Nn 16x784x25", "Nt 16x25x784", "Nn 32x196x400", "Nt 32x400x196", "Tn 400x196x32",
    };

    /// <summary>Random operands for <see cref="Shape"/>; the thread count.</summary>
    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Shape.Split(' ');
        string[] dims = parts[1].Split('x');
        _form = parts[0];
        (_m, _n, _k) = (int.Parse(dims[0]), int.Parse(dims[1]), int.Parse(dims[2]));
        var random = new System.Random(1);
        float[] Random(int count)
        {
            var values = new float[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = (float)(random.NextDouble() - 0.5);
            }
            return values;
        }
        _a = Random(_m * _k);
        _b = Random(_k * _n);
        _c = Random(_m * _n);
        _savedCosts = Parallelism.Costs;
        Parallelism.MaxDegree = Threads;
        Parallelism.Costs = new ParallelCosts(flopsPerNanosecond: 1, wakeNanoseconds: 0, helperEfficiency: 1, nanosecondsPerByte: 0);
    }

    /// <summary>Restores the default degree and the measured costs.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        Parallelism.MaxDegree = Environment.ProcessorCount;
        Parallelism.Costs = _savedCosts!;
    }

    /// <summary><c>C += op(A) op(B)</c>.</summary>
    [Benchmark]
    public void Multiply()
    {
        switch (_form)
        {
            case "Nn":
                Gemm.Nn(_m, _n, _k, _a, _b, _c);
                break;
            case "Tn":
                Gemm.Tn(_m, _n, _k, _a, _b, _c);
                break;
            default:
                Gemm.Nt(_m, _n, _k, _a, _b, _c);
                break;
        }
    }
}
