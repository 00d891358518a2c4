using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>The README's example: 8x8 digits, one hidden ReLU layer, softmax cross-entropy.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 64)]
[Input(64)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(10)]
public partial class DigitsMlp
{
}
