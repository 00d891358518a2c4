using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>How a tensor starts: the initialisation scheme the generated <c>Initialize</c> applies.</summary>
internal enum TensorInit
{
    Zeros,
    Ones,
    Constant,
    HeUniform,
    HeNormal,
    XavierUniform,
    XavierNormal,
    LeCunUniform,
    LeCunNormal,
}

/// <summary>
/// A named tensor of a layer in the parameter arena (or the buffer arena, for state such as running statistics):
/// its PyTorch suffix (<c>weight</c>), offset, shape and initialisation with its fan-in and fan-out.
/// </summary>
internal sealed record PlannedTensor(string Suffix, TensorRole Role, int Offset, EquatableArray<int> Shape, TensorInit Init, int FanIn, int FanOut, double Gain, double Value)
{
    public int Length => Shapes.Product(Shape);
}

/// <summary>
/// A layer with everything the emitter needs: its spec, shapes, its slices of each arena, its kernel activation
/// and its FLOPs. Offsets into the activation arenas are for <c>MaxBatch</c> rows; a gradient offset of -1 means
/// the value needs no gradient (the input, and layers before the first trainable one).
/// </summary>
internal sealed record PlannedLayer(
    LayerSpec Spec,
    string MemberName,
    int Stream,
    EquatableArray<int> InShape,
    EquatableArray<int> OutShape,
    string? InputName,
    int InputActivationOffset,
    int InputGradientOffset,
    int ActivationOffset,
    int GradientOffset,
    Activation DeclaredActivation,
    Activation KernelActivation,
    double LeakySlope,
    EquatableArray<PlannedTensor> Parameters,
    EquatableArray<PlannedTensor> Buffers,
    int SavedOffset,
    int SavedSize,
    int IndexOffset,
    int IndexSize,
    int ScratchSize,
    long ForwardFlops,
    long TrainingFlops,
    bool IsOutput)
{
    public LayerKind Kind => Spec.Kind;

    public string Name => Spec.Name;

    public int InSize => Shapes.Product(InShape);

    public int OutSize => Shapes.Product(OutShape);

    public int ParameterCount
    {
        get
        {
            int n = 0;
            foreach (PlannedTensor t in Parameters)
            {
                n += t.Length;
            }
            return n;
        }
    }

    /// <summary>Whether the layer's output is a view of its input (no code, no memory of its own).</summary>
    public bool IsAlias => Kind == LayerKind.Flatten;

    /// <summary>Whether forward behaves differently in training and inference.</summary>
    public bool IsModeDependent => Kind is LayerKind.BatchNorm or LayerKind.Dropout;

    /// <summary>Whether backward must write the gradient of the layer's input.</summary>
    public bool NeedsInputGradient => InputGradientOffset >= 0;
}

/// <summary>
/// The whole plan: layers in execution order, arena sizes and budgets. Produced by <see cref="Planner"/> from a
/// <see cref="NetworkSpec"/> alone, so it is cached with it.
/// </summary>
internal sealed record NetworkPlan(
    NetworkSpec Spec,
    EquatableArray<PlannedLayer> Layers,
    int InputSize,
    int OutputSize,
    int TargetSize,
    int ParameterCount,
    int BufferCount,
    int ActivationFloats,
    int ActivationGradientFloats,
    int SavedFloats,
    int IndexInts,
    int ScratchFloats,
    long ForwardFlopsPerSample,
    long TrainingFlopsPerSample,
    Activation OutputTransform,
    string ArchitectureHash)
{
    /// <summary>Bytes of every arena together.</summary>
    public long ArenaBytes => 4L * (2L * ParameterCount + BufferCount + ActivationFloats + ActivationGradientFloats + SavedFloats + IndexInts + ScratchFloats);

    public PlannedLayer Output => Layers[Layers.Length - 1];

    /// <summary>
    /// The first batch norm over features (one value per sample and channel), which cannot train on one sample, or null.
    /// </summary>
    public PlannedLayer? SingleValueBatchNorm
    {
        get
        {
            foreach (PlannedLayer layer in Layers)
            {
                if (layer.Kind == LayerKind.BatchNorm && layer.InSize == layer.InShape[0])
                {
                    return layer;
                }
            }
            return null;
        }
    }

    public bool HasModeDependentLayers
    {
        get
        {
            foreach (PlannedLayer layer in Layers)
            {
                if (layer.IsModeDependent)
                {
                    return true;
                }
            }
            return false;
        }
    }
}

/// <summary>A problem found while planning, at the layer with the given index in <see cref="NetworkSpec.Layers"/> (-1: the network).</summary>
internal sealed record PlanError(int LayerIndex, DiagnosticDescriptor Descriptor, EquatableArray<string> Arguments);

/// <summary>The planner's result: a plan when there are no errors.</summary>
internal sealed record PlanResult(NetworkPlan? Plan, ImmutableArray<PlanError> Errors);
