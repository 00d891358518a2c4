// Trains a convolutional network on 10,000 real MNIST digits (see samples/data/README.md): 8,000 to train on,
// with random shifts and small rotations, and 2,000 held out for the test. Shows a live progress bar, steps the
// learning rate down twice, keeps the best epoch's weights, checkpoints every epoch and plots the run.
//   dotnet run -c Release --project samples/Mnist [-- --epochs N] [-- --no-augment] [-- --resume]
//       [-- --gpu [cuda|cpu|auto]] [-- --train N] [-- --test N]
// --gpu trains the same network with its generated ILGPU kernels: on CUDA if present, else on ILGPU's CPU
// accelerator, a functional simulator some hundreds of times slower than the CPU path, where it defaults to the first
// 400 training and 400 test images for 3 epochs (docs/gpu.md has the figures of both paths on that subset).
// --train N and --test N keep the first N images of each part, on either path. A run of fewer than 10 epochs keeps a
// constant learning rate and skips augmentation: a few hundred images learn faster that way. The plot and the
// checkpoint go to bin/.../output/mnist.png and mnist.checkpoint.safetensors, with --gpu to mnist-gpu-cuda.* or
// mnist-gpu-cpu.*.
using System;
using System.Diagnostics;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.Gpu;
using NetGen.Optimizers;
using NetGen.Reporting;
using NetGen.Schedules;
using NetGen.Training;


int gpuArg = Array.IndexOf(args, "--gpu");
GpuBackend? backend = gpuArg < 0 ? null
    : GpuDevice.ParseBackend(gpuArg + 1 < args.Length && !args[gpuArg + 1].StartsWith("--", StringComparison.Ordinal) ? args[gpuArg + 1] : null);
using GpuDevice? device = backend is { } chosen ? GpuDevice.Create(chosen) : null;
bool simulated = device is { Backend: GpuBackend.Cpu }; // ILGPU's CPU accelerator: a small default run
int epochs = Option("--epochs", simulated ? 3 : 15);
int trainCount = Option("--train", simulated ? 400 : int.MaxValue);
int testCount = Option("--test", simulated ? 400 : int.MaxValue);
// Augmentation helps a long run; a short one (a few hundred images, a few epochs) learns faster without it.
bool augment = Array.IndexOf(args, "--no-augment") < 0 && epochs >= 10;
bool defaultRun = trainCount == int.MaxValue && testCount == int.MaxValue && epochs == 15;

var clock = Stopwatch.StartNew();
string folder = Path.Combine(AppContext.BaseDirectory, "data", "mnist10k");
ImageDataSet mnist = IdxLoader.Load(Path.Combine(folder, "images-idx3-ubyte.gz"), Path.Combine(folder, "labels-idx1-ubyte.gz"));
(DataSet train, DataSet test) = mnist.Data.Split(testFraction: 0.2, seed: 1);
train = First(train, trainCount);
test = First(test, testCount);
ImageNormalizer normalizer = ImageNormalizer.Fit(train, mnist.Shape); // per-channel mean and std of the training images
train = normalizer.Transform(train);
test = normalizer.Transform(test);
Console.WriteLine($"MNIST: {train.Count} training and {test.Count} test images of {mnist.Shape}, loaded in {clock.Elapsed.TotalSeconds:F1} s.");
Console.WriteLine($"Network: {MnistCnn.ParameterCount:N0} parameters, {MnistCnn.TrainingFlopsPerSample / 1e6:F1} MFLOP per training image.");

// Augmentation runs on each mini-batch's copy, after normalisation: pixels moved in from outside are background.
float background = (0f - normalizer.Mean[0]) / normalizer.Std[0];
var augmenter = new ImageAugmenter(
    new AugmentationOptions { MaxShift = 2, MaxRotationDegrees = 10, FillValue = background }, mnist.Shape, seed: 11);

string output = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "output")).FullName;
// Each path keeps its own plot and checkpoint (mnist, mnist-gpu-cuda, mnist-gpu-cpu), so that a GPU run neither
// overwrites the CPU run's files nor resumes from them.
string run = device is null ? "mnist" : $"mnist-gpu-{device.Backend.ToString().ToLowerInvariant()}";
string checkpoint = Path.Combine(output, $"{run}.checkpoint.safetensors");
using MnistCnn.Gpu? gpuNetwork = device is null ? null : new MnistCnn.Gpu(device, new MnistCnn(seed: 42));
INetwork network = gpuNetwork ?? (INetwork)new MnistCnn(seed: 42);
if (device is not null)
{
    Console.WriteLine($"Training on {device.Name} ({device.Backend}) with the generated ILGPU kernels.");
}
var trainer = new Trainer(network, new Sgd(learningRate: 0.02f, momentum: 0.9f), new TrainerOptions
{
    Epochs = epochs,
    BatchSize = 64,
    Seed = 7,
    Augmentation = augment ? augmenter : null,
    // A smaller step for the last half and the last fifth of the epochs settles the weights; a short run (the CPU
    // accelerator's) keeps the full step throughout.
    Schedule = epochs >= 10 ? new MultiStepSchedule(0.02f, new[] { epochs / 2, epochs * 4 / 5 }, gamma: 0.2) : new ConstantSchedule(0.02f),
    // The held-out digits are only reported, never used to choose: early stopping watches the training loss.
    EarlyStopping = new EarlyStopping { Patience = 3, Monitor = MonitoredMetric.TrainLoss },
    CheckpointPath = checkpoint,
});
if (Array.IndexOf(args, "--resume") >= 0 && File.Exists(checkpoint))
{
    trainer.LoadCheckpoint(checkpoint);
    Console.WriteLine($"Resumed from {checkpoint}.");
}
TimeSpan last = TimeSpan.Zero;
TrainingHistory history = ConsoleTraining.Fit(trainer, train, test, report =>
{
    double seconds = (report.Elapsed - last).TotalSeconds;
    last = report.Elapsed;
    Console.WriteLine($"  {seconds:F1} s/epoch, {train.Count / seconds:N0} training images/s (validation included)");
});
string title = device is null ? "MNIST CNN" : $"MNIST CNN on {device.Name} ({device.Backend})";
Console.WriteLine($"Plot: {TrainingPlot.Save(history, Path.Combine(output, $"{run}.png"), title)}");
Console.WriteLine($"Checkpoint: {checkpoint}");

Evaluation result = trainer.Evaluate(test);
Console.WriteLine($"Test accuracy: {result.Accuracy:F4} on {result.Count} held-out digits (loss {result.Loss:F4}).");
Console.WriteLine($"Time taken: {clock.Elapsed.TotalSeconds:F1} s.");
// The full default run must reach 98%; a subset run (or a shortened one) only reports.
return !defaultRun || result.Accuracy >= 0.98f ? 0 : 1;

int Option(string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

static DataSet First(DataSet data, int count)
{
    if (count >= data.Count)
    {
        return data;
    }
    var rows = new int[count];
    for (int i = 0; i < count; i++)
    {
        rows[i] = i;
    }
    return data.Subset(rows);
}

/// <summary>The convolutional network of the README: two conv-pool stages, a dense layer with dropout, ten classes.</summary>
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
