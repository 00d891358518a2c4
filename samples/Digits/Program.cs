// Trains a multi-layer perceptron on the 1,797 8x8 handwritten digits of UCI's Optical Recognition of
// Handwritten Digits (see samples/data/README.md), holding out a stratified 20% for the test.
using System;
using System.Diagnostics;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Training;

var clock = Stopwatch.StartNew();
DataSet all = CsvLoader.Load(Path.Combine(AppContext.BaseDirectory, "data", "digits.csv.gz"));
(DataSet train, DataSet test) = all.Split(testFraction: 0.2, seed: 1);
Standardizer scaler = Standardizer.Fit(train); // fitted on the training split only
train = scaler.Transform(train);
test = scaler.Transform(test);
Console.WriteLine($"Digits: {train.Count} training and {test.Count} test samples, {all.FeatureCount} features, {all.ClassCount} classes.");
Console.WriteLine($"Network: {DigitsMlp.ParameterCount:N0} parameters, {DigitsMlp.TrainingFlopsPerSample:N0} FLOPs per training sample.");

var network = new DigitsMlp(seed: 42);
var trainer = new Trainer(network, new Sgd(learningRate: 0.05f, momentum: 0.9f),
    new TrainerOptions { Epochs = 30, BatchSize = 32, Seed = 7 });
trainer.Fit(train, test, report => Console.WriteLine(report));

Evaluation result = trainer.Evaluate(test);
Console.WriteLine($"Test accuracy: {result.Accuracy:F4} on {result.Count} held-out digits (loss {result.Loss:F4}).");
Console.WriteLine($"Time taken: {clock.Elapsed.TotalSeconds:F2} s.");
return result.Accuracy >= 0.95f ? 0 : 1;

/// <summary>64 pixels, one hidden ReLU layer of 128, ten classes.</summary>
[Network(Loss = Loss.SoftmaxCrossEntropy, MaxBatch = 64)]
[Input(64)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(10)]
public partial class DigitsMlp
{
}
