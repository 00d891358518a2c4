// Trains a small multi-layer perceptron on Fisher's 150 iris flowers (see samples/data/README.md),
// holding out a stratified 20% for the test.
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
DataSet all = CsvLoader.LoadSklearnStyle(Path.Combine(AppContext.BaseDirectory, "data", "iris.csv"));
(DataSet train, DataSet test) = all.Split(testFraction: 0.2, seed: 3);
Standardizer scaler = Standardizer.Fit(train);
train = scaler.Transform(train);
test = scaler.Transform(test);
Console.WriteLine($"Iris: {train.Count} training and {test.Count} test flowers; classes {string.Join(", ", all.ClassNames ?? Array.Empty<string>())}.");

var network = new IrisMlp(seed: 42);
var trainer = new Trainer(network, new Sgd(learningRate: 0.05f, momentum: 0.9f),
    new TrainerOptions { Epochs = 60, BatchSize = 16, Seed = 5 });
TrainingHistory history = ConsoleTraining.Fit(trainer, train, test, printEvery: 10);
string output = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "output")).FullName;
Checkpoint.Save(Path.Combine(output, "iris.safetensors"), network);
Console.WriteLine($"Plot: {TrainingPlot.Save(history, Path.Combine(output, "iris.png"), "Iris MLP")}");

Evaluation result = trainer.Evaluate(test);
Console.WriteLine($"Test accuracy: {result.Accuracy:F4} on {result.Count} held-out flowers (loss {result.Loss:F4}).");
Console.WriteLine($"Time taken: {clock.Elapsed.TotalSeconds:F2} s.");
return result.Accuracy >= 0.95f ? 0 : 1;

/// <summary>Four measurements, one hidden ReLU layer of 16, three species; Forward returns probabilities.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 32)]
[Input(4)]
[Dense(16, Activation = Activation.ReLU)]
[Dense(3, Activation = Activation.Softmax)]
public partial class IrisMlp
{
}
