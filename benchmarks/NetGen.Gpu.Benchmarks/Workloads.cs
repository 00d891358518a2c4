using NetGen;

namespace NetGen.Gpu.Benchmarks;

/// <summary>The README's MNIST CNN (two conv-pool stages, dense with dropout), sized for batches up to 1024.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 1024)]
[Input(1, 28, 28)]
[Conv2D(16, Kernel = 5, Padding = 2, Activation = Activation.ReLU)]
[MaxPool2D(2)]
[Conv2D(32, Kernel = 5, Padding = 2, Activation = Activation.ReLU)]
[MaxPool2D(2)]
[Flatten]
[Dense(128, Activation = Activation.ReLU)]
[Dropout(0.25)]
[Dense(10)]
public partial class GpuBenchCnn
{
}

/// <summary>An MNIST MLP, 784-256-128-10.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 1024)]
[Input(784)]
[Dense(256, Activation = Activation.ReLU)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(10)]
public partial class GpuBenchMlp
{
}
