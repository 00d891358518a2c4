// Binary classification of 569 breast tumours (UCI Breast Cancer Wisconsin, see samples/data/README.md) with a
// fused sigmoid and binary cross-entropy, Adam, early stopping on a validation split, a checkpoint of the best
// weights, a live progress bar and a plot; then precision, recall, F1 and the confusion matrix on held-out tumours.
using System;
using System.IO;
using NetGen;
using NetGen.Checkpoints;
using NetGen.Data;
using NetGen.Metrics;
using NetGen.Optimizers;
using NetGen.Reporting;
using NetGen.Training;

DataSet all = CsvLoader.LoadSklearnStyle(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"));
(DataSet rest, DataSet test) = all.Split(testFraction: 0.2, seed: 1);
(DataSet train, DataSet validation) = rest.Split(testFraction: 0.2, seed: 2);
Standardizer scaler = Standardizer.Fit(train);
(train, validation, test) = (scaler.Transform(train), scaler.Transform(validation), scaler.Transform(test));
Console.WriteLine($"Breast cancer: {train.Count} training, {validation.Count} validation and {test.Count} test tumours, {all.FeatureCount} features.");

string output = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "output")).FullName;
var network = new TumourClassifier(seed: 42);
var adam = new Adam(learningRate: 1e-3f, weightDecay: 1e-4f);
adam.ExcludeFromWeightDecay(network.ParameterTensors); // no decay on biases, as is usual
var trainer = new Trainer(network, adam, new TrainerOptions
{
    Epochs = 200,
    BatchSize = 32,
    Seed = 3,
    EarlyStopping = new EarlyStopping { Patience = 15, Monitor = MonitoredMetric.ValidationLoss },
    CheckpointPath = Path.Combine(output, "breast-cancer.checkpoint.safetensors"),
});
TrainingHistory history = ConsoleTraining.Fit(trainer, train, validation, printEvery: 10);
Console.WriteLine($"Stopped after {history.Epochs.Count} epochs; kept the weights of epoch {trainer.BestEpoch}.");
Checkpoint.Save(Path.Combine(output, "breast-cancer.safetensors"), network);
Console.WriteLine($"Plot: {TrainingPlot.Save(history, Path.Combine(output, "breast-cancer.png"), "Breast cancer: binary cross-entropy")}");

var probabilities = new float[test.Count];
trainer.Predict(test, probabilities); // Forward applies the fused sigmoid: probabilities of 'benign'
var matrix = new ConfusionMatrix(2, all.ClassNames);
matrix.AddProbabilities(probabilities, test.Targets, test.Count);
Console.WriteLine();
Console.WriteLine(matrix.ClassificationReport());
Console.WriteLine(matrix.ToTable());
Console.WriteLine($"Test accuracy: {matrix.Accuracy:F4}, F1 (malignant): {matrix.F1(0):F4}");
return matrix.Accuracy >= 0.95 ? 0 : 1;

/// <summary>30 measurements, 16 ReLU units, one logit; the sigmoid is fused into the loss.</summary>
[Network(Loss = Loss.BinaryCrossEntropy, MaxBatch = 64)]
[Input(30)]
[Dense(16, Activation = Activation.ReLU)]
[Dropout(0.2)]
[Dense(1, Activation = Activation.Sigmoid)]
public partial class TumourClassifier
{
}
