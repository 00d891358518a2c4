using NetGen;

namespace NetGen.Gpu.Tests;

/// <summary>A dense network with every activation, odd widths (not multiples of any tile) and a fused softmax.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 9, Seed = 5)]
[Input(13)]
[Dense(17, Activation = Activation.ReLU)]
[Dense(11, Activation = Activation.Tanh)]
[Dense(7, Activation = Activation.LeakyReLU, LeakySlope = 0.05)]
[Dense(6, Activation = Activation.Sigmoid)]
[Dense(4)]
public partial class GpuMlp
{
}

/// <summary>
/// Every CNN layer kind with a Flatten: conv with a non-square kernel, stride, dilation and no bias; batch norm after
/// conv and after dense; max and average pooling with padding; dropout.
/// </summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 8, Seed = 3)]
[Input(2, 9, 11)]
[Conv2D(4, KernelHeight = 3, KernelWidth = 5, PaddingHeight = 1, PaddingWidth = 2, Activation = Activation.Tanh)]
[BatchNorm(Activation = Activation.ReLU)]
[MaxPool2D(3, Stride = 1, Padding = 1)]
[Conv2D(3, Kernel = 3, Stride = 2, Dilation = 2, Padding = 2, Bias = false)]
[AvgPool2D(2, Padding = 1)]
[Flatten]
[Dense(6, Activation = Activation.Sigmoid)]
[BatchNorm]
[Dropout(0.5)]
[Dense(3)]
public partial class GpuCnn
{
}

/// <summary>The other spatial path: a leaky-ReLU convolution on the input, global average pooling, mean squared error.</summary>
[Network(Loss = Loss.MeanSquaredError, MaxBatch = 7)]
[Input(3, 6, 6)]
[Conv2D(5, Kernel = 3, Padding = 1, Activation = Activation.LeakyReLU, LeakySlope = 0.1)]
[MaxPool2D(2)]
[Conv2D(6, Kernel = 2, Activation = Activation.ReLU)]
[GlobalAvgPool2D]
[Dense(2)]
public partial class GpuGlobalPoolCnn
{
}

/// <summary>Binary cross-entropy with a fused sigmoid.</summary>
[Network(Loss = Loss.BinaryCrossEntropy, MaxBatch = 8)]
[Input(5)]
[Dense(4, Activation = Activation.LeakyReLU)]
[Dense(1, Activation = Activation.Sigmoid)]
public partial class GpuBinary
{
}

/// <summary>The README's MNIST CNN at full image size (5x5 kernels with padding, 215k parameters), for parity at scale.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 4)]
[Input(1, 28, 28)]
[Conv2D(16, Kernel = 5, Padding = 2, Activation = Activation.ReLU)]
[MaxPool2D(2)]
[Conv2D(32, Kernel = 5, Padding = 2, Activation = Activation.ReLU)]
[MaxPool2D(2)]
[Flatten]
[Dense(128, Activation = Activation.ReLU)]
[Dropout(0.25)]
[Dense(10)]
public partial class GpuMnistCnn
{
}
