using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;
using NetGen.Generator.Planning.Layers;

namespace NetGen.Generator.Planning;

/// <summary>
/// The memory plan: every tensor gets a fixed offset in one arena per kind (parameters and their gradients,
/// state buffers, activations and their gradients for MaxBatch rows, floats saved for backward, max-pool
/// indices), and one scratch buffer serves every layer because layers run one at a time.
/// </summary>
internal static class MemoryPlanner
{
    // The largest float[] .NET allocates (Array.MaxLength).
    private const long MaxArrayLength = 0x7FFFFFC7;

    public static NetworkPlan? Layout(NetworkSpec spec, int inputIndex, EquatableArray<int>[] shapes, Action<int, DiagnosticDescriptor, string[]> error)
    {
        ReadOnlySpan<LayerSpec> layers = spec.Layers.AsSpan();
        int maxBatch = spec.MaxBatch;
        var planned = new List<PlannedLayer>();
        long parameters = 0, buffers = 0, activations = 0, gradients = 0, saved = 0, indices = 0, scratch = 0;
        long forwardFlops = 0, trainingFlops = 0;

        var input = (InputSpec)layers[inputIndex];
        planned.Add(new PlannedLayer(input, Planner.MemberName(input.Name), inputIndex, input.Shape, input.Shape,
            null, -1, -1, 0, -1, Activation.Identity, Activation.Identity, 0,
            EquatableArray<PlannedTensor>.Empty, EquatableArray<PlannedTensor>.Empty, 0, 0, 0, 0, 0, 0, 0, false));
        activations += (long)maxBatch * Shapes.Product(input.Shape);

        for (int i = inputIndex + 1; i < layers.Length; i++)
        {
            LayerSpec layer = layers[i];
            PlannedLayer previous = planned[planned.Count - 1];
            EquatableArray<int> inShape = shapes[i - 1], outShape = shapes[i];
            int outSize = Shapes.Product(outShape);
            LayerNeeds needs = Needs(layer, maxBatch, inShape, outShape);

            EquatableArray<PlannedTensor> layerParameters = Place(needs.Parameters, ref parameters);
            EquatableArray<PlannedTensor> layerBuffers = Place(needs.Buffers, ref buffers);
            bool hasGradient = layerParameters.Length > 0 || previous.GradientOffset >= 0;
            bool alias = layer is FlattenSpec;
            long activationOffset = alias ? previous.ActivationOffset : activations;
            long gradientOffset = alias ? previous.GradientOffset : hasGradient ? gradients : -1;
            if (!alias)
            {
                activations += (long)maxBatch * outSize;
                gradients += hasGradient ? (long)maxBatch * outSize : 0;
            }
            bool isOutput = i == layers.Length - 1;
            Activation declared = Planner.DeclaredActivation(layer);
            long training = needs.ForwardFlops + needs.WeightGradientFlops + (previous.GradientOffset >= 0 ? needs.InputGradientFlops : 0);

            planned.Add(new PlannedLayer(
                layer, Planner.MemberName(layer.Name), i, inShape, outShape,
                previous.Name, previous.ActivationOffset, previous.GradientOffset,
                Clamp(activationOffset), Clamp(gradientOffset),
                declared, ActivationRules.KernelActivation(spec.Loss, declared, isOutput), Planner.LeakySlope(layer),
                layerParameters, layerBuffers,
                Clamp(saved), needs.SavedFloats, Clamp(indices), needs.IndexInts, needs.ScratchFloats,
                needs.ForwardFlops, training, isOutput));
            saved += needs.SavedFloats;
            indices += needs.IndexInts;
            scratch = Math.Max(scratch, needs.ScratchFloats);
            forwardFlops += needs.ForwardFlops;
            trainingFlops += training;
        }

        foreach ((long floats, string what) in new[] { (parameters, "its parameters"), (activations, "its activations at MaxBatch"),
            (gradients, "its activation gradients at MaxBatch"), (saved, "what backward keeps at MaxBatch"), (indices, "its pooling indices at MaxBatch") })
        {
            if (floats > MaxArrayLength)
            {
                error(-1, DiagnosticDescriptors.TooLarge, new[] { spec.ClassName, Literals.Int(floats), what });
                return null;
            }
        }

        PlannedLayer output = planned[planned.Count - 1];
        return new NetworkPlan(
            spec, planned.ToEquatableArray(), Shapes.Product(input.Shape), output.OutSize,
            spec.Loss == Loss.SoftmaxCrossEntropy ? 1 : output.OutSize,
            (int)parameters, (int)buffers, (int)activations, (int)gradients, (int)saved, (int)indices, (int)scratch,
            forwardFlops, trainingFlops,
            output.DeclaredActivation == output.KernelActivation ? Activation.Identity : output.DeclaredActivation,
            ArchitectureHash.Compute(planned));
    }

    private static LayerNeeds Needs(LayerSpec layer, int maxBatch, EquatableArray<int> inShape, EquatableArray<int> outShape)
    {
        int outSize = Shapes.Product(outShape);
        return layer switch
        {
            DenseSpec dense => DensePlanner.Needs(dense, Shapes.Product(inShape)),
            Conv2DSpec conv => Conv2DPlanner.Needs(conv, inShape, outShape),
            Pool2DSpec pool => PoolPlanner.Needs(pool, maxBatch, outSize),
            BatchNormSpec => NormalizationPlanner.BatchNormNeeds(inShape),
            DropoutSpec => NormalizationPlanner.DropoutNeeds(maxBatch, outSize),
            _ => LayerNeeds.None,
        };
    }

    private static EquatableArray<PlannedTensor> Place(EquatableArray<TensorRequest> requests, ref long arena)
    {
        var placed = new PlannedTensor[requests.Length];
        for (int i = 0; i < placed.Length; i++)
        {
            TensorRequest r = requests[i];
            placed[i] = new PlannedTensor(r.Suffix, r.Role, Clamp(arena), r.Shape, r.Init, r.FanIn, r.FanOut, r.Gain, r.Value);
            arena += Shapes.Product(r.Shape);
        }
        return placed.ToEquatableArray();
    }

    private static int Clamp(long value) => (int)Math.Min(value, int.MaxValue);
}
