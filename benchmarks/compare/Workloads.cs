using System;

namespace NetGen.Compare;

/// <summary>One of the three networks: how to build it, its sample shape, and its dense layers for FLOP counting.</summary>
public sealed record Workload(string Id, string Label, int[] SampleShape, int MaxBatch, Func<INetwork> Create)
{
    /// <summary>The networks are initialised from this seed; the checkpoint carries the weights to PyTorch and ONNX.</summary>
    public const long Seed = 42;

    /// <summary>Classes (output floats per sample) of every workload.</summary>
    public const int Classes = 10;

    /// <summary>Floats in one input sample.</summary>
    public int SampleSize
    {
        get
        {
            int n = 1;
            foreach (int d in SampleShape)
            {
                n *= d;
            }
            return n;
        }
    }

    /// <summary>784 -> 128 (ReLU) -> 10.</summary>
    public static readonly Workload Mlp = new("mlp", "MLP", new[] { 784 }, 64, () => new Mlp(Seed));

    /// <summary>1x28x28 -> conv 8 -> pool -> conv 16 -> pool -> 10.</summary>
    public static readonly Workload Cnn = new("cnn", "CNN", new[] { 1, 28, 28 }, 64, () => new Cnn(Seed));

    /// <summary>64 -> 128 (ReLU) -> 64 (ReLU) -> 10.</summary>
    public static readonly Workload MlpS = new("mlps", "MLP-S", new[] { 64 }, 32, () => new MlpS(Seed));

    /// <summary>All three, in table order.</summary>
    public static readonly Workload[] All = { Mlp, Cnn, MlpS };

    /// <summary>
    /// The multiply-add FLOPs of one CNN sample's forward pass: conv 3x3 1 -> 8 over 26x26 outputs, conv 3x3 8 -> 16 over
    /// 11x11 outputs, dense 400 -> 10 (2 per multiply-add; pooling, bias and activations left out, as for the peak).
    /// </summary>
    public const long CnnForwardFlops = 2L * 26 * 26 * 8 * 9 + 2L * 11 * 11 * 16 * 8 * 9 + 2L * 400 * 10;

    /// <summary>
    /// The GEMM FLOPs one training step of a perceptron needs, from its layer widths: per layer the forward product
    /// and the weight-gradient product (2 B in out each), and the input-gradient product (2 B in out) for every layer
    /// but the first, whose input needs no gradient. Bias, activation, loss and update are left out: they are not
    /// FMA work, and the peak they are compared with counts FMAs only.
    /// </summary>
    public static long DenseTrainingFlops(int batch, params int[] widths)
    {
        long flops = 0;
        for (int l = 0; l + 1 < widths.Length; l++)
        {
            long product = 2L * batch * widths[l] * widths[l + 1];
            flops += l == 0 ? 2 * product : 3 * product;
        }
        return flops;
    }
}
