using System;
using NetGen.Optimizers;
using Xunit;

namespace NetGen.Gpu.Tests;

/// <summary>Comparisons between the CPU network and its GPU twin, and the inputs both receive.</summary>
internal static class Parity
{
    /// <summary>Forward outputs: float32 sums in another order (tiled GEMM, per-thread reductions).</summary>
    public const float OutputTolerance = 2e-5f;

    /// <summary>Gradients and losses of one step: a few float32 roundings more than the outputs.</summary>
    public const float GradientTolerance = 1e-4f;

    /// <summary>Losses along a 10-step trajectory, where rounding differences compound through the updates.</summary>
    public const float TrajectoryTolerance = 1e-3f;

    public static readonly string[] OptimizerNames = { "sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop", "adagrad" };

    public static Optimizer CreateOptimizer(string name) => name switch
    {
        "sgd" => new Sgd(0.05f),
        "momentum" => new Sgd(0.05f, momentum: 0.9f, weightDecay: 1e-3f),
        "nesterov" => new Sgd(0.05f, momentum: 0.9f, nesterov: true),
        "adam" => new Adam(0.01f),
        "adamw" => new AdamW(0.01f, weightDecay: 0.01f),
        "rmsprop" => new RmsProp(0.005f),
        "adagrad" => new Adagrad(0.05f),
        _ => throw new ArgumentException("Unknown optimizer " + name, nameof(name)),
    };

    public static float[] RandomInputs(int count, int seed)
    {
        var random = new System.Random(seed);
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return values;
    }

    public static float[] RandomLabels(int batch, int classes, int seed)
    {
        var random = new System.Random(seed);
        var labels = new float[batch];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = random.Next(classes);
        }
        return labels;
    }

    public static float[] RandomProbabilities(int count, int seed)
    {
        var random = new System.Random(seed);
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextDouble();
        }
        return values;
    }

    /// <summary>Asserts |expected - actual| &lt;= tolerance (1 + |expected|) element by element, naming the first miss.</summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float bound = tolerance * (1f + Math.Abs(expected[i]));
            if (!(Math.Abs(expected[i] - actual[i]) <= bound))
            {
                Assert.Fail($"{what}[{i}]: CPU {expected[i]:R}, GPU {actual[i]:R}, difference {Math.Abs(expected[i] - actual[i]):G3} > {bound:G3}.");
            }
        }
    }

    public static void Close(float expected, float actual, float tolerance, string what) =>
        Close(new[] { expected }, new[] { actual }, tolerance, what);

    /// <summary>Both networks' losses over <paramref name="steps"/> training steps on fixed batches, each with its own optimizer.</summary>
    public static (float[] Cpu, float[] Gpu) Trajectories(INetwork cpu, INetwork gpu, string optimizer, int batch, Func<int, float[]> targets, int steps = 10)
    {
        Optimizer cpuOptimizer = CreateOptimizer(optimizer), gpuOptimizer = CreateOptimizer(optimizer);
        var cpuLosses = new float[steps];
        var gpuLosses = new float[steps];
        for (int step = 0; step < steps; step++)
        {
            float[] input = RandomInputs(batch * cpu.InputSize, 100 + step % 3);
            float[] target = targets(step % 3);
            cpuLosses[step] = cpu.TrainStep(input, target, batch, cpuOptimizer);
            gpuLosses[step] = gpu.TrainStep(input, target, batch, gpuOptimizer);
        }
        return (cpuLosses, gpuLosses);
    }
}
