using NetGen;

// Tiny networks checked number by number against the float64 reference in NetGen.Tests.Reference. Together they
// put every activation in a hidden layer and at the output, every loss (with and without its fused output
// activation), layers with and without bias, a named layer, a single-layer net and a three-layer net.
namespace NetGen.Tests.Networks;

/// <summary>Hidden tanh, identity output, mean squared error.</summary>
[Network(Loss = Loss.MeanSquaredError, MaxBatch = 8)]
[Input(5)]
[Dense(4, Activation = Activation.Tanh)]
[Dense(3)]
public partial class TanhRegressor
{
}

/// <summary>Hidden sigmoid, tanh output, mean squared error.</summary>
[Network(Loss = Loss.MeanSquaredError, MaxBatch = 8)]
[Input(4)]
[Dense(6, Activation = Activation.Sigmoid)]
[Dense(2, Activation = Activation.Tanh)]
public partial class SigmoidRegressor
{
}

/// <summary>Hidden ReLU, leaky ReLU output (slope 0.2), mean squared error.</summary>
[Network(Loss = Loss.MeanSquaredError, MaxBatch = 8)]
[Input(6)]
[Dense(5, Activation = Activation.ReLU)]
[Dense(3, Activation = Activation.LeakyReLU, LeakySlope = 0.2)]
public partial class ReluRegressor
{
}

/// <summary>Hidden leaky ReLU (slope 0.2), ReLU output, mean squared error.</summary>
[Network(Loss = Loss.MeanSquaredError, MaxBatch = 8)]
[Input(5)]
[Dense(7, Activation = Activation.LeakyReLU, LeakySlope = 0.2)]
[Dense(2, Activation = Activation.ReLU)]
public partial class LeakyReluRegressor
{
}

/// <summary>Hidden identity, sigmoid output, mean squared error (the sigmoid is not fused: the loss is MSE).</summary>
[Network(Loss = Loss.MeanSquaredError, MaxBatch = 8)]
[Input(3)]
[Dense(4, Activation = Activation.Identity)]
[Dense(3, Activation = Activation.Sigmoid)]
public partial class IdentityRegressor
{
}

/// <summary>Three dense layers, the middle one named and without bias, mean squared error.</summary>
[Network(Loss = Loss.MeanSquaredError, MaxBatch = 8)]
[Input(6)]
[Dense(7, Activation = Activation.ReLU)]
[Dense(5, Activation = Activation.Tanh, Bias = false, Name = "mid")]
[Dense(4)]
public partial class ThreeLayerRegressor
{
}

/// <summary>No bias anywhere, mean squared error.</summary>
[Network(Loss = Loss.MeanSquaredError, MaxBatch = 8)]
[Input(5)]
[Dense(4, Activation = Activation.Tanh, Bias = false)]
[Dense(3, Bias = false)]
public partial class NoBiasRegressor
{
}

/// <summary>A single dense layer: the first layer is also the output layer.</summary>
[Network(Loss = Loss.MeanSquaredError, MaxBatch = 8)]
[Input(3)]
[Dense(2)]
public partial class LinearRegressor
{
}

/// <summary>Softmax cross-entropy with the softmax declared on the output (fused into the loss).</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 8)]
[Input(5)]
[Dense(6, Activation = Activation.Tanh)]
[Dense(4, Activation = Activation.Softmax)]
public partial class SoftmaxClassifier
{
}

/// <summary>Softmax cross-entropy on identity logits.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 8)]
[Input(4)]
[Dense(5, Activation = Activation.ReLU)]
[Dense(3)]
public partial class LogitClassifier
{
}

/// <summary>Binary cross-entropy with the sigmoid declared on the output (fused into the loss).</summary>
[Network(Loss = Loss.BinaryCrossEntropy, MaxBatch = 8)]
[Input(5)]
[Dense(4, Activation = Activation.LeakyReLU)]
[Dense(1, Activation = Activation.Sigmoid)]
public partial class SigmoidBinaryClassifier
{
}

/// <summary>Binary cross-entropy on an identity logit, the output without bias.</summary>
[Network(Loss = Loss.BinaryCrossEntropy, MaxBatch = 8)]
[Input(4)]
[Dense(6, Activation = Activation.Sigmoid)]
[Dense(1, Bias = false)]
public partial class LogitBinaryClassifier
{
}

/// <summary>
/// Not tiny on purpose: layers large enough that the sample statistics of their initial weights pin down the
/// initialisation scheme (Xavier with tanh gain, He for leaky ReLU, Xavier for sigmoid and softmax).
/// </summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 4)]
[Input(96)]
[Dense(80, Activation = Activation.Tanh)]
[Dense(64, Activation = Activation.LeakyReLU, LeakySlope = 0.2)]
[Dense(48, Activation = Activation.Sigmoid)]
[Dense(10, Activation = Activation.Softmax)]
public partial class InitProbe
{
}

/// <summary>One wide layer per initialisation scheme, to check each scheme's distribution.</summary>
[Network(Loss = Loss.MeanSquaredError, MaxBatch = 2)]
[Input(400)]
[Dense(300, Activation = Activation.ReLU, WeightInit = InitScheme.HeNormal, Name = "he_normal")]
[Dense(200, Activation = Activation.Tanh, WeightInit = InitScheme.XavierNormal, Name = "xavier_normal")]
[Dense(250, Activation = Activation.LeakyReLU, LeakySlope = 0.2, WeightInit = InitScheme.HeUniform, Name = "he_uniform")]
[Dense(150, WeightInit = InitScheme.LeCunNormal, Name = "lecun_normal")]
[Dense(120, WeightInit = InitScheme.LeCunUniform, Name = "lecun_uniform")]
[Dense(100, Activation = Activation.Sigmoid, WeightInit = InitScheme.XavierUniform, Name = "xavier_uniform")]
[Dense(50, WeightInit = InitScheme.Constant, InitValue = 0.125, Name = "constant")]
[Dense(3, WeightInit = InitScheme.Zeros, Name = "zeros")]
public partial class InitSchemes
{
}
