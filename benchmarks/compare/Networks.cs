using NetGen;

namespace NetGen.Compare;

/// <summary>MLP: 784 -> 128 (ReLU) -> 10, softmax cross-entropy; the MNIST-sized perceptron.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 64)]
[Input(784)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(10)]
public partial class Mlp
{
}

/// <summary>CNN: 1x28x28 -> conv 3x3 8 (ReLU) -> pool 2 -> conv 3x3 16 (ReLU) -> pool 2 -> flatten 400 -> 10.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 64)]
[Input(1, 28, 28)]
[Conv2D(8, Kernel = 3, Activation = Activation.ReLU)]
[MaxPool2D(2)]
[Conv2D(16, Kernel = 3, Activation = Activation.ReLU)]
[MaxPool2D(2)]
[Flatten]
[Dense(10)]
public partial class Cnn
{
}

/// <summary>MLP-S: 64 -> 128 (ReLU) -> 64 (ReLU) -> 10, a small perceptron where per-call overhead dominates.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 32)]
[Input(64)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(64, Activation = Activation.ReLU)]
[Dense(10)]
public partial class MlpS
{
}
