using System;
using NetGen.Optimizers;
using NetGen.Tests.Networks;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>
/// <see cref="FrameBudgetTrainer.TrainFor"/> against a fake clock (one tick per microsecond) that advances only when a
/// step runs, by a cost the test scripts: the budget rule is checked exactly, whatever the machine is doing.
/// </summary>
public class FrameBudgetTrainerTests
{
    private const int Batch = 8;

    [Fact]
    public void TrainFor_StartsAStepOnlyWhenItsEstimateFitsTheBudget()
    {
        (FrameBudgetTrainer trainer, _, ClockedNetwork net) = Create(priorTicks: 100, 100);
        trainer.TrainFor(TimeSpan.FromMicroseconds(2000)); // the window holds measurements only
        var rng = new System.Random(1);
        for (int call = 0; call < 60; call++)
        {
            int budget = rng.Next(0, 3000);
            int stepsBefore = net.Steps;

            FrameTrainingResult result = trainer.TrainFor(TimeSpan.FromMicroseconds(budget));

            // Every step costs 100 and is planned at 125 (a quarter of headroom): step j starts if 100 j + 125 <= budget.
            int expected = budget >= 125 ? (budget - 125) / 100 + 1 : 0;
            Assert.Equal(expected, result.Steps);
            Assert.Equal(expected, net.Steps - stepsBefore);
            Assert.Equal(TimeSpan.FromMicroseconds(100 * expected), result.Elapsed);
            Assert.True(result.Elapsed <= TimeSpan.FromMicroseconds(budget));
            Assert.Equal(expected > 0 ? FrameTrainingStop.BudgetSpent : FrameTrainingStop.StepExceedsBudget, result.Stop);
        }
    }

    [Fact]
    public void TrainFor_NeverExceedsTheBudget_WhenStepTimesVaryWithinTheHeadroom()
    {
        (FrameBudgetTrainer trainer, FakeFrameClock clock, ClockedNetwork net) = Create(priorTicks: 100, 100);
        var rng = new System.Random(2);
        var costs = new long[4000];
        for (int i = 0; i < costs.Length; i++)
        {
            costs[i] = rng.Next(90, 111); // within 1.25 x any median of such steps
        }
        net.Script(costs);
        long totalSteps = 0;
        for (int call = 0; call < 300; call++)
        {
            int budget = rng.Next(100, 2500);
            long before = clock.Now;

            FrameTrainingResult result = trainer.TrainFor(TimeSpan.FromMicroseconds(budget));

            Assert.True(clock.Now - before <= budget, $"call {call}: spent {clock.Now - before} of {budget}");
            Assert.True(budget - (clock.Now - before) < 2 * 1.25 * 110, $"call {call}: stopped early, {clock.Now - before} of {budget}");
            totalSteps += result.Steps;
        }
        Assert.Equal(totalSteps, trainer.TotalSteps);
    }

    [Fact]
    public void TrainFor_PlansTheFirstStepFromTheNetworksFlops()
    {
        // The prior: TrainingFlopsPerSample x batch at PriorFlopsPerSecond, scaled here to 400 ticks a step.
        (FrameBudgetTrainer trainer, _, _) = Create(priorTicks: 400, 100);
        Assert.Equal(500, trainer.EstimatedStepTime.TotalMicroseconds, 0.01);

        FrameTrainingResult tooShort = trainer.TrainFor(TimeSpan.FromMicroseconds(499));
        FrameTrainingResult enough = trainer.TrainFor(TimeSpan.FromMicroseconds(501));

        Assert.Equal(0, tooShort.Steps);
        Assert.Equal(FrameTrainingStop.StepExceedsBudget, tooShort.Stop);
        Assert.Equal(TimeSpan.Zero, tooShort.Elapsed);
        Assert.Equal(1, enough.Steps);
    }

    [Fact]
    public void TrainFor_MeasurementsReplaceTheFlopPrior()
    {
        (FrameBudgetTrainer trainer, _, _) = Create(priorTicks: 400, 100);

        trainer.TrainFor(TimeSpan.FromMicroseconds(10_000)); // many steps of 100: the window holds only measurements

        Assert.Equal(125, trainer.EstimatedStepTime.TotalMicroseconds, 0.01);
        double rate = Batch * FrameNet.TrainingFlopsPerSample / 100e-6; // a step's FLOPs in 100 microseconds
        Assert.Equal(1.0, trainer.EstimatedFlopsPerSecond / rate, 9);
    }

    [Fact]
    public void TrainFor_OneStalledStepDoesNotChangeThePlan()
    {
        (FrameBudgetTrainer trainer, _, ClockedNetwork net) = Create(priorTicks: 100, 100);
        trainer.TrainFor(TimeSpan.FromMicroseconds(1000));
        net.Script(50_000, 100); // the next step stalls for 50 ms (JIT, page fault, preemption), then all is well

        FrameTrainingResult stalled = trainer.TrainFor(TimeSpan.FromMicroseconds(1000));
        FrameTrainingResult next = trainer.TrainFor(TimeSpan.FromMicroseconds(1000));

        Assert.Equal(1, stalled.Steps); // a stall inside a step cannot be foreseen; the call stops right after it
        Assert.Equal(9, next.Steps);
    }

