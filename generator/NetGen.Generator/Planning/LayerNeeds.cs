using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>A tensor a layer asks for, before the planner gives it an offset.</summary>
internal sealed record TensorRequest(string Suffix, TensorRole Role, EquatableArray<int> Shape, TensorInit Init, int FanIn = 0, int FanOut = 0, double Gain = 1, double Value = 0);

/// <summary>
/// What one layer needs from the memory plan, as its kind's planner computes it: trainable tensors, state
/// buffers, floats saved for backward, ints (max-pool indices), scratch, and its FLOPs.
/// </summary>
internal sealed record LayerNeeds(
    EquatableArray<TensorRequest> Parameters,
    EquatableArray<TensorRequest> Buffers,
    int SavedFloats,
    int IndexInts,
    int ScratchFloats,
    long ForwardFlops,
    long WeightGradientFlops,
    long InputGradientFlops)
{
    public static LayerNeeds None { get; } = new(
        EquatableArray<TensorRequest>.Empty, EquatableArray<TensorRequest>.Empty, 0, 0, 0, 0, 0, 0);
}
