using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;
using NetGen.Generator.Planning.Layers;

namespace NetGen.Generator.Planning;

/// <summary>
/// Pure functions from a <see cref="NetworkSpec"/> to a <see cref="NetworkPlan"/>: validation, shape inference
/// through the graph, the memory plan (fixed offsets in one arena per kind, activations sized for MaxBatch) and
/// FLOP counts. Each layer kind's rules live in its own planner under <c>Layers/</c>.
/// </summary>
internal static class Planner
{
    public const int MaxBatchLimit = 65536;

    public static PlanResult Plan(NetworkSpec spec)
    {
        var errors = ImmutableArray.CreateBuilder<PlanError>();
        void Error(int layer, DiagnosticDescriptor d, string[] args) => errors.Add(new PlanError(layer, d, args.ToEquatableArray()));

        if (spec.MaxBatch < 1 || spec.MaxBatch > MaxBatchLimit)
        {
            Error(-1, DiagnosticDescriptors.MaxBatchOutOfRange, new[] { Literals.Int(spec.MaxBatch), Literals.Int(MaxBatchLimit) });
        }
        if (spec.Loss is not (Loss.MeanSquaredError or Loss.SoftmaxCrossEntropy or Loss.BinaryCrossEntropy))
        {
            Error(-1, DiagnosticDescriptors.InvalidArgument, new[] { "[Network]", "Loss", Literals.Int((int)spec.Loss),
                "use Loss.MeanSquaredError, Loss.SoftmaxCrossEntropy or Loss.BinaryCrossEntropy" });
        }

        int inputIndex = GraphRules.Validate(spec, Error);
        if (inputIndex < 0 || errors.Count > 0)
        {
            return new PlanResult(null, errors.ToImmutable());
        }
        EquatableArray<int>[]? shapes = InferShapes(spec, inputIndex, Error);
        if (shapes is null || errors.Count > 0)
        {
            return new PlanResult(null, errors.ToImmutable());
        }
        NetworkPlan? plan = MemoryPlanner.Layout(spec, inputIndex, shapes, Error);
        return plan is not null && errors.Count == 0
            ? new PlanResult(plan, ImmutableArray<PlanError>.Empty)
            : new PlanResult(null, errors.ToImmutable());
    }

    // Shape inference in declaration order; each layer reads the one before it. Stops at the first layer whose
    // shape cannot be computed, so that one mistake gives one diagnostic rather than a cascade.
    private static EquatableArray<int>[]? InferShapes(NetworkSpec spec, int inputIndex, Action<int, DiagnosticDescriptor, string[]> error)
    {
        ReadOnlySpan<LayerSpec> layers = spec.Layers.AsSpan();
        var shapes = new EquatableArray<int>[layers.Length];
        shapes[inputIndex] = ((InputSpec)layers[inputIndex]).Shape;
        for (int i = inputIndex + 1; i < layers.Length; i++)
        {
            int index = i;
            var context = new LayerContext(spec, layers[i], shapes[i - 1], i == layers.Length - 1, (d, a) => error(index, d, a));
            EquatableArray<int>? shape = layers[i] switch
            {
                DenseSpec dense => DensePlanner.Infer(context, dense),
                Conv2DSpec conv => Conv2DPlanner.Infer(context, conv),
                Pool2DSpec pool => PoolPlanner.Infer(context, pool),
                GlobalAvgPool2DSpec => PoolPlanner.InferGlobal(context),
                FlattenSpec => Shapes.Of(Shapes.Product(context.InShape)),
                BatchNormSpec norm => NormalizationPlanner.InferBatchNorm(context, norm),
                DropoutSpec dropout => NormalizationPlanner.InferDropout(context, dropout),
                _ => null,
            };
            if (shape is null)
            {
                return null;
            }
            shapes[i] = shape.Value;
        }

        LayerSpec output = layers[layers.Length - 1];
        string? misfit = ActivationRules.OutputMisfit(spec.Loss, shapes[layers.Length - 1], DeclaredActivation(output));
        if (misfit is not null)
        {
            error(layers.Length - 1, DiagnosticDescriptors.LossDoesNotFitOutput, new[] { spec.Loss.ToString(), output.Describe(), misfit });
            return null;
        }
        return shapes;
    }

    internal static Activation DeclaredActivation(LayerSpec layer) => layer switch
    {
        DenseSpec dense => dense.Activation,
        Conv2DSpec conv => conv.Activation,
        BatchNormSpec norm => norm.Activation,
        _ => Activation.Identity,
    };

    internal static double LeakySlope(LayerSpec layer) => layer switch
    {
        DenseSpec dense => dense.LeakySlope,
        Conv2DSpec conv => conv.LeakySlope,
        BatchNormSpec norm => norm.LeakySlope,
        _ => 0,
    };

    internal static string MemberName(string name)
    {
        var chars = new System.Text.StringBuilder(name.Length);
        bool upper = true;
        foreach (char c in name)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }
            chars.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return chars.ToString();
    }
}
