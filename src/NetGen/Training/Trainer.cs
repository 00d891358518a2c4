using System;
using System.Collections.Generic;
using System.Diagnostics;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Random;

namespace NetGen.Training;

/// <summary>
/// The training loop of any <see cref="INetwork"/>: epochs of shuffled mini-batches through
/// <see cref="INetwork.TrainStep"/>, with loss, accuracy and optional validation reported after each epoch, like
/// Keras's <c>model.fit</c> or the loop of a PyTorch tutorial. The batch buffers are allocated once, here, so the
/// per-batch loop allocates nothing.
/// </summary>
public sealed partial class Trainer
{
    private readonly float[] _input;   // (BatchSize, InputSize): the gathered mini-batch
    private readonly float[] _target;  // (BatchSize, TargetSize)
    private readonly float[] _output;  // (BatchSize, OutputSize): Forward's results during evaluation
    private int[] _order = Array.Empty<int>(); // the sample permutation, sized on the first Fit
    private Rng _rng;                  // advanced across epochs and Fit calls, so each epoch gets a new order

    /// <summary>Creates a trainer for <paramref name="network"/>, updated by <paramref name="optimizer"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The batch size or epoch count is out of range.</exception>
    /// <exception cref="ArgumentException">The augmentation's sample size is not the network's input size.</exception>
    public Trainer(INetwork network, Optimizer optimizer, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BatchSize < 1 || options.BatchSize > network.MaxBatch)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.BatchSize,
                $"BatchSize is {options.BatchSize} but the network takes batches of 1 to {network.MaxBatch} (its MaxBatch); lower BatchSize or raise [Network(MaxBatch = ...)].");
        }
        if (options.Epochs < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.Epochs, $"Epochs is {options.Epochs}; train for at least 1 epoch.");
        }
        if (options.Augmentation is { } augmentation && augmentation.SampleSize != network.InputSize)
        {
            throw new ArgumentException(
                $"The augmentation transforms samples of {augmentation.SampleSize} floats but the network takes {network.InputSize} inputs; build it for the network's input shape.",
                nameof(options));
        }
        Network = network;
        Optimizer = optimizer;
        Options = options;
        int batch = options.BatchSize;
        _input = new float[batch * network.InputSize];
        _target = new float[batch * network.TargetSize];
        _output = new float[batch * network.OutputSize];
        _rng = new Rng(options.Seed);
    }

    /// <summary>The network being trained.</summary>
    public INetwork Network { get; }

    /// <summary>The optimizer that updates the network.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The options this trainer runs with.</summary>
    public TrainerOptions Options { get; }

    /// <summary>
    /// Trains for <see cref="TrainerOptions.Epochs"/> epochs on <paramref name="train"/>, evaluating on
    /// <paramref name="validation"/> after each epoch when given, and calling <paramref name="onEpoch"/> with each
    /// epoch's report.
    /// </summary>
    /// <exception cref="ArgumentException">A data set's shape does not fit the network.</exception>
    public TrainingHistory Fit(DataSet train, DataSet? validation = null, Action<EpochReport>? onEpoch = null)
    {
        CheckFits(train, nameof(train));
        if (validation is not null)
        {
            CheckFits(validation, nameof(validation));
        }
        if (_order.Length != train.Count)
        {
            _order = new int[train.Count];
        }

        long started = Stopwatch.GetTimestamp();
        var reports = new List<EpochReport>(Options.Epochs);
        for (int epoch = 1; epoch <= Options.Epochs; epoch++)
        {
            (float loss, float accuracy) = RunEpoch(train);
            Evaluation? check = validation is null ? null : Evaluate(validation);
            var report = new EpochReport(
                epoch, Options.Epochs, loss, accuracy, check?.Loss, check?.Accuracy, Stopwatch.GetElapsedTime(started));
            reports.Add(report);
            onEpoch?.Invoke(report);
        }
        return new TrainingHistory(reports, Stopwatch.GetElapsedTime(started));
    }

    // One pass over the shuffled training set; returns the mean loss and the accuracy. Allocates nothing.
    private (float Loss, float Accuracy) RunEpoch(DataSet train)
    {
        Span<int> order = _order;
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        if (Options.Shuffle)
        {
            _rng.Shuffle(order);
        }

        INetwork net = Network;
        int inputSize = net.InputSize, targetSize = net.TargetSize;
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < order.Length; start += Options.BatchSize)
        {
            int batch = Math.Min(Options.BatchSize, order.Length - start);
            for (int i = 0; i < batch; i++)
            {
                int row = order[start + i];
                train.FeaturesOf(row).CopyTo(_input.AsSpan(i * inputSize, inputSize));
                train.TargetsOf(row).CopyTo(_target.AsSpan(i * targetSize, targetSize));
            }
            Span<float> input = _input.AsSpan(0, batch * inputSize);
            Options.Augmentation?.Apply(input, batch);
            ReadOnlySpan<float> target = _target.AsSpan(0, batch * targetSize);
            float loss = net.TrainStep(input, target, batch, Optimizer);
            lossSum += (double)loss * batch;
            // LastOutput still holds this batch's forward pass, computed before the optimizer's update.
            correct += BatchAccuracy.CountCorrect(net.LastOutput, target, batch, net.OutputSize, net.Loss);
        }
        return ((float)(lossSum / order.Length), BatchAccuracy.Accuracy(correct, order.Length, net.OutputSize, net.Loss));
    }
}
