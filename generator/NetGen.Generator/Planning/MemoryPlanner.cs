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

    public static NetworkPlan? Layout(NetworkSpec spec, Graph graph, EquatableArray<int>[] shapes, Action<int, DiagnosticDescriptor, string[]> error)
    {
        ReadOnlySpan<LayerSpec> layers = spec.Layers.AsSpan();
        int maxBatch = spec.MaxBatch;
        var planned = new List<PlannedLayer>();
        var bySpec = new PlannedLayer?[layers.Length];
        long parameters = 0, buffers = 0, activations = 0, gradients = 0, saved = 0, indices = 0, scratch = 0;
        long forwardFlops = 0, trainingFlops = 0, inputSize = 0;

        foreach (int i in graph.Order)
        {
            LayerSpec layer = layers[i];
            EquatableArray<int> outShape = shapes[i];
            int outSize = Shapes.Product(outShape);
            if (layer is InputSpec input)
            {
                var inputLayer = new PlannedLayer(input, Planner.MemberName(input.Name), i, input.Shape, input.Shape,
                    EquatableArray<PlannedSource>.Empty, Clamp(activations), -1, Activation.Identity, Activation.Identity, 0,
                    EquatableArray<PlannedTensor>.Empty, EquatableArray<PlannedTensor>.Empty, 0, 0, 0, 0, 0, 0, 0, false);
                planned.Add(inputLayer);
                bySpec[i] = inputLayer;
                activations += (long)maxBatch * outSize;
                inputSize += outSize;
                continue;
            }

            var sources = new PlannedSource[graph.Sources[i].Length];
            bool sourceGradient = false;
            for (int k = 0; k < sources.Length; k++)
            {
                PlannedLayer from = bySpec[graph.Sources[i][k]]!;
                sources[k] = new PlannedSource(from.Name, from.MemberName, from.OutShape, from.ActivationOffset, from.GradientOffset);
                sourceGradient |= from.GradientOffset >= 0;
            }
            EquatableArray<int> inShape = sources[0].Shape;
            LayerNeeds needs = Needs(layer, maxBatch, inShape, outShape);

            EquatableArray<PlannedTensor> layerParameters = Place(needs.Parameters, ref parameters);
            EquatableArray<PlannedTensor> layerBuffers = Place(needs.Buffers, ref buffers);
            bool hasGradient = layerParameters.Length > 0 || sourceGradient;
            bool alias = layer is FlattenSpec;
            long activationOffset = alias ? sources[0].ActivationOffset : activations;
            long gradientOffset = alias ? sources[0].GradientOffset : hasGradient ? gradients : -1;
            if (!alias)
            {
                activations += (long)maxBatch * outSize;
                gradients += hasGradient ? (long)maxBatch * outSize : 0;
            }
            bool isOutput = i == graph.Output;
            Activation declared = Planner.DeclaredActivation(layer);
            long training = Sizes.Sum(Sizes.Sum(needs.ForwardFlops, needs.WeightGradientFlops), sourceGradient ? needs.InputGradientFlops : 0);

            var plannedLayer = new PlannedLayer(
                layer, Planner.MemberName(layer.Name), i, inShape, outShape,
                sources.ToEquatableArray(),
                Clamp(activationOffset), Clamp(gradientOffset),
                declared, ActivationRules.KernelActivation(spec.Loss, declared, isOutput), Planner.LeakySlope(layer),
                layerParameters, layerBuffers,
                Clamp(saved), needs.SavedFloats, Clamp(indices), needs.IndexInts, needs.ScratchFloats,
                needs.ForwardFlops, training, isOutput);
            planned.Add(plannedLayer);
            bySpec[i] = plannedLayer;
            saved += needs.SavedFloats;
            indices += needs.IndexInts;
            scratch = Math.Max(scratch, needs.ScratchFloats);
            forwardFlops = Sizes.Sum(forwardFlops, needs.ForwardFlops);
            trainingFlops = Sizes.Sum(trainingFlops, training);
        }

        // Each layer's own sizes were checked as its shape was inferred (NG0035); these are the arenas, one array each.
        foreach ((long floats, string what) in new[] { (parameters, "its parameters"), (buffers, "its state buffers"), (activations, "its activations at MaxBatch"),
            (gradients, "its activation gradients at MaxBatch"), (saved, "what backward keeps at MaxBatch"), (indices, "its pooling indices at MaxBatch"), (scratch, "its scratch") })
        {
            if (!Sizes.FitArray(floats))
            {
                error(-1, DiagnosticDescriptors.TooLarge, new[] { spec.ClassName, Literals.Int(floats), what });
                return null;
            }
        }

        PlannedLayer output = planned[planned.Count - 1];
        (EquatableArray<int> inferenceOffsets, int inferenceFloats) = InferenceLayout(planned, maxBatch);
        return new NetworkPlan(
            spec, planned.ToEquatableArray(), Clamp(inputSize), output.OutSize,
            spec.Loss == Loss.SoftmaxCrossEntropy ? 1 : output.OutSize,
            (int)parameters, (int)buffers, (int)activations, (int)gradients, (int)saved, (int)indices, (int)scratch,
            forwardFlops, trainingFlops,
            output.DeclaredActivation == output.KernelActivation ? Activation.Identity : output.DeclaredActivation,
            ArchitectureHash.Compute(planned), inferenceOffsets, inferenceFloats);
    }

    /// <summary>
    /// The activation offsets <c>Predict</c> uses: a layer's slot is given back once the last layer that reads it has
    /// run, and a later layer takes the lowest free offset that fits (first fit, in execution order). Inputs are staged
    /// before any layer runs; the output stays to the end; a view (Flatten) keeps its producer's slot alive as long as
    /// its own readers need it. The packed arena is never larger than the training one, so it lives in the same array.
    /// </summary>
    internal static (EquatableArray<int> Offsets, int Floats) InferenceLayout(IReadOnlyList<PlannedLayer> layers, int maxBatch)
    {
        int n = layers.Count;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var lastUse = new int[n];
        for (int i = 0; i < n; i++)
        {
            index[layers[i].Name] = i;
            lastUse[i] = i;
        }
        lastUse[n - 1] = n; // the output is read after the last layer
        for (int i = 0; i < n; i++)
        {
            foreach (PlannedSource source in layers[i].Sources)
            {
                lastUse[index[source.Name]] = Math.Max(lastUse[index[source.Name]], i);
            }
        }
        for (int i = n - 1; i >= 0; i--)
        {
            if (layers[i].IsAlias)
            {
                int producer = index[layers[i].Sources[0].Name];
                lastUse[producer] = Math.Max(lastUse[producer], lastUse[i]);
            }
        }

        var offsets = new int[n];
        var live = new List<(long Offset, long Size, int LastUse)>();
        long end = 0;
        void Place(int i)
        {
            long size = (long)maxBatch * layers[i].OutSize, at = 0;
            live.Sort((a, b) => a.Offset.CompareTo(b.Offset));
            foreach ((long offset, long length, _) in live)
            {
                if (offset - at >= size)
                {
                    break;
                }
                at = Math.Max(at, offset + length);
            }
            live.Add((at, size, lastUse[i]));
            offsets[i] = Clamp(at);
            end = Math.Max(end, at + size);
        }
        for (int i = 0; i < n; i++)
        {
            if (layers[i].Kind == LayerKind.Input)
            {
                Place(i);
            }
        }
        for (int i = 0; i < n; i++)
        {
            PlannedLayer layer = layers[i];
            if (layer.Kind == LayerKind.Input)
            {
                continue;
            }
            if (layer.IsAlias)
            {
                offsets[i] = offsets[index[layer.Sources[0].Name]];
                continue;
            }
            live.RemoveAll(block => block.LastUse < i);
            Place(i);
        }
        return (offsets.ToEquatableArray(), Clamp(end));
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
            MergeSpec merge => MergePlanner.Needs(merge, outSize),
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
