// Regression on 442 diabetes patients (Efron et al. 2004, see samples/data/README.md): ten measurements predict
// disease progression a year later. Mean squared error, Adam with a cosine schedule, early stopping, a progress
// bar and a plot; then MSE, MAE, RMSE and R² on held-out patients.
using System;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.Metrics;
using NetGen.Optimizers;
using NetGen.Reporting;
using NetGen.Schedules;
using NetGen.Training;

string folder = Path.Combine(AppContext.BaseDirectory, "data");
DataSet all = CsvLoader.LoadRegression(
    Path.Combine(folder, "diabetes_data_raw.csv.gz"), Path.Combine(folder, "diabetes_target.csv.gz"), separator: ' ');
(DataSet rest, DataSet test) = all.Split(testFraction: 0.2, seed: 1);
(DataSet train, DataSet validation) = rest.Split(testFraction: 0.2, seed: 2);
Standardizer scaler = Standardizer.Fit(train);
// The target is standardised too, with the training set's mean and spread, so the loss is on a unit scale.
(float mean, float std) = MeanAndStd(train.Targets);
(train, validation, test) = (Scaled(scaler.Transform(train)), Scaled(scaler.Transform(validation)), Scaled(scaler.Transform(test)));
Console.WriteLine($"Diabetes: {train.Count} training, {validation.Count} validation and {test.Count} test patients; target mean {mean:F1}, std {std:F1}.");

var network = new ProgressionRegressor(seed: 42);
const int epochs = 300;
var trainer = new Trainer(network, new Adam(learningRate: 3e-3f, weightDecay: 1e-3f), new TrainerOptions
{
    Epochs = epochs,
    BatchSize = 32,
    Seed = 3,
    Schedule = new CosineAnnealingSchedule(3e-3f, tMax: epochs),
    EarlyStopping = new EarlyStopping { Patience = 30 },
});
TrainingHistory history = ConsoleTraining.Fit(trainer, train, validation, printEvery: 10);
Console.WriteLine($"Stopped after {history.Epochs.Count} epochs; kept the weights of epoch {trainer.BestEpoch}.");
Console.WriteLine($"Plot: {TrainingPlot.Save(history, Path.Combine(AppContext.BaseDirectory, "output", "diabetes.png"), "Diabetes: mean squared error")}");

var predictions = new float[test.Count];
trainer.Predict(test, predictions);
var metrics = new RegressionMetrics();
metrics.Add(predictions, test.Targets, test.Count);
Console.WriteLine($"Test (standardised target): MSE {metrics.Mse:F4}, R² {metrics.R2:F4}");
Console.WriteLine($"Test (original units): RMSE {metrics.Rmse * std:F2}, MAE {metrics.Mae * std:F2}");
return metrics.R2 >= 0.3 ? 0 : 1;

DataSet Scaled(DataSet data)
{
    float[] targets = data.Targets.ToArray();
    for (int i = 0; i < targets.Length; i++)
    {
        targets[i] = (targets[i] - mean) / std;
    }
    return new DataSet(data.Features.ToArray(), data.FeatureCount, targets);
}

static (float Mean, float Std) MeanAndStd(ReadOnlySpan<float> values)
{
    double sum = 0, square = 0;
    foreach (float v in values)
    {
        sum += v;
        square += (double)v * v;
    }
    double m = sum / values.Length;
    return ((float)m, (float)Math.Sqrt(square / values.Length - m * m));
}

/// <summary>Ten measurements, two small ReLU layers, one prediction.</summary>
[Network(Loss = Loss.MeanSquaredError, MaxBatch = 64)]
[Input(10)]
[Dense(32, Activation = Activation.ReLU)]
[Dense(16, Activation = Activation.ReLU)]
[Dense(1)]
public partial class ProgressionRegressor
{
}
