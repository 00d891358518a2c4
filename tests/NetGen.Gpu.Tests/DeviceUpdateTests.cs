using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Schedules;
using NetGen.Training;
using Xunit;

namespace NetGen.Gpu.Tests;

/// <summary>
/// The optimizer update on the device: the arenas stay there between steps, the host views and the optimizer's
/// state are synchronised lazily and stay correct, and every way of driving an optimizer still matches the CPU.
/// </summary>
[Collection(GpuCollection.Name)]
public sealed class DeviceUpdateTests
{
    private const int Batch = 8;

    private readonly GpuDevice _device;

    public DeviceUpdateTests(GpuDeviceFixture fixture) => _device = fixture.Device;

    [Fact]
    public void TrainingSteps_CopyNoArena_WhenNobodyReadsTheHostViews()
    {
        using var gpu = new GpuMlp.Gpu(_device, seed: 7);
        var adam = new Adam(0.01f);
        gpu.TrainStep(Input(0), Labels(0), Batch, adam); // the first step uploads the initial parameters and state
        GpuTransfers first = gpu.Transfers;
        Assert.Equal(new GpuTransfers(ParameterUploads: 1, 0, 0, 0, 0, OptimizerStateUploads: 2, 0), first);

        for (int step = 1; step < 5; step++)
        {
            gpu.TrainStep(Input(step), Labels(step), Batch, adam);
        }

        Assert.Equal(first, gpu.Transfers); // only the batch, the targets and the loss crossed

        // Reading the parameters downloads once; the next step uploads them again, since the span may have been written.
        float value = gpu.Parameters[0];
        gpu.Parameters[0] = value + 1f;
        Assert.Equal(1, gpu.Transfers.ParameterDownloads);
        gpu.TrainStep(Input(5), Labels(5), Batch, adam);
        Assert.Equal(first with { ParameterUploads = 2, ParameterDownloads = 1 }, gpu.Transfers);

        // The output comes back only when asked for, once per pass.
        _ = gpu.LastOutput;
        _ = gpu.LastOutput;
        Assert.Equal(1, gpu.Transfers.OutputDownloads);
    }

    [Fact]
    public void ParametersWrittenThroughTheHostView_ReachTheDevice()
    {
        var cpu = new GpuMlp(seed: 7);
        using var gpu = new GpuMlp.Gpu(_device, seed: 7);
        Optimizer cpuSgd = new Sgd(0.1f), gpuSgd = new Sgd(0.1f);
        cpu.TrainStep(Input(0), Labels(0), Batch, cpuSgd);
        gpu.TrainStep(Input(0), Labels(0), Batch, gpuSgd);

        cpu.Parameters.Fill(0.01f);
        gpu.Parameters.Fill(0.01f);
        float cpuLoss = cpu.TrainStep(Input(1), Labels(1), Batch, cpuSgd);
        float gpuLoss = gpu.TrainStep(Input(1), Labels(1), Batch, gpuSgd);

        Parity.Close(cpuLoss, gpuLoss, Parity.GradientTolerance, "loss after overwriting the parameters");
        Parity.Close(cpu.Parameters, gpu.Parameters, Parity.GradientTolerance, "parameters");
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("rmsprop-centered-momentum")]
    [InlineData("sgd-momentum")]
    public void OptimizerState_ReadBetweenSteps_MatchesTheCpuOptimizer_AndTrainingContinuesAlike(string name)
    {
        var cpu = new GpuMlp(seed: 3);
        using var gpu = new GpuMlp.Gpu(_device, seed: 3);
        Optimizer cpuOptimizer = Create(name), gpuOptimizer = Create(name);
        for (int step = 0; step < 6; step++)
        {
            float cpuLoss = cpu.TrainStep(Input(step), Labels(step), Batch, cpuOptimizer);
            float gpuLoss = gpu.TrainStep(Input(step), Labels(step), Batch, gpuOptimizer);
            Parity.Close(cpuLoss, gpuLoss, Parity.TrajectoryTolerance, $"{name} loss {step}");
            if (step % 2 == 1)
            {
                Assert.Equal(cpuOptimizer.StateTensors.Count, gpuOptimizer.StateTensors.Count);
                for (int s = 0; s < cpuOptimizer.StateTensors.Count; s++)
                {
                    Parity.Close(cpuOptimizer.StateTensors[s].Values, gpuOptimizer.StateTensors[s].Values,
                        Parity.TrajectoryTolerance, $"{name} {cpuOptimizer.StateTensors[s].Name} after step {step}");
                }
            }
        }
        Assert.Equal(cpuOptimizer.StepCount, gpuOptimizer.StepCount);
        Parity.Close(cpu.Parameters, gpu.Parameters, Parity.TrajectoryTolerance, name + " parameters");
    }

