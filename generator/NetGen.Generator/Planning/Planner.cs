using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>
/// Pure functions from a <see cref="NetworkSpec"/> to a <see cref="NetworkPlan"/>: validation, shape inference,
/// the memory plan (fixed offsets in one arena per kind, activations sized for MaxBatch) and FLOP counts.
/// </summary>
internal static class Planner
{
    public const int MaxBatchLimit = 65536;

    // The largest float[] .NET allocates (Array.MaxLength).
    private const long MaxArrayLength = 0x7FFFFFC7;

    public static PlanResult Plan(NetworkSpec spec)
    {
        var errors = ImmutableArray.CreateBuilder<PlanError>();
        void Error(int layer, DiagnosticDescriptor d, params string[] args) =>
            errors.Add(new PlanError(layer, d, args.ToEquatableArray()));

        if (spec.MaxBatch < 1 || spec.MaxBatch > MaxBatchLimit)
        {
            Error(-1, DiagnosticDescriptors.MaxBatchOutOfRange, Num(spec.MaxBatch), Num(MaxBatchLimit));
        }
        if (spec.Loss is not (Loss.MeanSquaredError or Loss.SoftmaxCrossEntropy or Loss.BinaryCrossEntropy))
        {
            Error(-1, DiagnosticDescriptors.InvalidArgument, "[Network]", "Loss", Num((int)spec.Loss),
                "use Loss.MeanSquaredError, Loss.SoftmaxCrossEntropy or Loss.BinaryCrossEntropy");
        }

        int inputIndex = Validate(spec, Error);
        if (errors.Count > 0 || inputIndex < 0)
        {
            return new PlanResult(null, errors.ToImmutable());
        }
        return Layout(spec, inputIndex, Error) is { } plan && errors.Count == 0
            ? new PlanResult(plan, ImmutableArray<PlanError>.Empty)
            : new PlanResult(null, errors.ToImmutable());
    }

