using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>The CNN of the convolution issue, on 28x28 MNIST digits.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 64)]
[Input(1, 28, 28)]
[Conv2D(16, Kernel = 5, Padding = 2, Activation = Activation.ReLU)]
[MaxPool2D(2)]
[Conv2D(32, Kernel = 5, Padding = 2, Activation = Activation.ReLU)]
[MaxPool2D(2)]
[Flatten]
[Dense(128, Activation = Activation.ReLU)]
[Dropout(0.25)]
[Dense(10)]
public partial class MnistCnn
{
}

/// <summary>Every new layer kind in one small network: conv with stride, dilation and a non-square kernel, both pools, batch norm after conv and dense, dropout.</summary>
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
public partial class EveryLayerNet
{
}

/// <summary>A convolution straight on the input, then global average pooling into the classifier.</summary>
[Network(Loss = Loss.MeanSquaredError, MaxBatch = 7)]
[Input(3, 6, 6)]
[Conv2D(5, Kernel = 3, Padding = 1, Activation = Activation.LeakyReLU, LeakySlope = 0.1)]
[GlobalAvgPool2D]
[Dense(2)]
public partial class GlobalPoolNet
{
}

/// <summary>
/// Every layer with parameters or a gradient of its own, with smooth activations only (no ReLU or max kinks), so
/// that central finite differences of the whole network are exact enough to check its backward pass.
/// </summary>
[Network(Loss = Loss.MeanSquaredError, MaxBatch = 7)]
[Input(2, 7, 9)]
[Conv2D(3, KernelHeight = 3, KernelWidth = 5, PaddingHeight = 1, PaddingWidth = 2, Activation = Activation.Tanh)]
[BatchNorm(Activation = Activation.Sigmoid)]
[AvgPool2D(3, Stride = 1, Padding = 1)]
[Conv2D(4, Kernel = 3, Stride = 2, Dilation = 2, Padding = 1, Activation = Activation.Tanh)]
[GlobalAvgPool2D]
[Dense(5, Activation = Activation.Tanh)]
[BatchNorm]
[Dense(2)]
public partial class SmoothCnn
{
}