    [Fact]
    public void LoadState_ThenDeviceSteps_ContinueLikeAnUninterruptedRun()
    {
        using var straight = new GpuMlp.Gpu(_device, seed: 5);
        var straightAdam = new AdamW(0.01f, amsgrad: true);
        var expected = new float[8];
        for (int step = 0; step < 8; step++)
        {
            expected[step] = straight.TrainStep(Input(step), Labels(step), Batch, straightAdam);
        }

        using var first = new GpuMlp.Gpu(_device, seed: 5);
        var firstAdam = new AdamW(0.01f, amsgrad: true);
        var actual = new float[8];
        for (int step = 0; step < 4; step++)
        {
            actual[step] = first.TrainStep(Input(step), Labels(step), Batch, firstAdam);
        }
        var state = new Dictionary<string, float[]>();
        foreach (OptimizerStateTensor tensor in firstAdam.StateTensors)
        {
            state.Add(tensor.Name, (float[])tensor.Values.Clone());
        }

        using var second = new GpuMlp.Gpu(_device, seed: 99);
        first.Parameters.CopyTo(second.Parameters);
        var secondAdam = new AdamW(0.01f, amsgrad: true);
        secondAdam.LoadState(firstAdam.StepCount, firstAdam.LearningRate, state);
        for (int step = 4; step < 8; step++)
        {
            actual[step] = second.TrainStep(Input(step), Labels(step), Batch, secondAdam);
        }

        Parity.Close(expected, actual, 1e-6f, "losses of the resumed run");
        Parity.Close(straight.Parameters, second.Parameters, 1e-6f, "parameters of the resumed run");
    }

    [Fact]
    public void SwitchingOptimizers_AndHostSteps_KeepEachOptimizersState()
    {
        var cpu = new GpuMlp(seed: 4);
        using var gpu = new GpuMlp.Gpu(_device, seed: 4);
        Optimizer cpuA = new Adam(0.01f), gpuA = new Adam(0.01f), cpuB = new RmsProp(0.005f), gpuB = new RmsProp(0.005f);
        // A, A, B, A on the device, then A on the host copies (the Trainer's path with clipping), then B, A.
        (bool A, bool Host)[] plan = { (true, false), (true, false), (false, false), (true, false), (true, true), (false, false), (true, false) };
        for (int step = 0; step < plan.Length; step++)
        {
            Optimizer c = plan[step].A ? cpuA : cpuB, g = plan[step].A ? gpuA : gpuB;
            if (plan[step].Host)
            {
                cpu.ComputeGradients(Input(step), Labels(step), Batch);
                gpu.ComputeGradients(Input(step), Labels(step), Batch);
                c.Step(cpu.Parameters, cpu.Gradients);
                g.Step(gpu.Parameters, gpu.Gradients);
            }
            else
            {
                Parity.Close(cpu.TrainStep(Input(step), Labels(step), Batch, c), gpu.TrainStep(Input(step), Labels(step), Batch, g),
                    Parity.TrajectoryTolerance, $"loss {step}");
            }
        }

        Parity.Close(cpu.Parameters, gpu.Parameters, Parity.TrajectoryTolerance, "parameters");
        Parity.Close(cpuA.StateTensors[1].Values, gpuA.StateTensors[1].Values, Parity.TrajectoryTolerance, "Adam exp_avg_sq");
        Parity.Close(cpuB.StateTensors[0].Values, gpuB.StateTensors[0].Values, Parity.TrajectoryTolerance, "RMSprop square_avg");
    }

    [Theory]
    [InlineData("adamw-amsgrad")]
    [InlineData("sgd-dampening-l2")]
    [InlineData("adagrad-all")]
    public void WeightDecayExclusions_TrajectoryMatchesCpu(string name)
    {
        var cpu = new GpuMlp(seed: 6);
        using var gpu = new GpuMlp.Gpu(_device, seed: 6);
        Optimizer cpuOptimizer = Create(name), gpuOptimizer = Create(name);
        cpuOptimizer.ExcludeFromWeightDecay(cpu.ParameterTensors);
        gpuOptimizer.ExcludeFromWeightDecay(gpu.ParameterTensors);
        for (int step = 0; step < 10; step++)
        {
            cpuOptimizer.LearningRate = gpuOptimizer.LearningRate = 0.02f / (1 + step);
            Parity.Close(cpu.TrainStep(Input(step), Labels(step), Batch, cpuOptimizer),
                gpu.TrainStep(Input(step), Labels(step), Batch, gpuOptimizer), Parity.TrajectoryTolerance, $"{name} loss {step}");
        }
        Parity.Close(cpu.Parameters, gpu.Parameters, Parity.TrajectoryTolerance, name + " parameters");
    }

    [Fact]
    public void AnOptimizerOfTheUsersOwn_StepsTheHostCopies()
    {
        var cpu = new GpuMlp(seed: 8);
        using var gpu = new GpuMlp.Gpu(_device, seed: 8);
        Optimizer cpuSign = new SignSgd(0.01f), gpuSign = new SignSgd(0.01f);
        for (int step = 0; step < 4; step++)
        {
            Parity.Close(cpu.TrainStep(Input(step), Labels(step), Batch, cpuSign),
                gpu.TrainStep(Input(step), Labels(step), Batch, gpuSign), Parity.TrajectoryTolerance, $"loss {step}");
        }
        Parity.Close(cpu.Parameters, gpu.Parameters, Parity.TrajectoryTolerance, "parameters");
    }

