using System;
using NetGen.Optimizers;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Numerics;

/// <summary>
/// The generated float32 CPU path against the float64 reference, for every numeric network and batches 1, 3 and
/// MaxBatch: outputs, losses and every gradient, read through the generated views.
/// </summary>
/// <remarks>
/// Tolerance: <c>|generated - reference| &lt;= 1e-4 |reference| + 1e-5</c>. Float32 has a unit roundoff of 6e-8; these
/// layers sum at most 7 products, so the forward error is a few 1e-7 relative, and backward adds one more such
/// layer of sums per layer. 1e-4 leaves two orders of magnitude for that, yet catches any wrong term, a missing
/// 1/B or a derivative taken at the wrong point (those are off by 1e-2 or more).
/// </remarks>
public class GeneratedNetworkParityTests
{
    private const double Rel = 1e-4;
    private const double Abs = 1e-5;
    private const long NetworkSeed = 7;
    private const int DataSeed = 100;

    [Theory]
    [MemberData(nameof(NumericCases.NamesAndBatches), MemberType = typeof(NumericCases))]
    public void Dense_Forward_MatchesFloat64Reference(string name, int batch)
    {
        NumericCase c = NumericCases.Get(name);
        INetwork net = c.Create(NetworkSeed);
        (float[] input, float[] target) = NumericCases.DataAwayFromKinks(c, net, batch, DataSeed);
        ReferencePass expected = c.ReferenceOf(net).Run(ReferenceData.ToDouble(input), ReferenceData.ToDouble(target), batch);

        var output = new float[batch * net.OutputSize];
        net.Forward(input, output, batch);

        Approx.AllEqual(expected.Prediction, output, Rel, Abs, $"{name} Forward output");
        Approx.AllEqual(expected.Outputs[^1], net.LastOutput, Rel, Abs, $"{name} LastOutput");
        for (int l = 0; l < c.Layers.Count; l++)
        {
            Approx.AllEqual(expected.Outputs[l], c.Output(net, l), Rel, Abs, $"{name} {c.LayerNames[l]} output");
        }
    }

    [Theory]
    [MemberData(nameof(NumericCases.NamesAndBatches), MemberType = typeof(NumericCases))]
    public void Network_ComputeLoss_MatchesFloat64Reference(string name, int batch)
    {
        NumericCase c = NumericCases.Get(name);
        INetwork net = c.Create(NetworkSeed);
        (float[] input, float[] target) = NumericCases.DataAwayFromKinks(c, net, batch, DataSeed);
        double expected = c.ReferenceOf(net).ComputeLoss(ReferenceData.ToDouble(input), ReferenceData.ToDouble(target), batch);

        net.Forward(input, new float[batch * net.OutputSize], batch);

        Approx.Equal(expected, net.ComputeLoss(target, batch), Rel, Abs, $"{name} ComputeLoss");
    }

    [Theory]
    [MemberData(nameof(NumericCases.NamesAndBatches), MemberType = typeof(NumericCases))]
    public void Dense_Backward_MatchesFloat64Reference(string name, int batch)
    {
        NumericCase c = NumericCases.Get(name);
        INetwork net = c.Create(NetworkSeed);
        (float[] input, float[] target) = NumericCases.DataAwayFromKinks(c, net, batch, DataSeed);
        ReferencePass expected = c.ReferenceOf(net).Run(ReferenceData.ToDouble(input), ReferenceData.ToDouble(target), batch);

        net.Forward(input, new float[batch * net.OutputSize], batch);
        float loss = net.Backward(target, batch);

        Approx.Equal(expected.Loss, loss, Rel, Abs, $"{name} Backward's loss");
        AssertGradientsMatch(c, net, expected, name);
    }

    [Theory]
    [MemberData(nameof(NumericCases.Names), MemberType = typeof(NumericCases))]
    public void Backward_CalledAgainOnAnotherBatch_OverwritesRatherThanAccumulates(string name)
    {
        NumericCase c = NumericCases.Get(name);
        INetwork net = c.Create(NetworkSeed);
        (float[] input1, float[] target1) = NumericCases.DataAwayFromKinks(c, net, 5, DataSeed);
        (float[] input2, float[] target2) = NumericCases.DataAwayFromKinks(c, net, 3, DataSeed + 1000);
        ReferencePass expected = c.ReferenceOf(net).Run(ReferenceData.ToDouble(input2), ReferenceData.ToDouble(target2), 3);

        net.Forward(input1, new float[5 * net.OutputSize], 5);
        net.Backward(target1, 5);
        net.Forward(input2, new float[3 * net.OutputSize], 3);
        net.Backward(target2, 3);

        AssertGradientsMatch(c, net, expected, name + " (second Backward)");
    }

    [Theory]
    [MemberData(nameof(NumericCases.Names), MemberType = typeof(NumericCases))]
    public void TrainStep_WithPlainSgd_ReturnsPreUpdateLossAndSubtractsReferenceGradient(string name)
    {
        const float lr = 0.05f;
        NumericCase c = NumericCases.Get(name);
        INetwork net = c.Create(NetworkSeed);
        (float[] input, float[] target) = NumericCases.DataAwayFromKinks(c, net, NumericCases.MaxBatch, DataSeed);
        ReferenceMlp mlp = c.ReferenceOf(net);
        ReferencePass expected = mlp.Run(ReferenceData.ToDouble(input), ReferenceData.ToDouble(target), NumericCases.MaxBatch);

        float loss = net.TrainStep(input, target, NumericCases.MaxBatch, new Sgd(lr));

        Approx.Equal(expected.Loss, loss, Rel, Abs, $"{name} TrainStep's loss");
        for (int l = 0; l < c.Layers.Count; l++)
        {
            Approx.AllEqual(Step(mlp.Weights[l], expected.WeightGrads[l], lr), c.Weight(net, l), Rel, Abs, $"{name} {c.LayerNames[l]}.weight after the step");
            Approx.AllEqual(Step(mlp.Biases[l], expected.BiasGrads[l], lr), c.Bias(net, l), Rel, Abs, $"{name} {c.LayerNames[l]}.bias after the step");
        }
    }

    private static double[] Step(double[] parameters, double[] gradients, double lr)
    {
        var next = new double[parameters.Length];
        for (int i = 0; i < next.Length; i++)
        {
            next[i] = parameters[i] - lr * gradients[i];
        }
        return next;
    }

    private static void AssertGradientsMatch(NumericCase c, INetwork net, ReferencePass expected, string what)
    {
        for (int l = 0; l < c.Layers.Count; l++)
        {
            Approx.AllEqual(expected.WeightGrads[l], c.WeightGrad(net, l), Rel, Abs, $"{what} {c.LayerNames[l]}.weight gradient");
            Approx.AllEqual(expected.BiasGrads[l], c.BiasGrad(net, l), Rel, Abs, $"{what} {c.LayerNames[l]}.bias gradient");
        }
    }
}
