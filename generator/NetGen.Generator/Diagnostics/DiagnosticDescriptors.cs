using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic NetGen reports. Each message says what is wrong and how to fix it; each has an entry in
/// docs/diagnostics.md under its ID.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "NetGen";
    private const string HelpBase = "docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor NotPartial = Create(
        "NG0001", "Network class must be partial",
        "The network class '{0}' must be declared partial so that NetGen can generate its members; add the 'partial' modifier");

    public static readonly DiagnosticDescriptor NoInput = Create(
        "NG0002", "Network has no input",
        "The network '{0}' has no [Input]; declare the shape of one sample first, for example [Input(64)]");

    public static readonly DiagnosticDescriptor NonPositiveSize = Create(
        "NG0003", "Size must be positive",
        "{0} has a size of {1}; every size must be a positive integer");

    public static readonly DiagnosticDescriptor SoftmaxMisplaced = Create(
        "NG0004", "Softmax only at the output with cross-entropy",
        "{0} uses Activation.Softmax, which NetGen supports only on the output layer of a network with Loss = Loss.SoftmaxCrossEntropy (where it is fused into the loss); {1}");

    public static readonly DiagnosticDescriptor LossDoesNotFitOutput = Create(
        "NG0005", "Loss does not fit the output layer",
        "Loss {0} does not fit the output layer {1}: {2}");

    public static readonly DiagnosticDescriptor LayersSplitAcrossParts = Create(
        "NG0006", "Layers split across partial declarations",
        "The network '{0}' declares its layers on more than one partial declaration, so their order is undefined; move [Network], [Input] and every layer attribute onto one declaration");

    public static readonly DiagnosticDescriptor MaxBatchOutOfRange = Create(
        "NG0007", "MaxBatch out of range",
        "MaxBatch is {0}; it must be between 1 and {1}, because buffers are allocated for the largest batch");

    public static readonly DiagnosticDescriptor UnsupportedDeclaration = Create(
        "NG0008", "Unsupported network declaration",
        "The network '{0}' is {1}; NetGen supports a non-generic, non-static, non-nested partial class: {2}");

    public static readonly DiagnosticDescriptor SeveralInputs = Create(
        "NG0009", "Several inputs where one is expected",
        "{0} reads one input but From names {1} ({2}); join them first with [Concat] or [Add] and read that layer");

    public static readonly DiagnosticDescriptor LayerBeforeInput = Create(
        "NG0010", "Layer declared before the input",
        "{0} comes before [Input]; layers are taken in source order, so declare [Input] first");

    public static readonly DiagnosticDescriptor NoLayers = Create(
        "NG0011", "Network has no layers",
        "The network '{0}' has no layer with parameters to train; add at least one layer such as [Dense(10)]");

    public static readonly DiagnosticDescriptor UnsupportedShape = Create(
        "NG0012", "Layer cannot take this input shape",
        "{0} needs a flat input of features but its input has shape {1}; add [Flatten] before it (giving {2} features), or declare the input flat as [Input({2})]");

    public static readonly DiagnosticDescriptor InvalidArgument = Create(
        "NG0013", "Invalid layer argument",
        "{0} has {1} = {2}; {3}");

    public static readonly DiagnosticDescriptor InvalidLayerName = Create(
        "NG0014", "Invalid or duplicate layer name",
        "{0} is named '{1}', which {2}; choose a unique name of letters, digits and underscores that starts with a letter");

    public static readonly DiagnosticDescriptor TooLarge = Create(
        "NG0015", "Network too large",
        "The network '{0}' needs {1} floats for {2}, more than the 2,147,483,591 a .NET array can hold; make the layers or MaxBatch smaller");

    public static readonly DiagnosticDescriptor InvalidInputShape = Create(
        "NG0016", "Invalid input shape",
        "[Input] has {0} dimensions; declare between 1 and 3 (features; or channels, height, width)");

    public static readonly DiagnosticDescriptor NeedsImageInput = Create(
        "NG0017", "Layer needs an image input",
        "{0} needs an image input of shape channels x height x width but its input has shape {1}; declare the input as [Input(channels, height, width)] and keep spatial layers before [Flatten]");

    public static readonly DiagnosticDescriptor FractionalOutput = Create(
        "NG0018", "Output size not whole",
        "{0}: input {1} with kernel {2}, padding {3}, stride {4} gives {5}; {6}");

    public static readonly DiagnosticDescriptor KernelTooLarge = Create(
        "NG0019", "Kernel larger than its padded input",
        "{0}: the kernel spans {1} but the padded input is only {2} (input {3}, padding {4}); use a smaller kernel or more padding");

    public static readonly DiagnosticDescriptor ChannelMismatch = Create(
        "NG0020", "Channel mismatch",
        "{0} declares InChannels = {1} but its input has {2} channels (shape {3}); remove InChannels to infer it, or fix the layer before it");

    public static readonly DiagnosticDescriptor UnknownLayer = Create(
        "NG0021", "Unknown layer",
        "{0} reads '{1}', which is not a layer of '{2}'{3}");

    public static readonly DiagnosticDescriptor Cycle = Create(
        "NG0022", "Cycle in the network",
        "{0} is part of a cycle ({1}); a layer cannot read its own output, directly or through others");

    public static readonly DiagnosticDescriptor UnusedLayer = Create(
        "NG0023", "Layer output never read",
        "{0} is never read: {1}");

    public static readonly DiagnosticDescriptor MergeShapeMismatch = Create(
        "NG0024", "Shapes do not match",
        "{0}: '{1}' has shape {2} but '{3}' has shape {4}; {5}");

    public static readonly DiagnosticDescriptor TooFewInputs = Create(
        "NG0025", "Too few inputs",
        "{0} joins {1} but needs {2}; name the layers to join, for example [{3}(nameof(A), nameof(B))]");

    public static readonly DiagnosticDescriptor InvalidLayerMethod = Create(
        "NG0026", "Invalid layer method",
        "The layer method '{0}' {1}; declare it as '{2}' and let the generator implement it");

    public static readonly DiagnosticDescriptor MemberNameClash = Create(
        "NG0027", "Member clashes with generated code",
        "The {0} '{1}'{2} clashes with the {3} that NetGen generates {4}; rename it");

    public static readonly DiagnosticDescriptor LayerNameClash = Create(
        "NG0028", "Layer name clashes with generated code",
        "{0} makes NetGen generate the {1} '{2}', which clashes with the {3} that NetGen generates {4}; rename the layer");

    public static readonly DiagnosticDescriptor ClassNameClash = Create(
        "NG0029", "Class name clashes with generated code",
        "The network class '{0}' has the name of the {1} that NetGen generates {2}, and a member cannot have the name of its class; rename the class");

    public static readonly DiagnosticDescriptor LayerTooLarge = Create(
        "NG0035", "Layer too large",
        "{0}{1}; a .NET array holds at most 2,147,483,591 elements, so {2}");

    public static readonly DiagnosticDescriptor ForeignAttribute = Create(
        "NG0036", "Attribute is not NetGen's",
        "{0} cannot be read: {1}; reference the NetGen package and remove any other type of the same name, so that the attribute is NetGen's own");

    // NG0040-NG0049: the GPU emitter (Emit/Gpu). Informational: the CPU network is generated regardless.
    public static readonly DiagnosticDescriptor GpuLayerUnsupported = new(
        "NG0040", "No GPU kernels for this network",
        "The network '{0}' gets no ILGPU kernels (no nested Gpu class) because layer '{1}' ({2}) has no GPU kernel yet; the CPU network is generated as usual. Remove the ILGPU reference to silence this, or train on the CPU.",
        Category, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpBase + "ng0040");

    public static readonly DiagnosticDescriptor InternalError = Create(
        "NG0099", "NetGen internal error",
        "NetGen could not generate '{0}' because of an internal error ({1}); please report it with the declaration that caused it");

    private static DiagnosticDescriptor Create(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + id.ToLowerInvariant());
}
