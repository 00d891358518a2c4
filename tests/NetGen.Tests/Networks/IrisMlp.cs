using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>The Iris sample's network: four measurements, 16 ReLU units, three species with a fused softmax.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 32)]
[Input(4)]
[Dense(16, Activation = Activation.ReLU)]
[Dense(3, Activation = Activation.Softmax)]
public partial class IrisMlp
{
}
