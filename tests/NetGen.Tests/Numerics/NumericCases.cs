using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Tests.Networks;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Numerics;

/// <summary>
/// Every network of <c>NumericNetworks.cs</c>, its declaration restated as reference layers (the restatement is the
/// specification: it is written from the attributes, not read from the generated code).
/// </summary>
public static class NumericCases
{
    private static readonly NumericCase[] s_all =
    {
        Case(s => new TanhRegressor(s), Loss.MeanSquaredError)
            .Layer(new(5, 4, Activation.Tanh), "fc1", n => n.Fc1Weight, n => n.Fc1Bias, n => n.Fc1WeightGrad, n => n.Fc1BiasGrad, n => n.Fc1Output)
            .Layer(new(4, 3, Activation.Identity), "fc2", n => n.Fc2Weight, n => n.Fc2Bias, n => n.Fc2WeightGrad, n => n.Fc2BiasGrad, n => n.Fc2Output),
        Case(s => new SigmoidRegressor(s), Loss.MeanSquaredError)
            .Layer(new(4, 6, Activation.Sigmoid), "fc1", n => n.Fc1Weight, n => n.Fc1Bias, n => n.Fc1WeightGrad, n => n.Fc1BiasGrad, n => n.Fc1Output)
            .Layer(new(6, 2, Activation.Tanh), "fc2", n => n.Fc2Weight, n => n.Fc2Bias, n => n.Fc2WeightGrad, n => n.Fc2BiasGrad, n => n.Fc2Output),
        Case(s => new ReluRegressor(s), Loss.MeanSquaredError)
            .Layer(new(6, 5, Activation.ReLU), "fc1", n => n.Fc1Weight, n => n.Fc1Bias, n => n.Fc1WeightGrad, n => n.Fc1BiasGrad, n => n.Fc1Output)
            .Layer(new(5, 3, Activation.LeakyReLU, LeakySlope: 0.2), "fc2", n => n.Fc2Weight, n => n.Fc2Bias, n => n.Fc2WeightGrad, n => n.Fc2BiasGrad, n => n.Fc2Output),
        Case(s => new LeakyReluRegressor(s), Loss.MeanSquaredError)
            .Layer(new(5, 7, Activation.LeakyReLU, LeakySlope: 0.2), "fc1", n => n.Fc1Weight, n => n.Fc1Bias, n => n.Fc1WeightGrad, n => n.Fc1BiasGrad, n => n.Fc1Output)
            .Layer(new(7, 2, Activation.ReLU), "fc2", n => n.Fc2Weight, n => n.Fc2Bias, n => n.Fc2WeightGrad, n => n.Fc2BiasGrad, n => n.Fc2Output),
        Case(s => new IdentityRegressor(s), Loss.MeanSquaredError)
            .Layer(new(3, 4, Activation.Identity), "fc1", n => n.Fc1Weight, n => n.Fc1Bias, n => n.Fc1WeightGrad, n => n.Fc1BiasGrad, n => n.Fc1Output)
            .Layer(new(4, 3, Activation.Sigmoid), "fc2", n => n.Fc2Weight, n => n.Fc2Bias, n => n.Fc2WeightGrad, n => n.Fc2BiasGrad, n => n.Fc2Output),
        Case(s => new ThreeLayerRegressor(s), Loss.MeanSquaredError)
            .Layer(new(6, 7, Activation.ReLU), "fc1", n => n.Fc1Weight, n => n.Fc1Bias, n => n.Fc1WeightGrad, n => n.Fc1BiasGrad, n => n.Fc1Output)
            .LayerWithoutBias(new(7, 5, Activation.Tanh, HasBias: false), "mid", n => n.MidWeight, n => n.MidWeightGrad, n => n.MidOutput)
            .Layer(new(5, 4, Activation.Identity), "fc3", n => n.Fc3Weight, n => n.Fc3Bias, n => n.Fc3WeightGrad, n => n.Fc3BiasGrad, n => n.Fc3Output),
        Case(s => new NoBiasRegressor(s), Loss.MeanSquaredError)
            .LayerWithoutBias(new(5, 4, Activation.Tanh, HasBias: false), "fc1", n => n.Fc1Weight, n => n.Fc1WeightGrad, n => n.Fc1Output)
            .LayerWithoutBias(new(4, 3, Activation.Identity, HasBias: false), "fc2", n => n.Fc2Weight, n => n.Fc2WeightGrad, n => n.Fc2Output),
        Case(s => new LinearRegressor(s), Loss.MeanSquaredError)
            .Layer(new(3, 2, Activation.Identity), "fc1", n => n.Fc1Weight, n => n.Fc1Bias, n => n.Fc1WeightGrad, n => n.Fc1BiasGrad, n => n.Fc1Output),
        Case(s => new SoftmaxClassifier(s), Loss.SoftmaxCrossEntropy)
            .Layer(new(5, 6, Activation.Tanh), "fc1", n => n.Fc1Weight, n => n.Fc1Bias, n => n.Fc1WeightGrad, n => n.Fc1BiasGrad, n => n.Fc1Output)
            .Layer(new(6, 4, Activation.Softmax), "fc2", n => n.Fc2Weight, n => n.Fc2Bias, n => n.Fc2WeightGrad, n => n.Fc2BiasGrad, n => n.Fc2Output),
        Case(s => new LogitClassifier(s), Loss.SoftmaxCrossEntropy)
            .Layer(new(4, 5, Activation.ReLU), "fc1", n => n.Fc1Weight, n => n.Fc1Bias, n => n.Fc1WeightGrad, n => n.Fc1BiasGrad, n => n.Fc1Output)
            .Layer(new(5, 3, Activation.Identity), "fc2", n => n.Fc2Weight, n => n.Fc2Bias, n => n.Fc2WeightGrad, n => n.Fc2BiasGrad, n => n.Fc2Output),
        Case(s => new SigmoidBinaryClassifier(s), Loss.BinaryCrossEntropy)
            .Layer(new(5, 4, Activation.LeakyReLU), "fc1", n => n.Fc1Weight, n => n.Fc1Bias, n => n.Fc1WeightGrad, n => n.Fc1BiasGrad, n => n.Fc1Output)
            .Layer(new(4, 1, Activation.Sigmoid), "fc2", n => n.Fc2Weight, n => n.Fc2Bias, n => n.Fc2WeightGrad, n => n.Fc2BiasGrad, n => n.Fc2Output),
        Case(s => new LogitBinaryClassifier(s), Loss.BinaryCrossEntropy)
            .Layer(new(4, 6, Activation.Sigmoid), "fc1", n => n.Fc1Weight, n => n.Fc1Bias, n => n.Fc1WeightGrad, n => n.Fc1BiasGrad, n => n.Fc1Output)
            .LayerWithoutBias(new(6, 1, Activation.Identity, HasBias: false), "fc2", n => n.Fc2Weight, n => n.Fc2WeightGrad, n => n.Fc2Output),
    };

