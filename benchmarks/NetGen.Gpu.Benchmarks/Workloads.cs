using NetGen;

namespace NetGen.Gpu.Benchmarks;

// The performance issue's CNN and MLP workloads (benchmarks/compare/Networks.cs, docs/benchmarks.md), declared again
// only because MaxBatch is part of a declaration: the GPU benchmark runs them at batches up to 1024, the CPU runner at 64.

/// <summary>CNN: 1x28x28 -> conv 3x3 8 (ReLU) -> pool 2 -> conv 3x3 16 (ReLU) -> pool 2 -> flatten 400 -> 10.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 1024)]
[Input(1, 28, 28)]
[Conv2D(8, Kernel = 3, Activation = Activation.ReLU)]
[MaxPool2D(2)]
[Conv2D(16, Kernel = 3, Activation = Activation.ReLU)]
[MaxPool2D(2)]
[Flatten]
[Dense(10)]
public partial class GpuBenchCnn
{
}

/// <summary>MLP: 784 -> 128 (ReLU) -> 10.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 1024)]
[Input(784)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(10)]
public partial class GpuBenchMlp
{
}
