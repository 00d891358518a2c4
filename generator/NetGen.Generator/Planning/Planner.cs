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

        Graph? graph = GraphRules.Validate(spec, Error);
        if (graph is null || errors.Count > 0)
        {
            return new PlanResult(null, errors.ToImmutable());
        }
        EquatableArray<int>[]? shapes = InferShapes(spec, graph, Error);
        if (shapes is null || errors.Count > 0)
        {
            return new PlanResult(null, errors.ToImmutable());
        }
        NetworkPlan? plan = MemoryPlanner.Layout(spec, graph, shapes, Error);
        return plan is not null && errors.Count == 0
            ? new PlanResult(plan, ImmutableArray<PlanError>.Empty)
            : new PlanResult(null, errors.ToImmutable());
    }

    // Shape inference in execution order; each layer sees the shapes of the layers it reads. Stops at the first
    // layer whose shape cannot be computed, so that one mistake gives one diagnostic rather than a cascade.
    private static EquatableArray<int>[]? InferShapes(NetworkSpec spec, Graph graph, Action<int, DiagnosticDescriptor, string[]> error)
    {
        ReadOnlySpan<LayerSpec> layers = spec.Layers.AsSpan();
        var shapes = new EquatableArray<int>[layers.Length];
        foreach (int i in graph.Order)
        {
            if (layers[i] is InputSpec input)
            {
                long[] dims = System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(input.Shape, d => (long)d));
                if (LayerContext.SizeProblem(spec.MaxBatch, dims) is { } problem)
                {
                    error(i, DiagnosticDescriptors.LayerTooLarge, new[] { input.Describe(), problem, "declare a smaller input or lower MaxBatch" });
                    return null;
                }
                shapes[i] = input.Shape;
                continue;
            }
            int index = i;
            int[] sources = graph.Sources[i];
            var context = new LayerContext(spec, layers[i], shapes[sources[0]], i == graph.Output, (d, a) => error(index, d, a));
            EquatableArray<int>? shape = layers[i] switch
            {
                DenseSpec dense => DensePlanner.Infer(context, dense),
                Conv2DSpec conv => Conv2DPlanner.Infer(context, conv),
                Pool2DSpec pool => PoolPlanner.Infer(context, pool),
                GlobalAvgPool2DSpec => PoolPlanner.InferGlobal(context),
                FlattenSpec => Shapes.Of(Shapes.Product(context.InShape)),
                BatchNormSpec norm => NormalizationPlanner.InferBatchNorm(context, norm),
                DropoutSpec dropout => NormalizationPlanner.InferDropout(context, dropout),
                MergeSpec merge => MergePlanner.Infer(context, merge, System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(sources, s => shapes[s]))),
                _ => null,
            };
            if (shape is null)
            {
                return null;
            }
            shapes[i] = shape.Value;
        }

        LayerSpec output = layers[graph.Output];
        string? misfit = ActivationRules.OutputMisfit(spec.Loss, shapes[graph.Output], DeclaredActivation(output));
        if (misfit is not null)
        {
            error(graph.Output, DiagnosticDescriptors.LossDoesNotFitOutput, new[] { spec.Loss.ToString(), output.Describe(), misfit });
            return null;
        }
        return shapes;
    }

    internal static Activation DeclaredActivation(LayerSpec layer) => layer switch
    {
        DenseSpec dense => dense.Activation,
        Conv2DSpec conv => conv.Activation,
        BatchNormSpec norm => norm.Activation,
        MergeSpec merge => merge.Activation,
        _ => Activation.Identity,
    };

    internal static double LeakySlope(LayerSpec layer) => layer switch
    {
        DenseSpec dense => dense.LeakySlope,
        Conv2DSpec conv => conv.LeakySlope,
        BatchNormSpec norm => norm.LeakySlope,
        MergeSpec merge => merge.LeakySlope,
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
