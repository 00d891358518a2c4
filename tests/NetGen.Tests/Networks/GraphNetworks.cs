using System;
using NetGen;

// Graph networks for the tests in NetGen.Tests.Graphs: residual sums, fan-out, concatenation (of one layer twice,
// and of an input), gating products and two inputs, declared both on partial methods (references checked by
// nameof) and as class attributes with names and From.
namespace NetGen.Tests.Networks;

/// <summary>
/// A residual block over features: <c>res = tanh(a + b)</c> where <c>a = tanh(W1 x + b1)</c> feeds both <c>b</c> and
/// the sum (fan-out); the output reads the sum. Mean squared error, so that a float64 reference is easy to write.
/// </summary>
[Network(Loss = Loss.MeanSquaredError, MaxBatch = 8)]
[Input(4)]
[Dense(5, Activation = Activation.Tanh, Name = "a")]
[Dense(5, Name = "b")]
[Add("a", "b", Activation = Activation.Tanh, Name = "res")]
[Dense(3, Name = "head")]
public partial class TinyResidual
{
}

/// <summary>
/// Concatenation of one layer twice and of the input itself: <c>join = [h, x, h]</c> with <c>h = sigmoid(W x + b)</c>;
/// the input also feeds <c>h</c>, and <c>h</c> feeds the join twice.
/// </summary>
[Network(Loss = Loss.MeanSquaredError, MaxBatch = 8)]
[Input(3)]
[Dense(4, Activation = Activation.Sigmoid, Name = "h")]
[Concat("h", "input", "h", Name = "join")]
[Dense(2, Activation = Activation.Tanh, Name = "head")]
public partial class ConcatTwice
{
}

/// <summary>
/// Two inputs, an image and a vector of features, joined after a residual convolution block, a gate and a
/// concatenation: every graph feature at once, declared on partial methods. Smooth activations only, so that
/// finite differences check every gradient.
/// </summary>
[Network(Loss = Loss.MeanSquaredError, MaxBatch = 8)]
public partial class SmoothGraph
{
    [Input(2, 5, 5)] public partial ReadOnlySpan<float> Image();

    [Input(3)] public partial ReadOnlySpan<float> Features();

    [Conv2D(3, Kernel = 3, Padding = 1, Activation = Activation.Tanh, From = nameof(Image))] public partial ReadOnlySpan<float> C1();

    [Conv2D(3, Kernel = 3, Padding = 1, From = nameof(C1))] public partial ReadOnlySpan<float> C2();

    [Add(nameof(C1), nameof(C2), Activation = Activation.Tanh)] public partial ReadOnlySpan<float> Res();

    [AvgPool2D(2, From = nameof(Res))] public partial ReadOnlySpan<float> Pool();

    [Flatten] public partial ReadOnlySpan<float> Flat();

    [Dense(12, Activation = Activation.Sigmoid, From = nameof(Features))] public partial ReadOnlySpan<float> Gate();

    [Multiply(nameof(Flat), nameof(Gate))] public partial ReadOnlySpan<float> Gated();

    [Concat(nameof(Gated), nameof(Features), nameof(C1Pooled))] public partial ReadOnlySpan<float> Joined();

    [GlobalAvgPool2D(From = nameof(C1))] public partial ReadOnlySpan<float> C1Pooled();

    [Dense(2, Activation = Activation.Tanh, From = nameof(Joined))] public partial ReadOnlySpan<float> Out();
}

/// <summary>The multimodal sketch with cross-entropy: an image and features, a residual block, global pooling, a concatenation.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 16)]
public partial class DigitWithFeatures
{
    [Input(1, 8, 8)] public partial ReadOnlySpan<float> Image();

    [Input(4)] public partial ReadOnlySpan<float> Features();

    [Conv2D(4, Kernel = 3, Padding = 1, Activation = Activation.ReLU, From = nameof(Image))] public partial ReadOnlySpan<float> C1();

    [Conv2D(4, Kernel = 3, Padding = 1, From = nameof(C1))] public partial ReadOnlySpan<float> C2();

    [BatchNorm(From = nameof(C2))] public partial ReadOnlySpan<float> Bn();

    [Add(nameof(C1), nameof(Bn), Activation = Activation.ReLU)] public partial ReadOnlySpan<float> Res();

    [GlobalAvgPool2D(From = nameof(Res))] public partial ReadOnlySpan<float> Pooled();

    [Concat(nameof(Pooled), nameof(Features))] public partial ReadOnlySpan<float> Joined();

    [Dropout(0.1, From = nameof(Joined))] public partial ReadOnlySpan<float> Drop();

    [Dense(3, From = nameof(Drop))] public partial ReadOnlySpan<float> Logits();
}
