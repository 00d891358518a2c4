// A network with two inputs: each MNIST digit's 28x28 image, and a vector of 56 features computed from that same
// image, the ink in each of its 28 rows and 28 columns. The features are derived, not new information: the sample
// shows how to declare, feed and train a multimodal graph (an image branch and a feature branch joined by [Concat]),
// and that a network given both learns from both. Same 10,000 digits and split as samples/Mnist.
//   dotnet run -c Release --project samples/Multimodal [-- --epochs N]
using System;
using System.Diagnostics;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Reporting;
using NetGen.Schedules;
using NetGen.Training;

int epochs = args.Length > 1 && args[0] == "--epochs" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;

var clock = Stopwatch.StartNew();
string folder = Path.Combine(AppContext.BaseDirectory, "data", "mnist10k");
ImageDataSet mnist = IdxLoader.Load(Path.Combine(folder, "images-idx3-ubyte.gz"), Path.Combine(folder, "labels-idx1-ubyte.gz"));
(DataSet trainImages, DataSet testImages) = mnist.Data.Split(testFraction: 0.2, seed: 1);

// The features come from the raw pixels; then images and features are standardised on the training set alone.
DataSet trainFeatures = InkSums(trainImages), testFeatures = InkSums(testImages);
ImageNormalizer normalizer = ImageNormalizer.Fit(trainImages, mnist.Shape);
Standardizer standardizer = Standardizer.Fit(trainFeatures);
DataSet train = SideBySide(normalizer.Transform(trainImages), standardizer.Transform(trainFeatures));
DataSet test = SideBySide(normalizer.Transform(testImages), standardizer.Transform(testFeatures));
Console.WriteLine($"MNIST: {train.Count} training and {test.Count} test digits; each row holds the image ({DigitAndInk.ImageInputSize} floats) then its ink sums ({DigitAndInk.InkInputSize}).");
Console.WriteLine($"Network: {DigitAndInk.ParameterCount:N0} parameters, {DigitAndInk.TrainingFlopsPerSample / 1e6:F1} MFLOP per training digit.");

var network = new DigitAndInk(seed: 42);
var trainer = new Trainer(network, new Sgd(learningRate: 0.02f, momentum: 0.9f), new TrainerOptions
{
    Epochs = epochs,
    BatchSize = 64,
    Seed = 7,
    Schedule = new CosineAnnealingSchedule(0.02f, epochs),
});
ConsoleTraining.Fit(trainer, train, test);

// One digit through the per-input overload: the image and the features as separate spans.
network.Training = false;
var logits = new float[DigitAndInk.OutputSize];
var probabilities = new float[DigitAndInk.OutputSize];
network.Forward(test.FeaturesOf(0).Slice(0, DigitAndInk.ImageInputSize), test.FeaturesOf(0).Slice(DigitAndInk.ImageInputSize), logits, 1);
NetGen.Ops.Softmax.Forward(logits, probabilities, 1, DigitAndInk.OutputSize); // Forward returns logits: the softmax is fused into the loss
Console.WriteLine($"First test digit: label {test.TargetsOf(0)[0]}, probability of that class {probabilities[(int)test.TargetsOf(0)[0]]:F3}; " +
    $"the ink branch's code for it has {network.InkCode().Length} values.");

Evaluation result = trainer.Evaluate(test);
Console.WriteLine($"Test accuracy: {result.Accuracy:F4} on {result.Count} held-out digits (loss {result.Loss:F4}).");
Console.WriteLine($"Time taken: {clock.Elapsed.TotalSeconds:F1} s.");
return result.Accuracy >= 0.98f ? 0 : 1;

// The ink of each row, then of each column, of each 28x28 image.
static DataSet InkSums(DataSet images)
{
    const int side = 28;
    var features = new float[images.Count * 2 * side];
    for (int n = 0; n < images.Count; n++)
    {
        ReadOnlySpan<float> image = images.FeaturesOf(n);
        Span<float> row = features.AsSpan(n * 2 * side, 2 * side);
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                row[y] += image[y * side + x];
                row[side + x] += image[y * side + x];
            }
        }
    }
    return new DataSet(features, 2 * side, images.Targets.ToArray(), classCount: images.ClassCount);
}

// Rows of the image then the features: the layout the INetwork calls (and so the Trainer) give a two-input network.
static DataSet SideBySide(DataSet images, DataSet features)
{
    int width = images.FeatureCount + features.FeatureCount;
    var rows = new float[images.Count * width];
    for (int n = 0; n < images.Count; n++)
    {
        images.FeaturesOf(n).CopyTo(rows.AsSpan(n * width));
        features.FeaturesOf(n).CopyTo(rows.AsSpan(n * width + images.FeatureCount));
    }
    return new DataSet(rows, width, images.Targets.ToArray(), classCount: images.ClassCount);
}

/// <summary>
/// An image branch (two convolution and pooling stages) and a feature branch (a dense layer on the ink sums), joined
/// by concatenation before the classifier.
/// </summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 64)]
public partial class DigitAndInk
{
    [Input(1, 28, 28)] public partial ReadOnlySpan<float> Image();
    [Input(56)] public partial ReadOnlySpan<float> Ink();

    [Conv2D(16, Kernel = 5, Padding = 2, Activation = Activation.ReLU, From = nameof(Image))] public partial ReadOnlySpan<float> Conv1();
    [MaxPool2D(2)] public partial ReadOnlySpan<float> Pool1();
    [Conv2D(32, Kernel = 5, Padding = 2, Activation = Activation.ReLU)] public partial ReadOnlySpan<float> Conv2();
    [MaxPool2D(2)] public partial ReadOnlySpan<float> Pool2();
    [Flatten] public partial ReadOnlySpan<float> Flat();
    [Dense(96, Activation = Activation.ReLU)] public partial ReadOnlySpan<float> ImageCode();

    [Dense(32, Activation = Activation.ReLU, From = nameof(Ink))] public partial ReadOnlySpan<float> InkCode();

    [Concat(nameof(ImageCode), nameof(InkCode))] public partial ReadOnlySpan<float> Joined();
    [Dropout(0.25)] public partial ReadOnlySpan<float> Drop();
    [Dense(10)] public partial ReadOnlySpan<float> Logits();
}
