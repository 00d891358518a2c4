using System;
using System.Collections.Generic;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Numerics;

/// <summary>
/// The reference's hand-written backpropagation against central finite differences of its own float64 loss, for
/// every hidden activation with every loss and output activation, so that the reference can be trusted as the
/// specification of the generated code.
/// </summary>
/// <remarks>
/// Central differences with <c>h = 1e-6</c> have a truncation error of order <c>h^2 f''' ~ 1e-12</c> and a rounding
/// error of order <c>eps |L| / h ~ 1e-10</c>; hence <c>|analytic - numeric| &lt;= 1e-6 |numeric| + 1e-8</c>.
/// Pre-activations of (leaky) ReLU layers are kept 1e-3 from the kink, a thousand steps h away.
/// </remarks>
public class ReferenceGradientTests
{
    private const double H = 1e-6;
    private const double Rel = 1e-6;
    private const double Abs = 1e-8;

    private static readonly Activation[] s_hidden =
    {
        Activation.Identity, Activation.Sigmoid, Activation.Tanh, Activation.ReLU, Activation.LeakyReLU,
    };

    private static readonly (Loss Loss, Activation Output, int Units)[] s_heads =
    {
        (Loss.MeanSquaredError, Activation.Identity, 3),
        (Loss.MeanSquaredError, Activation.Sigmoid, 3),
        (Loss.MeanSquaredError, Activation.Tanh, 3),
        (Loss.MeanSquaredError, Activation.ReLU, 3),
        (Loss.MeanSquaredError, Activation.LeakyReLU, 3),
        (Loss.SoftmaxCrossEntropy, Activation.Softmax, 4),
        (Loss.SoftmaxCrossEntropy, Activation.Identity, 4),
        (Loss.BinaryCrossEntropy, Activation.Sigmoid, 1),
        (Loss.BinaryCrossEntropy, Activation.Identity, 1),
        (Loss.BinaryCrossEntropy, Activation.Sigmoid, 2),
    };

