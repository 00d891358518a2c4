using System;
using NetGen.Optimizers;
using NetGen.Tests.Numerics;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Behaviour;

/// <summary>
/// Gradient descent on one fixed batch drives the loss down: 200 <c>TrainStep</c> calls with SGD (lr 0.1, momentum
/// 0.9) on 4 samples cut the loss of every numeric network by at least 40% on targets it can reach (each has more
/// parameters than the batch has targets), and every loss on the way is finite.
/// </summary>
/// <remarks>
/// Most networks fit the batch almost exactly (the loss falls by 100x or more). The 40% bound is set by
/// LeakyReluRegressor, whose ReLU output has a unit with a negative pre-activation on three of the four samples from
/// the start: no gradient reaches it there, so that share of the loss stays, as it would in PyTorch.
/// </remarks>
public class TrainingSanityTests
{
    [Theory]
    [MemberData(nameof(NumericCases.Names), MemberType = typeof(NumericCases))]
    public void TrainStep_TwoHundredStepsOnAFixedBatch_CutTheLossByAtLeastFortyPercent(string name)
    {
        NumericCase c = NumericCases.Get(name);
        INetwork net = c.Create(2);
        const int batch = 4;
        var rng = new System.Random(31);
        float[] x = ReferenceData.Uniform(rng, batch * net.InputSize, 1.5);
        float[] target = ReachableTargets(c, rng, batch);
        var sgd = new Sgd(0.1f, 0.9f);

        float first = net.TrainStep(x, target, batch, sgd);
        float last = first;
        for (int i = 1; i < 200; i++)
        {
            last = net.TrainStep(x, target, batch, sgd);
            Assert.True(float.IsFinite(last), $"step {i}: loss {last}");
        }
        net.Forward(x, new float[batch * net.OutputSize], batch);
        float final = net.ComputeLoss(target, batch);

        Assert.True(final < 0.6f * first, $"{name}: loss went from {first} to {final} (last step reported {last})");
    }

    // Targets the network can fit: inside the output activation's range for MSE, hard 0/1 labels for BCE.
    private static float[] ReachableTargets(NumericCase c, System.Random rng, int batch)
    {
        int outputs = c.Layers[^1].OutFeatures;
        if (c.Loss != Loss.MeanSquaredError)
        {
            float[] labels = ReferenceData.Targets(rng, c.Loss, batch, outputs);
            return c.Loss == Loss.BinaryCrossEntropy ? Array.ConvertAll(labels, _ => (float)rng.Next(2)) : labels;
        }
        (double low, double high) = c.Layers[^1].Activation switch
        {
            Activation.Sigmoid => (0.1, 0.9),
            Activation.Tanh => (-0.8, 0.8),
            Activation.ReLU => (0.1, 1.0),
            _ => (-1.0, 1.0),
        };
        var target = new float[batch * outputs];
        for (int i = 0; i < target.Length; i++)
        {
            target[i] = (float)(low + (high - low) * rng.NextDouble());
        }
        return target;
    }
}
