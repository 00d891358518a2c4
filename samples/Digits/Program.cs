// Trains two networks on the 1,797 8x8 handwritten digits of UCI's Optical Recognition of Handwritten Digits
// (see samples/data/README.md), holding out a stratified 20% for the test: a multi-layer perceptron, and a small
// convolutional network that sees each digit as a 1x8x8 image.
using System;
using System.Diagnostics;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.Checkpoints;
using NetGen.Optimizers;
using NetGen.Reporting;
using NetGen.Training;

var clock = Stopwatch.StartNew();
DataSet all = CsvLoader.Load(Path.Combine(AppContext.BaseDirectory, "data", "digits.csv.gz"));
(DataSet rest, DataSet test) = all.Split(testFraction: 0.2, seed: 1);
(DataSet train, DataSet validation) = rest.Split(testFraction: 0.15, seed: 2); // early stopping watches this, not the test set
Standardizer scaler = Standardizer.Fit(train); // fitted on the training split only
(train, validation, test) = (scaler.Transform(train), scaler.Transform(validation), scaler.Transform(test));
Console.WriteLine($"Digits: {train.Count} training, {validation.Count} validation and {test.Count} test samples, {all.FeatureCount} features, {all.ClassCount} classes.");

string output = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "output")).FullName;
float mlp = Train("MLP", new DigitsMlp(seed: 42), DigitsMlp.ParameterCount, DigitsMlp.TrainingFlopsPerSample, epochs: 30);
float cnn = Train("CNN", new DigitsCnn(seed: 42), DigitsCnn.ParameterCount, DigitsCnn.TrainingFlopsPerSample, epochs: 30);
Console.WriteLine($"Time taken: {clock.Elapsed.TotalSeconds:F2} s.");
return mlp >= 0.95f && cnn >= 0.97f ? 0 : 1;

float Train(string name, INetwork network, int parameters, long flops, int epochs)
{
    Console.WriteLine($"{name}: {parameters:N0} parameters, {flops:N0} FLOPs per training sample.");
    var trainer = new Trainer(network, new Sgd(learningRate: 0.05f, momentum: 0.9f), new TrainerOptions
    {
        Epochs = epochs,
        BatchSize = 32,
        Seed = 7,
        EarlyStopping = new EarlyStopping { Patience = 8 },
    });
    TrainingHistory history = ConsoleTraining.Fit(trainer, train, validation, printEvery: 5);
    string lower = name.ToLowerInvariant();
    Checkpoint.Save(Path.Combine(output, $"digits-{lower}.safetensors"), network);
    Console.WriteLine($"Plot: {TrainingPlot.Save(history, Path.Combine(output, $"digits-{lower}.png"), $"Digits {name}")}");
    Evaluation result = trainer.Evaluate(test);
    Console.WriteLine($"{name} test accuracy: {result.Accuracy:F4} on {result.Count} held-out digits (loss {result.Loss:F4}), best epoch {trainer.BestEpoch}.");
    return result.Accuracy;
}

/// <summary>64 pixels, one hidden ReLU layer of 128, ten classes.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 64)]
[Input(64)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(10)]
public partial class DigitsMlp
{
}

/// <summary>The same pixels as a 1x8x8 image: two 3x3 convolutions around a pooling, then a small classifier.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 64)]
[Input(1, 8, 8)]
[Conv2D(16, Kernel = 3, Padding = 1, Activation = Activation.ReLU)]
[MaxPool2D(2)]
[Conv2D(32, Kernel = 3, Padding = 1, Activation = Activation.ReLU)]
[Flatten]
[Dense(64, Activation = Activation.ReLU)]
[Dense(10)]
public partial class DigitsCnn
{
}