    [Fact]
    public void TrainFor_StepsLongerThanTheBudget_StopTrainingUntilTheEstimateRelaxes()
    {
        (FrameBudgetTrainer trainer, _, ClockedNetwork net) = Create(priorTicks: 100, 5000);
        trainer.TrainFor(TimeSpan.FromMicroseconds(100_000)); // the window fills with 5,000-tick steps
        net.Script(100);

        int skipped = 0;
        FrameTrainingResult result;
        while ((result = trainer.TrainFor(TimeSpan.FromMicroseconds(1000))).Steps == 0)
        {
            Assert.Equal(FrameTrainingStop.StepExceedsBudget, result.Stop);
            Assert.Equal(TimeSpan.Zero, result.Elapsed);
            skipped++;
            Assert.True(skipped <= StepCostWindow, "training never resumed");
        }

        // Each skipped call puts the prior in place of the largest measurement; the upper median moves once more than
        // half the window holds it.
        Assert.Equal(StepCostWindow / 2 + 1, skipped);
    }

    [Fact]
    public void TrainFor_InSeveralCalls_GivesTheParametersOfOneCallAndOfAPlainLoop()
    {
        ReplayBuffer samples = Buffer(64);
        var split = Trainer(new FrameNet(5), samples, maxSteps: 3);
        var whole = Trainer(new FrameNet(5), samples, maxSteps: 12);
        var plain = new FrameNet(5);
        var plainAdam = new Adam(0.01f);

        for (int call = 0; call < 4; call++)
        {
            Assert.Equal(FrameTrainingStop.MaxSteps, split.TrainFor(TimeSpan.FromSeconds(1)).Stop);
        }
        whole.TrainFor(TimeSpan.FromSeconds(1));
        var rng = new NetGen.Random.Rng(7);
        var x = new float[Batch * FrameNet.InputSize];
        var y = new float[Batch];
        for (int step = 0; step < 12; step++)
        {
            samples.Sample(ref rng, x, y, Batch);
            plain.TrainStep(x, y, Batch, plainAdam);
        }

        Assert.Equal(12, split.TotalSteps);
        Assert.Equal(plain.Parameters.ToArray(), split.Network.Parameters.ToArray());
        Assert.Equal(plain.Parameters.ToArray(), whole.Network.Parameters.ToArray());
        Assert.Equal(12, split.Optimizer.StepCount);
    }

    [Fact]
    public void TrainFor_WaitsForMinSamples()
    {
        var net = new FrameNet(1);
        var samples = ReplayBuffer.For(net, 100);
        var trainer = new FrameBudgetTrainer(net, new Sgd(0.1f), samples, FrameNet.TrainingFlopsPerSample,
            new FrameBudgetOptions { BatchSize = Batch, MinSamples = 20, MaxStepsPerCall = 1 });
        ReplayBuffer source = Buffer(20);

        for (int i = 0; i < 19; i++)
        {
            samples.Add(source.Input(i), source.Target(i));
            FrameTrainingResult waiting = trainer.TrainFor(TimeSpan.FromSeconds(1));
            Assert.Equal(FrameTrainingStop.NotEnoughSamples, waiting.Stop);
            Assert.Equal(0, waiting.Steps);
            Assert.True(float.IsNaN(waiting.MeanLoss));
        }
        samples.Add(source.Input(19), source.Target(19));

        Assert.Equal(1, trainer.TrainFor(TimeSpan.FromSeconds(1)).Steps);
    }

    [Fact]
    public void TrainFor_LearnsTheBufferedTask()
    {
        (FrameBudgetTrainer trainer, _, _) = Create(priorTicks: 100, 100);
        float first = trainer.TrainFor(TimeSpan.FromMicroseconds(1000)).MeanLoss;
        float last = first;
        for (int frame = 0; frame < 300; frame++)
        {
            last = trainer.TrainFor(TimeSpan.FromMicroseconds(1000)).MeanLoss;
        }

        Assert.True(last < 0.5f * first, $"mean loss {first} -> {last}");
        Assert.Equal(trainer.LastLoss, last, 0.5f);
    }

