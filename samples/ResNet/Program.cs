// Trains a small residual network on the same 10,000 real MNIST digits as samples/Mnist (8,000 to train on, with
// random shifts and small rotations, 2,000 held out): two residual blocks whose input is added back to their output,
// as in ResNet (He et al., 2015, https://arxiv.org/abs/1512.03385), declared as a graph of named layers.
//   dotnet run -c Release --project samples/ResNet [-- --epochs N]
using System;
using System.Diagnostics;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Reporting;
using NetGen.Schedules;
using NetGen.Training;

int epochs = args.Length > 1 && args[0] == "--epochs" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;

var clock = Stopwatch.StartNew();
string folder = Path.Combine(AppContext.BaseDirectory, "data", "mnist10k");
ImageDataSet mnist = IdxLoader.Load(Path.Combine(folder, "images-idx3-ubyte.gz"), Path.Combine(folder, "labels-idx1-ubyte.gz"));
(DataSet train, DataSet test) = mnist.Data.Split(testFraction: 0.2, seed: 1);
ImageNormalizer normalizer = ImageNormalizer.Fit(train, mnist.Shape);
train = normalizer.Transform(train);
test = normalizer.Transform(test);
Console.WriteLine($"MNIST: {train.Count} training and {test.Count} test images of {mnist.Shape}, loaded in {clock.Elapsed.TotalSeconds:F1} s.");
Console.WriteLine($"ResNet: {MnistResNet.ParameterCount:N0} parameters, {MnistResNet.TrainingFlopsPerSample / 1e6:F1} MFLOP per training image.");

float background = (0f - normalizer.Mean[0]) / normalizer.Std[0];
var augmenter = new ImageAugmenter(
    new AugmentationOptions { MaxShift = 2, MaxRotationDegrees = 10, FillValue = background }, mnist.Shape, seed: 11);

var network = new MnistResNet(seed: 42);
var trainer = new Trainer(network, new Sgd(learningRate: 0.05f, momentum: 0.9f, weightDecay: 5e-4f), new TrainerOptions
{
    Epochs = epochs,
    BatchSize = 64,
    Seed = 7,
    Augmentation = augmenter,
    Schedule = new CosineAnnealingSchedule(0.05f, epochs),
});
TimeSpan last = TimeSpan.Zero;
TrainingHistory history = ConsoleTraining.Fit(trainer, train, test, report =>
{
    double seconds = (report.Elapsed - last).TotalSeconds;
    last = report.Elapsed;
    Console.WriteLine($"  {seconds:F1} s/epoch, {train.Count / seconds:N0} training images/s (validation included)");
});
string output = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "output")).FullName;
Console.WriteLine($"Plot: {TrainingPlot.Save(history, Path.Combine(output, "resnet.png"), "MNIST ResNet")}");

// Every named layer's output stays readable after a forward pass: the first test digit's pooled features.
network.Training = false;
var logits = new float[MnistResNet.OutputSize]; // the output layer is Identity: the softmax is fused into the loss
network.Forward(test.FeaturesOf(0), logits, 1);
Console.WriteLine($"First test digit: label {test.TargetsOf(0)[0]}, predicted {ArgMax(logits)}; its {network.Pooled().Length} pooled features range over [{Min(network.Pooled()):F2}, {Max(network.Pooled()):F2}].");

Evaluation result = trainer.Evaluate(test);
Console.WriteLine($"Test accuracy: {result.Accuracy:F4} on {result.Count} held-out digits (loss {result.Loss:F4}).");
Console.WriteLine($"Time taken: {clock.Elapsed.TotalSeconds:F1} s.");
return result.Accuracy >= 0.985f ? 0 : 1;

static int ArgMax(ReadOnlySpan<float> values)
{
    int best = 0;
    for (int i = 1; i < values.Length; i++)
    {
        best = values[i] > values[best] ? i : best;
    }
    return best;
}

static float Min(ReadOnlySpan<float> values)
{
    float m = float.MaxValue;
    foreach (float v in values)
    {
        m = Math.Min(m, v);
    }
    return m;
}

static float Max(ReadOnlySpan<float> values)
{
    float m = float.MinValue;
    foreach (float v in values)
    {
        m = Math.Max(m, v);
    }
    return m;
}

/// <summary>
/// A residual network for 28x28 digits: a stem convolution, then two stages of a residual block (two 3x3
/// convolutions with batch norm, the block's input added back before the last ReLU), global average pooling and a
/// linear classifier. The layers are partial methods, so <c>nameof</c> checks every reference.
/// </summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 64)]
public partial class MnistResNet
{
    [Input(1, 28, 28)] public partial ReadOnlySpan<float> Image();

    // Stem: 16 channels at 28x28, then down to 14x14.
    [Conv2D(16, Kernel = 3, Padding = 1, Bias = false, From = nameof(Image))] public partial ReadOnlySpan<float> Stem();
    [BatchNorm(Activation = Activation.ReLU)] public partial ReadOnlySpan<float> StemBn();
    [MaxPool2D(2)] public partial ReadOnlySpan<float> Down1();

    // Residual block at 16 channels, 14x14.
    [Conv2D(16, Kernel = 3, Padding = 1, Bias = false)] public partial ReadOnlySpan<float> B1Conv1();
    [BatchNorm(Activation = Activation.ReLU)] public partial ReadOnlySpan<float> B1Bn1();
    [Conv2D(16, Kernel = 3, Padding = 1, Bias = false)] public partial ReadOnlySpan<float> B1Conv2();
    [BatchNorm] public partial ReadOnlySpan<float> B1Bn2();
    [Add(nameof(Down1), nameof(B1Bn2), Activation = Activation.ReLU)] public partial ReadOnlySpan<float> B1Out();

    // Wider and down to 7x7, then a residual block at 32 channels.
    [Conv2D(32, Kernel = 3, Padding = 1, Bias = false)] public partial ReadOnlySpan<float> Widen();
    [BatchNorm(Activation = Activation.ReLU)] public partial ReadOnlySpan<float> WidenBn();
    [MaxPool2D(2)] public partial ReadOnlySpan<float> Down2();
    [Conv2D(32, Kernel = 3, Padding = 1, Bias = false)] public partial ReadOnlySpan<float> B2Conv1();
    [BatchNorm(Activation = Activation.ReLU)] public partial ReadOnlySpan<float> B2Bn1();
    [Conv2D(32, Kernel = 3, Padding = 1, Bias = false)] public partial ReadOnlySpan<float> B2Conv2();
    [BatchNorm] public partial ReadOnlySpan<float> B2Bn2();
    [Add(nameof(Down2), nameof(B2Bn2), Activation = Activation.ReLU)] public partial ReadOnlySpan<float> B2Out();

    [GlobalAvgPool2D] public partial ReadOnlySpan<float> Pooled();
    [Dense(10)] public partial ReadOnlySpan<float> Logits();
}
