namespace NetGen.Gpu;

/// <summary>
/// What a generated GPU network tells its base class about the plan: the sizes of the device arenas and where the
/// input and output live in them (the same layout as the CPU network's arenas).
/// </summary>
/// <param name="NetworkName">The network's name, for error messages.</param>
/// <param name="ActivationFloats">Floats of the activation arena at MaxBatch.</param>
/// <param name="ActivationGradientFloats">Floats of the activation-gradient arena at MaxBatch.</param>
/// <param name="SavedFloats">Floats saved for backward (batch statistics, dropout masks).</param>
/// <param name="IndexInts">Ints saved for backward (max-pool argmax).</param>
/// <param name="InputOffset">The input's offset in the activation arena.</param>
/// <param name="OutputOffset">The output layer's offset in the activation arena.</param>
/// <param name="OutputGradientOffset">The output layer's offset in the activation-gradient arena.</param>
/// <param name="OutputTransform">What <c>Forward</c> applies to the stored output: Softmax, Sigmoid or Identity.</param>
/// <param name="SingleValueBatchNorm">The batch norm over features that cannot train on one sample, or null.</param>
/// <param name="HasModeDependentLayers">Whether forward differs between training and inference (batch norm, dropout).</param>
public sealed record GpuNetworkLayout(
    string NetworkName,
    int ActivationFloats,
    int ActivationGradientFloats,
    int SavedFloats,
    int IndexInts,
    int InputOffset,
    int OutputOffset,
    int OutputGradientOffset,
    Activation OutputTransform,
    string? SingleValueBatchNorm,
    bool HasModeDependentLayers);
