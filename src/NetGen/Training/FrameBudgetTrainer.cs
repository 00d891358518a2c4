using System;
using NetGen.Optimizers;
using NetGen.Random;

namespace NetGen.Training;

/// <summary>
/// Trains a network inside a frame loop: each <see cref="TrainFor"/> call takes as many mini-batch steps, drawn from a
/// <see cref="ReplayBuffer"/> the game fills as it runs, as fit in the time it is given, and returns before the
/// budget is spent. The cost of a step is planned from the network's FLOP count (its generated
/// <c>TrainingFlopsPerSample</c> constant) at first, then from the clock: the median of the last eight steps measured,
/// with a quarter of headroom. A step is started only when the time already spent plus that estimate fits the budget.
/// Calls are resumable: the next call continues the same stream of mini-batches and the optimizer's state. Everything
/// is allocated by the constructor, the optimizer's state included, so no call allocates (set the optimizer's
/// weight-decay exclusions before creating the trainer).
/// </summary>
/// <remarks>
/// The estimate is a measurement, so a step that stalls (the thread descheduled, a page fault) can still end past the
/// budget; the tests hold the rule against an injected clock, where a step costs exactly what the test scripts.
/// </remarks>
public sealed class FrameBudgetTrainer
{
    private readonly float[] _input;  // (BatchSize, InputSize): the drawn mini-batch
    private readonly float[] _target; // (BatchSize, TargetSize)
    private readonly double _flopsPerStep;
    private readonly StepCostEstimator _estimator;
    private readonly IFrameClock _clock;
    private Rng _rng;

    /// <summary>Creates a trainer for <paramref name="network"/>, updated by <paramref name="optimizer"/> on mini-batches drawn from <paramref name="samples"/>.</summary>
    /// <param name="network">The network to train.</param>
    /// <param name="optimizer">Its optimizer, used by this trainer only.</param>
    /// <param name="samples">The replay buffer the mini-batches are drawn from, shaped like the network.</param>
    /// <param name="trainingFlopsPerSample">The network's generated <c>TrainingFlopsPerSample</c> constant: the prior of a step's cost.</param>
    /// <param name="options">Batch size, seed and prior; the defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option or <paramref name="trainingFlopsPerSample"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The replay buffer is not shaped like the network, or the optimizer belongs to another network.</exception>
    public FrameBudgetTrainer(INetwork network, Optimizer optimizer, ReplayBuffer samples, long trainingFlopsPerSample, FrameBudgetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(samples);
        options ??= new FrameBudgetOptions();
        FrameBudgetChecks.Arguments(network, samples, trainingFlopsPerSample, options);
        optimizer.Prepare(network.ParameterCount); // the optimizer's state now, not on a step mid-game
        Network = network;
        Optimizer = optimizer;
        Samples = samples;
        Options = options;
        MinSamples = options.MinSamples == 0 ? options.BatchSize : options.MinSamples;
        _clock = options.Clock;
        _input = new float[options.BatchSize * network.InputSize];
        _target = new float[options.BatchSize * network.TargetSize];
        _flopsPerStep = (double)trainingFlopsPerSample * options.BatchSize;
        _estimator = new StepCostEstimator(_flopsPerStep / options.PriorFlopsPerSecond * _clock.Frequency);
        _rng = new Rng(options.Seed);
    }

    /// <summary>The network being trained.</summary>
    public INetwork Network { get; }

    /// <summary>The optimizer that updates it.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The replay buffer the mini-batches are drawn from.</summary>
    public ReplayBuffer Samples { get; }

    /// <summary>The options this trainer runs with.</summary>
    public FrameBudgetOptions Options { get; }

    /// <summary>Samples the buffer must hold before the first step.</summary>
    public int MinSamples { get; }

    /// <summary>Steps taken by every call so far.</summary>
    public long TotalSteps { get; private set; }

    /// <summary>The loss of the last step; NaN before the first.</summary>
    public float LastLoss { get; private set; } = float.NaN;

    /// <summary>The time the next step is planned to take, headroom included.</summary>
    public TimeSpan EstimatedStepTime => TimeSpan.FromSeconds(_estimator.Predict() / _clock.Frequency);

    /// <summary>The training rate the estimate stands for, in FLOPs per second (the prior until steps are measured).</summary>
    public double EstimatedFlopsPerSecond => _flopsPerStep * _clock.Frequency / _estimator.Median();

    /// <summary>
    /// Takes as many mini-batch steps as fit in <paramref name="budget"/> and returns before it is spent: each step is
    /// started only when the time spent so far plus the step's estimated cost is within the budget. A zero budget
    /// takes no step. Allocates nothing.
    /// </summary>
    /// <param name="budget">The time this call may spend, from zero to one hour.</param>
    /// <returns>The steps taken, their mean loss, the time spent and why the call stopped.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="budget"/> is negative or over one hour.</exception>
    /// <exception cref="NonFiniteException">A step produced NaN or infinity: before the update the network keeps its last good state; an update that overflowed says so (<see cref="NonFiniteException.UpdateApplied"/>).</exception>
    public FrameTrainingResult TrainFor(TimeSpan budget)
    {
        long start = _clock.GetTimestamp();
        FrameBudgetChecks.Budget(budget);
        if (Samples.Count < MinSamples)
        {
            return new FrameTrainingResult(0, float.NaN, Elapsed(start, _clock.GetTimestamp()), FrameTrainingStop.NotEnoughSamples);
        }
        double budgetTicks = budget.Ticks * ((double)_clock.Frequency / TimeSpan.TicksPerSecond);
        int batch = Options.BatchSize;
        int steps = 0;
        double lossSum = 0;
        long now = start;
        FrameTrainingStop stop;
        while (true)
        {
            if (steps == Options.MaxStepsPerCall)
            {
                stop = FrameTrainingStop.MaxSteps;
                break;
            }
            double planned = _estimator.Predict();
            if (now - start + planned > budgetTicks)
            {
                stop = FrameTrainingStop.BudgetSpent;
                if (steps == 0 && planned > budgetTicks)
                {
                    stop = FrameTrainingStop.StepExceedsBudget;
                    _estimator.Relax();
                }
                break;
            }
            Samples.Sample(ref _rng, _input, _target, batch);
            float loss = Network.TrainStep(_input, _target, batch, Optimizer);
            long after = _clock.GetTimestamp();
            _estimator.Add(after - now);
            now = after;
            steps++;
            TotalSteps++;
            lossSum += loss;
            LastLoss = loss;
        }
        float meanLoss = steps > 0 ? (float)(lossSum / steps) : float.NaN;
        return new FrameTrainingResult(steps, meanLoss, Elapsed(start, _clock.GetTimestamp()), stop);
    }

    private TimeSpan Elapsed(long start, long end) =>
        TimeSpan.FromTicks((long)((end - start) * ((double)TimeSpan.TicksPerSecond / _clock.Frequency)));
}
