using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>
/// A layer with everything the emitter needs: shapes, its slices of the parameter and activation arenas, its
/// kernel activation and its FLOPs. Offsets into the activation arenas are for <c>MaxBatch</c> rows.
/// </summary>
internal sealed record PlannedLayer(
    LayerKind Kind,
    string Name,
    string MemberName,
    EquatableArray<int> InShape,
    EquatableArray<int> OutShape,
    int InSize,
    int OutSize,
    string? InputName,
    int InputActivationOffset,
    int InputGradientOffset,
    Activation DeclaredActivation,
    Activation KernelActivation,
    double LeakySlope,
    bool Bias,
    int WeightOffset,
    int WeightSize,
    int BiasOffset,
    int BiasSize,
    int ActivationOffset,
    int GradientOffset,
    long ForwardFlops,
    long TrainingFlops,
    bool IsFirstTrainable,
    bool IsOutput)
{
    public int ParameterCount => WeightSize + BiasSize;
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
    int ActivationFloats,
    int ActivationGradientFloats,
    long ForwardFlopsPerSample,
    long TrainingFlopsPerSample,
    Activation OutputTransform)
{
    /// <summary>Bytes of every arena together (parameters, gradients, activations, activation gradients).</summary>
    public long ArenaBytes => 4L * (2L * ParameterCount + ActivationFloats + ActivationGradientFloats);
}

/// <summary>A problem found while planning, at the layer with the given index in <see cref="NetworkSpec.Layers"/> (-1: the network).</summary>
internal sealed record PlanError(int LayerIndex, DiagnosticDescriptor Descriptor, EquatableArray<string> Arguments);

/// <summary>The planner's result: a plan when there are no errors.</summary>
internal sealed record PlanResult(NetworkPlan? Plan, ImmutableArray<PlanError> Errors);
