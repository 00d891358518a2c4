using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Random;

namespace NetGen.Training;

/// <summary>
/// The training loop of any <see cref="INetwork"/>: epochs of shuffled mini-batches, with learning-rate schedules,
/// gradient clipping and accumulation, early stopping, progress reports and resumable checkpoints, like Keras's
/// <c>model.fit</c> or a PyTorch Lightning trainer. The batch buffers are allocated once, here, so the per-batch
/// loop allocates nothing.
/// </summary>
public sealed partial class Trainer
{
    private readonly float[] _input;   // (BatchSize, InputSize): the gathered mini-batch
    private readonly float[] _target;  // (BatchSize, TargetSize)
    private readonly float[] _output;  // (BatchSize, OutputSize): Forward's results during evaluation
    private readonly float[]? _bestParameters; // early stopping's best epoch, allocated once when it is on
    private readonly float[]? _bestBuffers;
    private readonly List<EpochReport> _reports = new();
    private int[] _order = Array.Empty<int>(); // the sample permutation of the current epoch
    private Rng _rng;                  // advanced across epochs and Fit calls, so each epoch gets a new order
    private RunState _run;             // where the current Fit run is: resumable from a checkpoint

    /// <summary>Creates a trainer for <paramref name="network"/>, updated by <paramref name="optimizer"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The augmentation's sample size is not the network's input size.</exception>
    public Trainer(INetwork network, Optimizer optimizer, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        TrainerChecks.Options(network, options);
        Network = network;
        Optimizer = optimizer;
        Options = options;
        int batch = options.BatchSize;
        _input = new float[batch * network.InputSize];
        _target = new float[batch * network.TargetSize];
        _output = new float[batch * network.OutputSize];
        _rng = new Rng(options.Seed);
        if (options.EarlyStopping is { RestoreBestWeights: true })
        {
            _bestParameters = new float[network.ParameterCount];
            _bestBuffers = new float[network.Buffers.Length];
        }
        if (options.Schedule is { } schedule)
        {
            optimizer.LearningRate = schedule.CurrentRate;
        }
    }

    /// <summary>The network being trained.</summary>
    public INetwork Network { get; }

    /// <summary>The optimizer that updates the network.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The options this trainer runs with.</summary>
    public TrainerOptions Options { get; }

    /// <summary>
    /// Trains for <see cref="TrainerOptions.Epochs"/> epochs on <paramref name="train"/> (or fewer, when early stopping
    /// ends the run), evaluating on <paramref name="validation"/> after each epoch when given, calling
    /// <paramref name="onEpoch"/> with each epoch's report and <paramref name="progress"/> after each mini-batch. A run
    /// interrupted by <paramref name="cancellationToken"/>, or restored by <see cref="LoadCheckpoint"/>, is resumed
    /// where it stopped by the next call; otherwise each call starts a new run.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A data set's shape does not fit the network, or a run restored mid-epoch stopped at a batch beyond the end of
    /// <paramref name="train"/> (another training set).
    /// </exception>
    /// <exception cref="OperationCanceledException">Cancelled between two mini-batches; the trainer can resume.</exception>
    /// <exception cref="NonFiniteException">A step produced NaN or infinity: before the update the network keeps its last good state; an update that overflowed says so (<see cref="NonFiniteException.UpdateApplied"/>).</exception>
    public TrainingHistory Fit(
        DataSet train, DataSet? validation = null, Action<EpochReport>? onEpoch = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        TrainerChecks.Fits(Network, train, nameof(train));
        if (validation is not null)
        {
            TrainerChecks.Fits(Network, validation, nameof(validation));
        }
        if (!_run.InProgress)
        {
            _run = RunState.Start();
            _reports.Clear();
        }
        TrainerChecks.ResumesWithin(_run.Batch, Batches(train.Count), train.Count, Options.BatchSize);
        var clock = new RunClock(Stopwatch.GetTimestamp(), _run, Options.Epochs, Batches(train.Count));
        while (_run.Epoch < Options.Epochs && !_run.Stopped)
        {
            if (_run.Batch == 0)
            {
                BeginEpoch(train.Count);
            }
            else if (_order.Length != train.Count || _run.OrderStale)
            {
                RebuildOrder(train.Count); // resumed mid-epoch: the order the epoch started with
            }
            while (_run.Batch < clock.Batches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                RunBatch(train, clock.Batches);
                _run.Batch++;
                progress?.Report(clock.Progress(_run, Optimizer.LearningRate, Network));
            }
            EndEpoch(validation, clock, onEpoch);
        }
        FinishRun();
        return new TrainingHistory(_reports.ToArray(), clock.Elapsed);
    }

    private int Batches(int count) => (count + Options.BatchSize - 1) / Options.BatchSize;

    // A new epoch: every sample once, in a new order drawn from the trainer's generator.
    private void BeginEpoch(int count)
    {
        _run.EpochStart = _rng.State;
        FillOrder(count, ref _rng);
        _run.OrderStale = false;
    }

    private void RebuildOrder(int count)
    {
        Rng replay = Rng.FromState(_run.EpochStart);
        FillOrder(count, ref replay);
        _run.OrderStale = false;
    }

    private void FillOrder(int count, ref Rng rng)
    {
        if (_order.Length != count)
        {
            _order = new int[count];
        }
        for (int i = 0; i < count; i++)
        {
            _order[i] = i;
        }
        if (Options.Shuffle)
        {
            rng.Shuffle(_order.AsSpan());
        }
    }
}