    public static TheoryData<Activation, Loss, Activation, int, bool> Configurations()
    {
        var data = new TheoryData<Activation, Loss, Activation, int, bool>();
        foreach (Activation hidden in s_hidden)
        {
            foreach ((Loss loss, Activation output, int units) in s_heads)
            {
                data.Add(hidden, loss, output, units, true);
            }
            data.Add(hidden, Loss.MeanSquaredError, Activation.Identity, 3, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Reference_Gradients_MatchCentralFiniteDifferences(Activation hidden, Loss loss, Activation output, int units, bool bias)
    {
        var layers = new List<ReferenceLayer>
        {
            new(5, 4, hidden, bias, LeakySlope: 0.2),
            new(4, units, output, bias, LeakySlope: 0.2),
        };
        CheckAgainstFiniteDifferences(layers, loss, batch: 3, seed: 1);
    }

    [Theory]
    [InlineData(Loss.MeanSquaredError, Activation.Identity, 3)]
    [InlineData(Loss.SoftmaxCrossEntropy, Activation.Softmax, 3)]
    [InlineData(Loss.BinaryCrossEntropy, Activation.Sigmoid, 1)]
    public void Reference_ThreeLayerGradients_MatchCentralFiniteDifferences(Loss loss, Activation output, int units)
    {
        var layers = new List<ReferenceLayer>
        {
            new(6, 5, Activation.ReLU),
            new(5, 4, Activation.Tanh, HasBias: false),
            new(4, units, output),
        };
        CheckAgainstFiniteDifferences(layers, loss, batch: 4, seed: 2);
    }

    [Fact]
    public void Reference_SoftmaxFusedIntoLoss_GivesTheSameLossAndGradientsAsIdentityLogits()
    {
        // The declared softmax changes what Forward returns, never the loss: CrossEntropyLoss takes logits.
        var fused = new ReferenceMlp(new ReferenceLayer[] { new(3, 4, Activation.Softmax) }, Loss.SoftmaxCrossEntropy);
        var logits = new ReferenceMlp(new ReferenceLayer[] { new(3, 4, Activation.Identity) }, Loss.SoftmaxCrossEntropy);
        var rng = new System.Random(3);
        for (int i = 0; i < 12; i++)
        {
            fused.Weights[0][i] = logits.Weights[0][i] = rng.NextDouble() - 0.5;
        }
        double[] input = { 0.5, -1, 2, 1, 0.25, -0.5 };
        double[] target = { 3, 0 };

        ReferencePass a = fused.Run(input, target, 2);
        ReferencePass b = logits.Run(input, target, 2);

        Assert.Equal(b.Loss, a.Loss);
        Assert.Equal(b.WeightGrads[0], a.WeightGrads[0]);
        for (int r = 0; r < 2; r++)
        {
            double sum = 0;
            for (int j = 0; j < 4; j++)
            {
                sum += a.Prediction[r * 4 + j];
                Approx.Equal(Math.Exp(b.Prediction[r * 4 + j]) / SumExp(b.Prediction, r, 4), a.Prediction[r * 4 + j], 1e-12, 0, "softmax prediction");
            }
            Approx.Equal(1.0, sum, 0, 1e-12, "softmax row sum");
        }
    }

    private static double SumExp(double[] z, int row, int width)
    {
        double s = 0;
        for (int j = 0; j < width; j++)
        {
            s += Math.Exp(z[row * width + j]);
        }
        return s;
    }

    private static void CheckAgainstFiniteDifferences(IReadOnlyList<ReferenceLayer> layers, Loss loss, int batch, int seed)
    {
        var mlp = new ReferenceMlp(layers, loss);
        (double[] input, double[] target) = RandomProblemAwayFromKinks(mlp, batch, seed);
        ReferencePass pass = mlp.Run(input, target, batch);

        for (int l = 0; l < layers.Count; l++)
        {
            AssertMatchesFiniteDifferences(mlp, mlp.Weights[l], pass.WeightGrads[l], input, target, batch, $"layer {l} weight");
            AssertMatchesFiniteDifferences(mlp, mlp.Biases[l], pass.BiasGrads[l], input, target, batch, $"layer {l} bias");
        }
        AssertMatchesFiniteDifferences(mlp, input, pass.InputGrad, input, target, batch, "input");
    }

    // Perturbs values[i] in place (values is a weight, bias or the input itself) and differentiates the loss.
    private static void AssertMatchesFiniteDifferences(
        ReferenceMlp mlp, double[] values, double[] analytic, double[] input, double[] target, int batch, string what)
    {
        Assert.Equal(values.Length, analytic.Length);
        for (int i = 0; i < values.Length; i++)
        {
            double saved = values[i];
            values[i] = saved + H;
            double plus = mlp.ComputeLoss(input, target, batch);
            values[i] = saved - H;
            double minus = mlp.ComputeLoss(input, target, batch);
            values[i] = saved;
            double numeric = (plus - minus) / (2 * H);
            Approx.Equal(numeric, analytic[i], Rel, Abs, $"{what}[{i}] analytic vs central difference");
        }
    }

    // Random parameters, input and valid targets; the first seed from `seed` whose kinked pre-activations stay clear of 0.
    private static (double[] Input, double[] Target) RandomProblemAwayFromKinks(ReferenceMlp mlp, int batch, int seed)
    {
        for (int s = seed; s < seed + 1000; s++)
        {
            var rng = new System.Random(s);
            for (int l = 0; l < mlp.Layers.Count; l++)
            {
                double scale = 1.5 / Math.Sqrt(mlp.Layers[l].InFeatures);
                ReferenceData.ToDouble(ReferenceData.Uniform(rng, mlp.Weights[l].Length, scale)).CopyTo(mlp.Weights[l], 0);
                ReferenceData.ToDouble(ReferenceData.Uniform(rng, mlp.Biases[l].Length, 0.5)).CopyTo(mlp.Biases[l], 0);
            }
            double[] input = ReferenceData.ToDouble(ReferenceData.Uniform(rng, batch * mlp.InputSize, 1.5));
            double[] target = ReferenceData.ToDouble(ReferenceData.Targets(rng, mlp.Loss, batch, mlp.OutputSize));
            if (ReferenceData.DistanceToKinks(mlp, mlp.Run(input, target, batch)) >= ReferenceData.KinkMargin)
            {
                return (input, target);
            }
        }
        throw new InvalidOperationException("no seed keeps the pre-activations clear of the ReLU kinks");
    }
}
