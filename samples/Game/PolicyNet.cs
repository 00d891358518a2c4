using NetGen;

namespace Samples.Game;

/// <summary>
/// The agent's policy: the cart-pole's four observations (scaled to about [-1, 1]) in, a score for each of the two
/// actions (push left, push right) out; trained by softmax cross-entropy on the expert's choices.
/// </summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 32)]
[Input(4)]
[Dense(32, Activation = Activation.Tanh)]
[Dense(32, Activation = Activation.Tanh)]
[Dense(2)]
public partial class PolicyNet
{
}
