using System;

namespace NetGen;

/// <summary>
/// Marks a <c>partial</c> class as a network for the NetGen source generator. The layers are the
/// <see cref="InputAttribute"/> and layer attributes on the same declaration, taken in source order.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>The loss the generated <c>TrainStep</c> minimises. Defaults to <see cref="NetGen.Loss.MeanSquaredError"/>.</summary>
    public Loss Loss { get; set; } = Loss.MeanSquaredError;

    /// <summary>The largest batch <c>Forward</c> and <c>TrainStep</c> accept; buffers are sized for it (1 to 65,536).</summary>
    public int MaxBatch { get; set; } = 32;

    /// <summary>The seed used by the parameterless constructor to initialise the parameters.</summary>
    public long Seed { get; set; } = 42;
}
