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
    EquatableArray<PlannedSource> Sources,
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

    /// <summary>The layer it reads, for layers with one input.</summary>
    public string? InputName => Sources.Length > 0 ? Sources[0].Name : null;

    /// <summary>Where the gradient of its (first) input goes; -1 when that input needs none.</summary>
    public int InputGradientOffset => Sources.Length > 0 ? Sources[0].GradientOffset : -1;

    /// <summary>Whether the layer joins several inputs (<c>Add</c>, <c>Concat</c>, <c>Multiply</c>).</summary>
    public bool IsMerge => Kind is LayerKind.Add or LayerKind.Concat or LayerKind.Multiply;

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
/// One input of a layer: the layer it reads, that layer's output shape and its offsets in the activation arenas
/// (a gradient offset of -1 when that value needs no gradient).
/// </summary>
internal sealed record PlannedSource(string Name, string MemberName, EquatableArray<int> Shape, int ActivationOffset, int GradientOffset)
{
    public int Size => Shapes.Product(Shape);

    public bool NeedsGradient => GradientOffset >= 0;
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
    string ArchitectureHash,
    EquatableArray<int> InferenceOffsets = default,
    int InferenceFloats = 0)
{
    /// <summary>Bytes of every arena together.</summary>
    public long ArenaBytes => 4L * (2L * ParameterCount + BufferCount + ActivationFloats + ActivationGradientFloats + SavedFloats + IndexInts + ScratchFloats);

    public PlannedLayer Output => Layers[Layers.Length - 1];

    /// <summary>The inputs in declaration order: a row of <see cref="InputSize"/> floats holds one sample of each, side by side.</summary>
    public System.Collections.Generic.IEnumerable<PlannedLayer> Inputs
    {
        get
        {
            foreach (PlannedLayer layer in Layers)
            {
                if (layer.Kind == LayerKind.Input)
                {
                    yield return layer;
                }
            }
        }
    }

    /// <summary>Whether the network has more than one input.</summary>
    public bool HasSeveralInputs => System.Linq.Enumerable.Count(Inputs) > 1;

    /// <summary>Whether any layer reads something other than the layer before it: the header then shows each layer's inputs.</summary>
    public bool IsGraph
    {
        get
        {
            for (int i = 1; i < Layers.Length; i++)
            {
                PlannedLayer layer = Layers[i];
                if (layer.Kind != LayerKind.Input && (layer.Sources.Length != 1 || layer.Sources[0].Name != Layers[i - 1].Name))
                {
                    return true;
                }
            }
            return HasSeveralInputs;
        }
    }

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