    [Fact]
    public void TrainFor_AndReplayBufferAdd_AllocateNothing_FromTheFirstStep()
    {
        // A throwaway trainer runs the code once first: the JIT's and type loading's allocations are not the trainer's.
        new FrameBudgetTrainer(new FrameNet(4), new Adam(0.01f), Buffer(64), FrameNet.TrainingFlopsPerSample,
            new FrameBudgetOptions { BatchSize = Batch }).TrainFor(TimeSpan.FromMilliseconds(1));
        var net = new FrameNet(3);
        ReplayBuffer samples = Buffer(64);
        var trainer = new FrameBudgetTrainer(net, new Adam(0.01f), samples, FrameNet.TrainingFlopsPerSample,
            new FrameBudgetOptions { BatchSize = Batch });
        float[] observation = { 0.25f, -0.5f };

        long before = GC.GetAllocatedBytesForCurrentThread();
        long steps = 0;
        for (int frame = 0; frame < 100; frame++)
        {
            samples.Add(observation, frame % 2);
            steps += trainer.TrainFor(TimeSpan.FromMilliseconds(0.2)).Steps;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(steps > 0);
    }

    [Fact]
    public void TrainFor_NegativeOrHugeBudget_Throws()
    {
        (FrameBudgetTrainer trainer, _, _) = Create(priorTicks: 100, 100);

        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.TrainFor(TimeSpan.FromMilliseconds(-1)));
        Assert.Contains("between zero and one hour", negative.Message);
        Assert.Equal("budget", negative.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.TrainFor(TimeSpan.FromHours(2)));
        Assert.Equal(0, trainer.TotalSteps);
    }

    [Fact]
    public void Constructor_BadOptions_ThrowWithTheFix()
    {
        var net = new FrameNet(1);
        var samples = ReplayBuffer.For(net, 10);
        FrameBudgetTrainer Make(FrameBudgetOptions o, long flops = FrameNet.TrainingFlopsPerSample, ReplayBuffer? s = null) =>
            new(net, new Sgd(0.1f), s ?? samples, flops, o);

        Assert.Contains("MaxBatch (16)", Assert.Throws<ArgumentOutOfRangeException>(() => Make(new FrameBudgetOptions { BatchSize = 17 })).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Make(new FrameBudgetOptions { BatchSize = 0 }));
        Assert.Contains("capacity (10)", Assert.Throws<ArgumentOutOfRangeException>(() => Make(new FrameBudgetOptions { BatchSize = 4, MinSamples = 11 })).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Make(new FrameBudgetOptions { BatchSize = 4, MaxStepsPerCall = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Make(new FrameBudgetOptions { BatchSize = 4, PriorFlopsPerSecond = double.NaN }));
        Assert.Contains("TrainingFlopsPerSample", Assert.Throws<ArgumentOutOfRangeException>(() => Make(new FrameBudgetOptions { BatchSize = 4 }, flops: 0)).Message);
        Assert.Contains("ReplayBuffer.For", Assert.Throws<ArgumentException>(() => Make(new FrameBudgetOptions { BatchSize = 4 }, s: new ReplayBuffer(10, 3, 1))).Message);
        Assert.Throws<ArgumentNullException>(() => new FrameBudgetTrainer(net, null!, samples, 1));
    }

    [Fact]
    public void Constructor_OptimizerOfAnotherNetwork_Throws()
    {
        var other = new DigitsMlp(1);
        var sgd = new Sgd(0.1f);
        sgd.Step(other.Parameters, other.Gradients); // bound to DigitsMlp's arena
        var net = new FrameNet(1);

        var error = Assert.Throws<ArgumentException>(() => new FrameBudgetTrainer(
            net, sgd, ReplayBuffer.For(net, 10), FrameNet.TrainingFlopsPerSample, new FrameBudgetOptions { BatchSize = Batch }));
        Assert.Contains("one optimizer per network", error.Message);
    }

    private const int StepCostWindow = 8;

    // A FrameNet on a fake clock whose steps cost `costs` ticks, with a prior of `priorTicks` ticks a step.
    private static (FrameBudgetTrainer Trainer, FakeFrameClock Clock, ClockedNetwork Net) Create(long priorTicks, params long[] costs)
    {
        var clock = new FakeFrameClock();
        var net = new ClockedNetwork(new FrameNet(1), clock, costs);
        var options = new FrameBudgetOptions
        {
            BatchSize = Batch,
            Seed = 7,
            Clock = clock,
            PriorFlopsPerSecond = (double)FrameNet.TrainingFlopsPerSample * Batch * clock.Frequency / priorTicks,
        };
        return (new FrameBudgetTrainer(net, new Adam(0.01f), Buffer(64), FrameNet.TrainingFlopsPerSample, options), clock, net);
    }

    private static FrameBudgetTrainer Trainer(INetwork net, ReplayBuffer samples, int maxSteps) =>
        new(net, new Adam(0.01f), samples, FrameNet.TrainingFlopsPerSample,
            new FrameBudgetOptions { BatchSize = Batch, Seed = 7, MaxStepsPerCall = maxSteps, Clock = new FakeFrameClock() });

    // Points in the square [-1, 1]^2, labelled by the side of the diagonal x + y = 0 they lie on.
    private static ReplayBuffer Buffer(int count)
    {
        var samples = new ReplayBuffer(count, FrameNet.InputSize, FrameNet.TargetSize);
        var rng = new System.Random(11);
        var x = new float[2];
        for (int i = 0; i < count; i++)
        {
            x[0] = (float)(rng.NextDouble() * 2 - 1);
            x[1] = (float)(rng.NextDouble() * 2 - 1);
            samples.Add(x, x[0] + x[1] > 0 ? 1f : 0f);
        }
        return samples;
    }
}