    [Fact]
    public void Trainer_ResumedFromACheckpoint_ContinuesTheDeviceRun()
    {
        DataSet data = Data(48);
        string path = Path.Combine(Path.GetTempPath(), $"netgen-gpu-resume-{Guid.NewGuid():N}.safetensors");
        try
        {
            using var straight = new GpuMlp.Gpu(_device, seed: 2);
            var whole = new LossLog();
            ResumableTrainer(straight).Fit(data, null, null, whole);

            using var first = new GpuMlp.Gpu(_device, seed: 2);
            var before = new LossLog { CancelAfter = 7 };
            Trainer interrupted = ResumableTrainer(first);
            Assert.Throws<OperationCanceledException>(() => interrupted.Fit(data, null, null, before, before.Cancel.Token));
            interrupted.SaveCheckpoint(path);

            using var second = new GpuMlp.Gpu(_device, seed: 77);
            Trainer resumed = ResumableTrainer(second);
            resumed.LoadCheckpoint(path);
            var after = new LossLog();
            resumed.Fit(data, null, null, after);

            var combined = new List<float>(before.Losses);
            combined.AddRange(after.Losses);
            Parity.Close(whole.Losses.ToArray(), combined.ToArray(), 1e-6f, "running losses");
            Parity.Close(straight.Parameters, second.Parameters, 1e-6f, "parameters");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Trainer_WithAccumulationAndClipping_UpdatesThroughTheHostViews_LikeTheCpu()
    {
        DataSet data = Data(40);
        var cpu = new GpuMlp(seed: 3);
        using var gpu = new GpuMlp.Gpu(_device, seed: 3);
        var options = new TrainerOptions { Epochs = 2, BatchSize = 4, Seed = 5, AccumulationSteps = 2, ClipGradientNorm = 0.5f };

        TrainingHistory expected = new Trainer(cpu, new Adam(0.02f), options).Fit(data);
        TrainingHistory actual = new Trainer(gpu, new Adam(0.02f), options).Fit(data);

        for (int epoch = 0; epoch < expected.Epochs.Count; epoch++)
        {
            Parity.Close(expected.Epochs[epoch].TrainLoss, actual.Epochs[epoch].TrainLoss, Parity.TrajectoryTolerance, $"epoch {epoch} loss");
        }
        Parity.Close(cpu.Parameters, gpu.Parameters, Parity.TrajectoryTolerance, "parameters");
    }

    private static Trainer ResumableTrainer(INetwork network) => new(network, new Adam(0.02f), new TrainerOptions
    {
        Epochs = 3,
        BatchSize = Batch,
        Seed = 9,
        Schedule = new StepSchedule(0.02f, stepSize: 1, gamma: 0.5),
    });

    private static Optimizer Create(string name) => name switch
    {
        "adam" => new Adam(0.01f),
        "adamw-amsgrad" => new AdamW(0.02f, beta2: 0.9f, weightDecay: 0.3f, amsgrad: true),
        "rmsprop-centered-momentum" => new RmsProp(0.005f, alpha: 0.95f, weightDecay: 0.05f, momentum: 0.5f, centered: true),
        "sgd-momentum" => new Sgd(0.05f, momentum: 0.9f, weightDecay: 1e-3f),
        "sgd-dampening-l2" => new Sgd(0.02f, 0.7f, dampening: 0.5f, weightDecay: 0.2f),
        "adagrad-all" => new Adagrad(0.02f, 0.1f, 0.2f, 0.25f, 1e-6f),
        _ => throw new ArgumentException("Unknown optimizer " + name, nameof(name)),
    };

    private static float[] Input(int step) => Parity.RandomInputs(Batch * GpuMlp.InputSize, 100 + step);

    private static float[] Labels(int step) => Parity.RandomLabels(Batch, GpuMlp.OutputSize, 200 + step);

    private static DataSet Data(int count)
    {
        float[] features = Parity.RandomInputs(count * GpuMlp.InputSize, 31);
        float[] labels = Parity.RandomLabels(count, GpuMlp.OutputSize, 32);
        return new DataSet(features, GpuMlp.InputSize, labels, 1, GpuMlp.OutputSize);
    }

    // Records the running loss after every mini-batch.
    private sealed class LossLog : IProgress<TrainingProgress>
    {
        public List<float> Losses { get; } = new();

        public int CancelAfter { get; init; } = -1;

        public CancellationTokenSource Cancel { get; } = new();

        public void Report(TrainingProgress value)
        {
            Losses.Add(value.Loss);
            if (Losses.Count == CancelAfter)
            {
                Cancel.Cancel();
            }
        }
    }

    // sign(g) descent: an optimizer the runtime does not know, so the network steps it on the host copies.
    private sealed class SignSgd : Optimizer
    {
        public SignSgd(float learningRate)
            : base(learningRate)
        {
        }

        protected override void UpdateBlock(Span<float> parameters, ReadOnlySpan<float> gradients, int offset, bool decay)
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i] -= LearningRate * Math.Sign(gradients[i]);
            }
        }
    }
}
