using System;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>
/// Evaluate and Predict switch the network to inference mode for their passes and put the caller's mode back, also
/// when a pass throws, so that a failed evaluation never leaves a training network in inference mode (whose Backward
/// would then refuse to run, or whose batch norm would stop learning its statistics).
/// </summary>
public sealed class InferenceModeRestoreTests
{
    private static (LinearSoftmaxNetwork Net, Trainer Trainer, DataSet Data) Setup()
    {
        var net = new LinearSoftmaxNetwork(inputs: 2, classes: 3, maxBatch: 4);
        var trainer = new Trainer(net, new Sgd(0.1f), new TrainerOptions { Epochs = 1, BatchSize = 4 });
        var data = new DataSet(new float[] { 1, 0, 0, 1, 1, 1, 0, 0, 2, 1, 1, 2 }, featureCount: 2, new float[] { 0, 1, 2, 0, 1, 2 }, classCount: 3);
        return (net, trainer, data);
    }

    [Fact]
    public void Evaluate_WhenAPassThrows_RestoresTrainingMode()
    {
        (LinearSoftmaxNetwork net, Trainer trainer, DataSet data) = Setup();
        net.Training = true;
        net.ForwardFault = new InvalidOperationException("pass failed");

        Assert.Throws<InvalidOperationException>(() => trainer.Evaluate(data));

        Assert.True(net.Training);
    }

    [Fact]
    public void Predict_WhenAPassThrows_RestoresTrainingMode()
    {
        (LinearSoftmaxNetwork net, Trainer trainer, DataSet data) = Setup();
        net.Training = true;
        net.ForwardFault = new InvalidOperationException("pass failed");

        Assert.Throws<InvalidOperationException>(() => trainer.Predict(data, new float[data.Count * 3]));

        Assert.True(net.Training);
    }

    [Fact]
    public void EvaluateAndPredict_LeaveTheCallersModeAsItWas()
    {
        (LinearSoftmaxNetwork net, Trainer trainer, DataSet data) = Setup();
        foreach (bool mode in new[] { true, false })
        {
            net.Training = mode;
            trainer.Evaluate(data);
            Assert.Equal(mode, net.Training);
            trainer.Predict(data, new float[data.Count * 3]);
            Assert.Equal(mode, net.Training);
        }
    }
}