    // Networks too large for the element-by-element reference checks, kept for layout and initialisation tests.
    private static readonly NumericCase[] s_large =
    {
        Case(s => new DigitsMlp(s), Loss.SoftmaxCrossEntropy)
            .Layer(new(64, 128, Activation.ReLU), "fc1", n => n.Fc1Weight, n => n.Fc1Bias, n => n.Fc1WeightGrad, n => n.Fc1BiasGrad, n => n.Fc1Output)
            .Layer(new(128, 10, Activation.Identity), "fc2", n => n.Fc2Weight, n => n.Fc2Bias, n => n.Fc2WeightGrad, n => n.Fc2BiasGrad, n => n.Fc2Output),
        Case(s => new InitProbe(s), Loss.SoftmaxCrossEntropy)
            .Layer(new(96, 80, Activation.Tanh), "fc1", n => n.Fc1Weight, n => n.Fc1Bias, n => n.Fc1WeightGrad, n => n.Fc1BiasGrad, n => n.Fc1Output)
            .Layer(new(80, 64, Activation.LeakyReLU, LeakySlope: 0.2), "fc2", n => n.Fc2Weight, n => n.Fc2Bias, n => n.Fc2WeightGrad, n => n.Fc2BiasGrad, n => n.Fc2Output)
            .Layer(new(64, 48, Activation.Sigmoid), "fc3", n => n.Fc3Weight, n => n.Fc3Bias, n => n.Fc3WeightGrad, n => n.Fc3BiasGrad, n => n.Fc3Output)
            .Layer(new(48, 10, Activation.Softmax), "fc4", n => n.Fc4Weight, n => n.Fc4Bias, n => n.Fc4WeightGrad, n => n.Fc4BiasGrad, n => n.Fc4Output),
    };

    /// <summary>The largest batch every tiny numeric network accepts.</summary>
    public const int MaxBatch = 8;

    /// <summary>The case of the network named <paramref name="name"/>, tiny or large.</summary>
    public static NumericCase Get(string name) => s_all.Concat(s_large).Single(c => c.Name == name);

    /// <summary>Every case.</summary>
    public static IReadOnlyList<NumericCase> All => s_all;

    /// <summary>Every network name, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (NumericCase c in s_all)
        {
            data.Add(c.Name);
        }
        return data;
    }

    /// <summary>Every network name, tiny and large (DigitsMlp, InitProbe), for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> AllNames()
    {
        TheoryData<string> data = Names();
        foreach (NumericCase c in s_large)
        {
            data.Add(c.Name);
        }
        return data;
    }

    /// <summary>Every network name with batches 1, 3 and MaxBatch, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string, int> NamesAndBatches()
    {
        var data = new TheoryData<string, int>();
        foreach (NumericCase c in s_all)
        {
            foreach (int batch in new[] { 1, 3, MaxBatch })
            {
                data.Add(c.Name, batch);
            }
        }
        return data;
    }

    /// <summary>
    /// Seeded random input and valid targets for <paramref name="c"/> whose (leaky) ReLU pre-activations, under the
    /// network's current parameters, all stay <see cref="ReferenceData.KinkMargin"/> away from 0: the first data seed
    /// from <paramref name="seed"/> on that qualifies.
    /// </summary>
    public static (float[] Input, float[] Target) DataAwayFromKinks(NumericCase c, INetwork net, int batch, int seed)
    {
        ReferenceMlp mlp = c.ReferenceOf(net);
        for (int s = seed; s < seed + 1000; s++)
        {
            var rng = new System.Random(s);
            float[] input = ReferenceData.Uniform(rng, batch * mlp.InputSize, 1.5);
            float[] target = ReferenceData.Targets(rng, c.Loss, batch, mlp.OutputSize);
            ReferencePass pass = mlp.Run(ReferenceData.ToDouble(input), ReferenceData.ToDouble(target), batch);
            if (ReferenceData.DistanceToKinks(mlp, pass) >= ReferenceData.KinkMargin)
            {
                return (input, target);
            }
        }
        throw new InvalidOperationException($"{c.Name}: no data seed from {seed} keeps clear of the ReLU kinks");
    }

    private static NumericCase<TNet> Case<TNet>(Func<long, TNet> create, Loss loss)
        where TNet : INetwork => new(create, loss);
}
