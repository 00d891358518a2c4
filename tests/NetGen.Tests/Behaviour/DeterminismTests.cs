using System;
using NetGen.Optimizers;
using NetGen.Tests.Networks;
using NetGen.Tests.Numerics;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Behaviour;

/// <summary>
/// A seed reproduces a network and a training run bit for bit; another seed does not. Bits are compared, not
/// values, so that a difference in the last place (or a NaN) is caught.
/// </summary>
public class DeterminismTests
{
    private const int Steps = 20;

    [Theory]
    [MemberData(nameof(NumericCases.AllNames), MemberType = typeof(NumericCases))]
    public void Constructor_SameSeedTwice_GivesBitIdenticalParameters(string name)
    {
        NumericCase c = NumericCases.Get(name);

        Assert.Equal(StateSnapshot.Bits(c.Create(123).Parameters), StateSnapshot.Bits(c.Create(123).Parameters));
    }

    [Theory]
    [MemberData(nameof(NumericCases.AllNames), MemberType = typeof(NumericCases))]
    public void Constructor_DifferentSeeds_GiveDifferentWeightsInEveryLayer(string name)
    {
        NumericCase c = NumericCases.Get(name);
        INetwork a = c.Create(123), b = c.Create(124);

        for (int l = 0; l < c.Layers.Count; l++)
        {
            Assert.NotEqual(c.Weight(a, l), c.Weight(b, l));
        }
    }

    [Theory]
    [MemberData(nameof(NumericCases.AllNames), MemberType = typeof(NumericCases))]
    public void Initialize_AfterTraining_RestoresTheConstructorsParametersAndClearsGradients(string name)
    {
        NumericCase c = NumericCases.Get(name);
        INetwork fresh = c.Create(77);
        INetwork trained = c.Create(77);
        (float[] x, float[] target) = Batch(c, trained, 4, seed: 5);
        trained.TrainStep(x, target, 4, new Sgd(0.1f, 0.9f));
        trained.TrainStep(x, target, 4, new Sgd(0.1f, 0.9f));
        Assert.NotEqual(StateSnapshot.Bits(fresh.Parameters), StateSnapshot.Bits(trained.Parameters));

        trained.Initialize(77);

        Assert.Equal(StateSnapshot.Bits(fresh.Parameters), StateSnapshot.Bits(trained.Parameters));
        Assert.All(trained.Gradients.ToArray(), g => Assert.Equal(0f, g));
        Assert.Equal(0, trained.LastOutput.Length);
    }

    [Fact]
    public void ParameterlessConstructor_UsesTheDeclaredDefaultSeed()
    {
        Assert.Equal(42, DigitsMlp.DefaultSeed);
        Assert.Equal(StateSnapshot.Bits(new DigitsMlp(42).Parameters), StateSnapshot.Bits(new DigitsMlp().Parameters));
    }

    [Fact]
    public void Initialize_EachLayerDrawsFromItsOwnStream_SoOtherLayersDoNotChangeIt()
    {
        // TanhRegressor and NoBiasRegressor share the first layer's shape (5 -> 4, tanh) and differ after it.
        Assert.Equal(
            StateSnapshot.Bits(new TanhRegressor(9).Fc1Weight),
            StateSnapshot.Bits(new NoBiasRegressor(9).Fc1Weight));
    }

    [Theory]
    [MemberData(nameof(NumericCases.Names), MemberType = typeof(NumericCases))]
    public void TrainStep_SameSeedAndData_GivesBitIdenticalLossesOverTwentySteps(string name)
    {
        NumericCase c = NumericCases.Get(name);

        int[] first = LossBits(c, networkSeed: 11);
        int[] second = LossBits(c, networkSeed: 11);

        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(NumericCases.Names), MemberType = typeof(NumericCases))]
    public void TrainStep_DifferentSeed_GivesDifferentLosses(string name)
    {
        NumericCase c = NumericCases.Get(name);

        Assert.NotEqual(LossBits(c, networkSeed: 11), LossBits(c, networkSeed: 12));
    }

    [Fact]
    public void DigitsMlp_SameSeedAndData_GivesBitIdenticalLossesAndParametersOverTwentySteps()
    {
        (int[] losses1, int[] params1) = DigitsRun(seed: 5);
        (int[] losses2, int[] params2) = DigitsRun(seed: 5);
        (int[] losses3, _) = DigitsRun(seed: 6);

        Assert.Equal(losses1, losses2);
        Assert.Equal(params1, params2);
        Assert.NotEqual(losses1, losses3);
    }

    [Theory]
    [MemberData(nameof(NumericCases.Names), MemberType = typeof(NumericCases))]
    public void Forward_EachSampleIsIndependentOfTheRestOfTheBatch(string name)
    {
        NumericCase c = NumericCases.Get(name);
        INetwork net = c.Create(3);
        const int batch = NumericCases.MaxBatch;
        float[] x = ReferenceData.Uniform(new System.Random(8), batch * net.InputSize, 1.5);
        var all = new float[batch * net.OutputSize];
        net.Forward(x, all, batch);

        for (int b = 0; b < batch; b++)
        {
            var one = new float[net.OutputSize];
            net.Forward(x.AsSpan(b * net.InputSize, net.InputSize), one, 1);
            Approx.AllEqual(ReferenceData.ToDouble(all.AsSpan(b * net.OutputSize, net.OutputSize)), one, 1e-6, 1e-7, $"sample {b}");
        }
    }

    private static int[] LossBits(NumericCase c, long networkSeed)
    {
        INetwork net = c.Create(networkSeed);
        (float[] x, float[] target) = Batch(c, net, NumericCases.MaxBatch, seed: 21);
        var sgd = new Sgd(0.05f, 0.9f);
        var losses = new float[Steps];
        for (int i = 0; i < Steps; i++)
        {
            losses[i] = net.TrainStep(x, target, NumericCases.MaxBatch, sgd);
        }
        return StateSnapshot.Bits(losses);
    }

    private static (int[] Losses, int[] Parameters) DigitsRun(long seed)
    {
        var net = new DigitsMlp(seed);
        var rng = new System.Random(1);
        float[] x = ReferenceData.Uniform(rng, DigitsMlp.MaxBatch * DigitsMlp.InputSize, 1.0);
        var labels = new int[DigitsMlp.MaxBatch];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = rng.Next(DigitsMlp.OutputSize);
        }
        var sgd = new Sgd(0.05f, 0.9f);
        var losses = new float[Steps];
        for (int i = 0; i < Steps; i++)
        {
            losses[i] = net.TrainStep(x, labels, DigitsMlp.MaxBatch, sgd);
        }
        return (StateSnapshot.Bits(losses), StateSnapshot.Bits(net.Parameters));
    }

    private static (float[] X, float[] Target) Batch(NumericCase c, INetwork net, int batch, int seed)
    {
        var rng = new System.Random(seed);
        return (ReferenceData.Uniform(rng, batch * net.InputSize, 1.5), ReferenceData.Targets(rng, c.Loss, batch, net.OutputSize));
    }
}