    // Checks the layer sequence and every layer's arguments; returns the index of the input, or -1.
    private static int Validate(NetworkSpec spec, Action<int, DiagnosticDescriptor, string[]> error)
    {
        ReadOnlySpan<LayerSpec> layers = spec.Layers.AsSpan();
        int inputIndex = -1;
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i].Kind != LayerKind.Input)
            {
                continue;
            }
            if (inputIndex >= 0)
            {
                error(i, DiagnosticDescriptors.SeveralInputs, new[] { spec.ClassName });
                continue;
            }
            inputIndex = i;
            ValidateInputShape(i, layers[i].Shape, error);
        }
        if (inputIndex < 0)
        {
            error(-1, DiagnosticDescriptors.NoInput, new[] { spec.ClassName });
            return -1;
        }
        for (int i = 0; i < inputIndex; i++)
        {
            error(i, DiagnosticDescriptors.LayerBeforeInput, new[] { Describe(layers[i]) });
        }
        if (inputIndex == layers.Length - 1)
        {
            error(-1, DiagnosticDescriptors.NoLayers, new[] { spec.ClassName });
        }

        var memberNames = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < layers.Length; i++)
        {
            LayerSpec layer = layers[i];
            string reason = NameProblem(layer.Name);
            if (reason.Length == 0 && !memberNames.Add(MemberName(layer.Name)))
            {
                reason = "is used by another layer (names differing only in the case of their first letter collide too)";
            }
            if (reason.Length > 0)
            {
                error(i, DiagnosticDescriptors.InvalidLayerName, new[] { Describe(layer), layer.Name, reason });
            }
            if (layer.Kind == LayerKind.Dense)
            {
                DensePlanner.Validate(spec, layers, i, error);
            }
        }
        return inputIndex;
    }

    private static void ValidateInputShape(int index, EquatableArray<int> shape, Action<int, DiagnosticDescriptor, string[]> error)
    {
        if (shape.Length is < 1 or > 3)
        {
            error(index, DiagnosticDescriptors.InvalidInputShape, new[] { Num(shape.Length) });
            return;
        }
        foreach (int d in shape)
        {
            if (d <= 0)
            {
                error(index, DiagnosticDescriptors.NonPositiveSize, new[] { "[Input(" + ShapeText(shape, ", ") + ")]", Num(d) });
            }
        }
    }

    // Lays out the arenas and computes shapes and FLOPs; called only on a validated spec.
    private static NetworkPlan? Layout(NetworkSpec spec, int inputIndex, Action<int, DiagnosticDescriptor, string[]> error)
    {
        ReadOnlySpan<LayerSpec> layers = spec.Layers.AsSpan();
        var planned = new List<PlannedLayer>();
        LayerSpec input = layers[inputIndex];
        int inputSize = Product(input.Shape);
        long parameters = 0, activations = (long)spec.MaxBatch * inputSize, gradients = 0;
        long forwardFlops = 0, trainingFlops = 0;
        planned.Add(new PlannedLayer(
            LayerKind.Input, input.Name, MemberName(input.Name), input.Shape, input.Shape, inputSize, inputSize,
            null, -1, -1, Activation.Identity, Activation.Identity, 0, false, 0, 0, 0, 0, 0, -1, 0, 0, false, false));

        for (int i = inputIndex + 1; i < layers.Length; i++)
        {
            PlannedLayer previous = planned[planned.Count - 1];
            LayerSpec layer = layers[i];
            bool isOutput = i == layers.Length - 1;
            PlannedLayer dense = DensePlanner.Plan(spec, layer, previous, isOutput, planned.Count == 1,
                checked((int)Math.Min(parameters, int.MaxValue)), (int)Math.Min(activations, int.MaxValue), (int)Math.Min(gradients, int.MaxValue));
            planned.Add(dense);
            parameters += (long)dense.WeightSize + dense.BiasSize;
            activations += (long)spec.MaxBatch * dense.OutSize;
            gradients += (long)spec.MaxBatch * dense.OutSize;
            forwardFlops += dense.ForwardFlops;
            trainingFlops += dense.TrainingFlops;
        }

        if (parameters > MaxArrayLength || activations > MaxArrayLength)
        {
            bool p = parameters > MaxArrayLength;
            error(-1, DiagnosticDescriptors.TooLarge, new[] { spec.ClassName, Num(p ? parameters : activations), p ? "its parameters" : "its activations at MaxBatch" });
            return null;
        }

        PlannedLayer output = planned[planned.Count - 1];
        return new NetworkPlan(
            spec, planned.ToEquatableArray(), inputSize, output.OutSize,
            spec.Loss == Loss.SoftmaxCrossEntropy ? 1 : output.OutSize,
            (int)parameters, (int)activations, (int)gradients, forwardFlops, trainingFlops,
            output.DeclaredActivation == output.KernelActivation ? Activation.Identity : output.DeclaredActivation);
    }

    internal static string Describe(LayerSpec layer) => layer.Kind switch
    {
        LayerKind.Input => "[Input(" + ShapeText(layer.Shape, ", ") + ")]",
        _ => "[" + layer.Kind + "(" + Num(layer.Units) + ")] '" + layer.Name + "'",
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

    private static string NameProblem(string name)
    {
        if (name.Length == 0 || !char.IsLetter(name[0]) || name[0] > 127)
        {
            return "does not start with an ASCII letter";
        }
        foreach (char c in name)
        {
            if (c > 127 || !(char.IsLetterOrDigit(c) || c == '_'))
            {
                return "contains '" + c + "'";
            }
        }
        return "";
    }

    internal static int Product(EquatableArray<int> shape)
    {
        long p = 1;
        foreach (int d in shape)
        {
            p *= d;
        }
        return (int)Math.Min(p, int.MaxValue);
    }

    internal static string ShapeText(EquatableArray<int> shape, string separator = "x")
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        }
        return string.Join(separator, parts);
    }

    internal static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
