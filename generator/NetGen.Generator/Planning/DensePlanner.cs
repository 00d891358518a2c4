using System;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>The rules and the plan of a fully connected layer.</summary>
internal static class DensePlanner
{
    public static void Validate(NetworkSpec spec, ReadOnlySpan<LayerSpec> layers, int index, Action<int, DiagnosticDescriptor, string[]> error)
    {
        LayerSpec layer = layers[index];
        string name = Planner.Describe(layer);
        bool isOutput = index == layers.Length - 1;

        if (layer.Units <= 0)
        {
            error(index, DiagnosticDescriptors.NonPositiveSize, new[] { name, Planner.Num(layer.Units) });
        }
        if (layer.Activation is < Activation.Identity or > Activation.Softmax)
        {
            error(index, DiagnosticDescriptors.InvalidArgument, new[] { name, "Activation", Planner.Num((int)layer.Activation),
                "use one of Identity, Sigmoid, Tanh, ReLU, LeakyReLU and Softmax" });
        }
        if (layer.Activation == Activation.LeakyReLU && !(layer.LeakySlope > 0 && layer.LeakySlope < 1e6))
        {
            error(index, DiagnosticDescriptors.InvalidArgument, new[] { name, "LeakySlope", Literals.Double(layer.LeakySlope),
                "use a finite, positive slope such as 0.01 (PyTorch's default)" });
        }

        // A flat input is needed; the input's rank is known only from the declared [Input].
        for (int i = index - 1; i >= 0; i--)
        {
            if (layers[i].Kind == LayerKind.Input)
            {
                if (layers[i].Shape.Length > 1 && i == index - 1)
                {
                    error(index, DiagnosticDescriptors.UnsupportedShape, new[] { name, Planner.ShapeText(layers[i].Shape), Planner.Num(Planner.Product(layers[i].Shape)) });
                }
                break;
            }
        }

        if (layer.Activation == Activation.Softmax && (!isOutput || spec.Loss != Loss.SoftmaxCrossEntropy))
        {
            string fix = !isOutput
                ? "it is not the output layer, so use ReLU, Tanh or another element-wise activation here"
                : "the loss is " + spec.Loss + ", so set Loss = Loss.SoftmaxCrossEntropy on [Network] or remove the softmax";
            error(index, DiagnosticDescriptors.SoftmaxMisplaced, new[] { name, fix });
        }
        if (isOutput && layer.Units > 0)
        {
            string? misfit = OutputMisfit(spec.Loss, layer);
            if (misfit is not null)
            {
                error(index, DiagnosticDescriptors.LossDoesNotFitOutput, new[] { spec.Loss.ToString(), name, misfit });
            }
        }
    }

    // Why the output layer cannot feed the loss, or null when it can.
    private static string? OutputMisfit(Loss loss, LayerSpec output) => loss switch
    {
        Loss.SoftmaxCrossEntropy when output.Units < 2 =>
            "softmax cross-entropy needs one output per class, at least 2; use [Dense(2)], or Loss.BinaryCrossEntropy with one output",
        Loss.SoftmaxCrossEntropy when output.Activation is not (Activation.Identity or Activation.Softmax) =>
            "its activation is " + output.Activation + " but the loss takes logits; use Activation.Identity (logits) or Activation.Softmax (fused into the loss)",
        Loss.BinaryCrossEntropy when output.Units != 1 =>
            "binary cross-entropy with a fused sigmoid needs exactly 1 output, but the layer has " + Planner.Num(output.Units) + "; use [Dense(1)], or Loss.SoftmaxCrossEntropy for several classes",
        Loss.BinaryCrossEntropy when output.Activation is not (Activation.Identity or Activation.Sigmoid) =>
            "its activation is " + output.Activation + " but the loss takes logits; use Activation.Identity (logits) or Activation.Sigmoid (fused into the loss)",
        _ => null,
    };

    public static PlannedLayer Plan(NetworkSpec spec, LayerSpec layer, PlannedLayer input, bool isOutput, bool isFirst,
        int weightOffset, int activationOffset, int gradientOffset)
    {
        int inSize = input.OutSize, outSize = layer.Units;
        int weightSize = (int)Math.Min((long)inSize * outSize, int.MaxValue);
        int biasSize = layer.Bias ? outSize : 0;

        // The softmax of cross-entropy and the sigmoid of binary cross-entropy are fused into the loss: the layer
        // stores logits, and Forward applies the declared activation to what it returns.
        bool fused = isOutput && ((spec.Loss == Loss.SoftmaxCrossEntropy && layer.Activation == Activation.Softmax)
            || (spec.Loss == Loss.BinaryCrossEntropy && layer.Activation == Activation.Sigmoid));

        // A multiply-add counts as 2 FLOPs; bias adds count 1 each; activations and the loss are not counted.
        long gemm = 2L * inSize * outSize;
        long forward = gemm + biasSize;
        long training = forward + gemm + biasSize + (isFirst ? 0 : gemm);

        return new PlannedLayer(
            LayerKind.Dense, layer.Name, Planner.MemberName(layer.Name),
            new[] { inSize }.ToEquatableArray(), new[] { outSize }.ToEquatableArray(), inSize, outSize,
            input.Name, input.ActivationOffset, input.GradientOffset,
            layer.Activation, fused ? Activation.Identity : layer.Activation, layer.LeakySlope, layer.Bias,
            weightOffset, weightSize, weightOffset + weightSize, biasSize,
            activationOffset, gradientOffset, forward, training, isFirst, isOutput);
    }
}
