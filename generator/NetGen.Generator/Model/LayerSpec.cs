namespace NetGen.Generator.Model;

/// <summary>The kinds of node in a network graph.</summary>
internal enum LayerKind
{
    Input,
    Dense,
    Conv2D,
    MaxPool2D,
    AvgPool2D,
    GlobalAvgPool2D,
    Flatten,
    BatchNorm,
    Dropout,
    Add,
    Concat,
    Multiply,
}

/// <summary>
/// One node of the network graph, as declared: its name and the names of the nodes it reads. Each kind of layer
/// is a sealed record below with its own arguments; records compare by value, including their kind.
/// </summary>
internal abstract record LayerSpec(string Name, EquatableArray<string> Inputs)
{
    public abstract LayerKind Kind { get; }

    /// <summary>
    /// Whether the layer reads the one declared before it because it names no <c>From</c> (a chain), rather than by
    /// name: only a chained layer is out of place before the input.
    /// </summary>
    public bool Chained { get; init; }

    /// <summary>How the layer is written in source, for messages: <c>[Dense(10)] 'fc2'</c>.</summary>
    public abstract string Describe();
}

internal sealed record InputSpec(string Name, EquatableArray<int> Shape) : LayerSpec(Name, EquatableArray<string>.Empty)
{
    public override LayerKind Kind => LayerKind.Input;

    public override string Describe() => "[Input(" + Shapes.Text(Shape, ", ") + ")]";
}

internal sealed record DenseSpec(
    string Name, EquatableArray<string> Inputs, int Units, Activation Activation, bool Bias, double LeakySlope,
    InitScheme WeightInit = InitScheme.Auto, double InitValue = 0)
    : LayerSpec(Name, Inputs)
{
    public override LayerKind Kind => LayerKind.Dense;

    public override string Describe() => "[Dense(" + Literals.Int(Units) + ")] '" + Name + "'";
}

/// <summary>A 2-D convolution; kernel and padding may differ in height and width, stride and dilation are square.</summary>
internal sealed record Conv2DSpec(
    string Name, EquatableArray<string> Inputs, int Filters, int KernelHeight, int KernelWidth, int Stride,
    int PaddingHeight, int PaddingWidth, int Dilation, int InChannels, Activation Activation, bool Bias, double LeakySlope,
    InitScheme WeightInit = InitScheme.Auto, double InitValue = 0)
    : LayerSpec(Name, Inputs)
{
    public override LayerKind Kind => LayerKind.Conv2D;

    public override string Describe() => "[Conv2D(" + Literals.Int(Filters) + ")] '" + Name + "'";
}

/// <summary>Max or average pooling with a square window.</summary>
internal sealed record Pool2DSpec(string Name, EquatableArray<string> Inputs, bool IsMax, int Kernel, int Stride, int Padding)
    : LayerSpec(Name, Inputs)
{
    public override LayerKind Kind => IsMax ? LayerKind.MaxPool2D : LayerKind.AvgPool2D;

    public override string Describe() => "[" + Kind + "(" + Literals.Int(Kernel) + ")] '" + Name + "'";
}

internal sealed record GlobalAvgPool2DSpec(string Name, EquatableArray<string> Inputs) : LayerSpec(Name, Inputs)
{
    public override LayerKind Kind => LayerKind.GlobalAvgPool2D;

    public override string Describe() => "[GlobalAvgPool2D] '" + Name + "'";
}

internal sealed record FlattenSpec(string Name, EquatableArray<string> Inputs) : LayerSpec(Name, Inputs)
{
    public override LayerKind Kind => LayerKind.Flatten;

    public override string Describe() => "[Flatten] '" + Name + "'";
}

internal sealed record BatchNormSpec(string Name, EquatableArray<string> Inputs, double Momentum, double Epsilon, Activation Activation, double LeakySlope)
    : LayerSpec(Name, Inputs)
{
    public override LayerKind Kind => LayerKind.BatchNorm;

    public override string Describe() => "[BatchNorm] '" + Name + "'";
}

internal sealed record DropoutSpec(string Name, EquatableArray<string> Inputs, double Probability) : LayerSpec(Name, Inputs)
{
    public override LayerKind Kind => LayerKind.Dropout;

    public override string Describe() => "[Dropout(" + Literals.Double(Probability) + ")] '" + Name + "'";
}

/// <summary>
/// A join of several layers' outputs: an element-wise sum or product (same shapes) or a concatenation along the
/// first dimension of each sample. <see cref="LayerSpec.Inputs"/> lists the layers joined, in order.
/// </summary>
internal sealed record MergeSpec(string Name, EquatableArray<string> Inputs, LayerKind MergeKind, Activation Activation, double LeakySlope)
    : LayerSpec(Name, Inputs)
{
    public override LayerKind Kind => MergeKind;

    public override string Describe() => "[" + MergeKind + "] '" + Name + "'";
}
