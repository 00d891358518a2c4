using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>A small classifier for the frame-budgeted trainer's tests: two features, eight tanh units, two classes.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 16)]
[Input(2)]
[Dense(8, Activation = Activation.Tanh)]
[Dense(2)]
public partial class FrameNet
{
}
