using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emit.Names;

namespace NetGen.Generator.Emit.Gpu;

/// <summary>
/// One GPU layer per planned layer: the field holding its loaded kernels (with the layer's shapes as constants),
/// its forward launch and its backward launch, side by side, dispatched on the layer kind.
/// </summary>
internal static class GpuLayerEmitter
{
    private const string Layers = "global::NetGen.Gpu.Layers";

    /// <summary>The field declaration, or null for layers without kernels (input, flatten).</summary>
    public static string? FieldType(PlannedLayer layer) => layer.Kind switch
    {
        LayerKind.Dense => $"{Layers}.GpuDense<{ActivationType(layer)}>",
        LayerKind.Conv2D => $"{Layers}.GpuConv2D<{ActivationType(layer)}>",
        LayerKind.MaxPool2D => $"{Layers}.GpuMaxPool2D",
        LayerKind.AvgPool2D => $"{Layers}.GpuAvgPool2D",
        LayerKind.GlobalAvgPool2D => $"{Layers}.GpuGlobalAvgPool2D",
        LayerKind.BatchNorm => $"{Layers}.GpuBatchNorm<{ActivationType(layer)}>",
        LayerKind.Dropout => $"{Layers}.GpuDropout",
        _ => null,
    };

    /// <summary>The constructor call that loads the layer's kernels on <c>device</c>.</summary>
    public static string Construct(PlannedLayer layer)
    {
        string type = FieldType(layer)!;
        switch (layer.Spec)
        {
            case DenseSpec:
                return $"new {type}(device, {layer.InSize}, {layer.OutSize}, {ActivationStruct(layer)})";
            case Conv2DSpec conv:
                return $"Own(new {type}(device, new {Kernels}.Conv2DShape({layer.InShape[0]}, {layer.InShape[1]}, {layer.InShape[2]}, " +
                    $"{conv.Filters}, {conv.KernelHeight}, {conv.KernelWidth}, {conv.Stride}, {conv.Stride}, {conv.PaddingHeight}, {conv.PaddingWidth}, " +
                    $"{conv.Dilation}, {conv.Dilation}), {ActivationStruct(layer)}))";
            case Pool2DSpec pool:
                return $"new {type}(device, new {Kernels}.Pool2DShape({layer.InShape[0]}, {layer.InShape[1]}, {layer.InShape[2]}, " +
                    $"{pool.Kernel}, {pool.Kernel}, {pool.Stride}, {pool.Stride}, {pool.Padding}, {pool.Padding}))";
            case GlobalAvgPool2DSpec:
                return $"new {type}(device, {layer.InShape[0]}, {layer.InShape[1] * layer.InShape[2]})";
            case BatchNormSpec norm:
                (int channels, int spatial) = ChannelsAndSpatial(layer);
                return $"Own(new {type}(device, {channels}, {spatial}, {Literals.Float(norm.Momentum)}, {Literals.Float(norm.Epsilon)}, {ActivationStruct(layer)}))";
            case DropoutSpec dropout:
                return $"new {type}(device, {Literals.Float(dropout.Probability)})";
            default:
                return "null!";
        }
    }

    public static void EmitForward(IndentedWriter w, PlannedLayer layer)
    {
        string field = Field(layer);
        string shapes = $"inp {ShapeComment(layer.InShape)} -> out {ShapeComment(layer.OutShape)}";
        switch (layer.Kind)
        {
            case LayerKind.Dense or LayerKind.Conv2D:
                w.Line($"// {layer.Name}: {layer.Kind}, {shapes}, {layer.KernelActivation}, bias and activation in the GEMM epilogue");
                w.Line($"{field}.Forward({Input(layer)}, {Param(layer, "weight")}, {ParamOrNone(layer, "bias")}, {Output(layer)}, batch);");
                break;
            case LayerKind.MaxPool2D:
                w.Line($"// {layer.Name}: MaxPool2D, {shapes}");
                w.Line($"{field}.Forward({Input(layer)}, {Output(layer)}, {Argmax(layer)}, batch);");
                break;
            case LayerKind.AvgPool2D or LayerKind.GlobalAvgPool2D:
                w.Line($"// {layer.Name}: {layer.Kind}, {shapes}");
                w.Line($"{field}.Forward({Input(layer)}, {Output(layer)}, batch);");
                break;
            case LayerKind.BatchNorm:
                (int channels, _) = ChannelsAndSpatial(layer);
                w.Line($"// {layer.Name}: BatchNorm, {shapes}, {layer.KernelActivation}");
                using (w.Block("if (training)"))
                {
                    w.Line($"{field}.TrainingForward({Input(layer)}, {Output(layer)}, {Param(layer, "weight")}, {Param(layer, "bias")},");
                    w.Line($"    {BufferView(layer, "running_mean")}, {BufferView(layer, "running_var")}, {SavedMean(layer, channels)}, {SavedInvStd(layer, channels)}, batch);");
                }
                using (w.Block("else"))
                {
                    w.Line($"{field}.InferenceForward({Input(layer)}, {Output(layer)}, {Param(layer, "weight")}, {Param(layer, "bias")},");
                    w.Line($"    {BufferView(layer, "running_mean")}, {BufferView(layer, "running_var")}, batch);");
                }
                break;
            case LayerKind.Dropout:
                w.Line($"// {layer.Name}: Dropout, {shapes}, the CPU path's counter-based masks");
                using (w.Block("if (training)"))
                {
                    w.Line($"{field}.TrainingForward({Input(layer)}, {Output(layer)}, {Mask(layer)}, DropoutSeed({layer.Stream}), TrainingStepCount);");
                }
                using (w.Block("else"))
                {
                    w.Line($"{field}.InferenceForward({Input(layer)}, {Output(layer)});");
                }
                break;
            case LayerKind.Flatten:
                w.Line($"// {layer.Name}: Flatten, {ShapeComment(layer.InShape)} -> {ShapeComment(layer.OutShape)}: a view of {layer.InputName}'s output, no kernel");
                break;
        }
    }

    public static void EmitBackward(IndentedWriter w, PlannedLayer layer)
    {
        string field = Field(layer);
        string note = layer.NeedsInputGradient ? $" -> dinp {ShapeComment(layer.InShape)}" : ", no input gradient (nothing before it trains)";
        switch (layer.Kind)
        {
            case LayerKind.Dense or LayerKind.Conv2D:
                w.Line($"// {layer.Name}: {layer.Kind} backward, dout {ShapeComment(layer.OutShape)}{note}");
                w.Line($"{field}.Backward({Input(layer)}, {Param(layer, "weight")}, {Output(layer)}, {Dout(layer)},");
                w.Line($"    {GpuDinp(layer)}, {GradView(layer, "weight")}, {GradOrNone(layer, "bias")}, batch);");
                break;
            case LayerKind.MaxPool2D:
                w.Line($"// {layer.Name}: MaxPool2D backward, dout {ShapeComment(layer.OutShape)}{note}");
                w.Line($"{field}.Backward({Dout(layer)}, {GpuDinp(layer)}, {Argmax(layer)}, batch);");
                break;
            case LayerKind.AvgPool2D or LayerKind.GlobalAvgPool2D:
                w.Line($"// {layer.Name}: {layer.Kind} backward, dout {ShapeComment(layer.OutShape)}{note}");
                w.Line($"{field}.Backward({Dout(layer)}, {GpuDinp(layer)}, batch);");
                break;
            case LayerKind.BatchNorm:
                (int channels, _) = ChannelsAndSpatial(layer);
                w.Line($"// {layer.Name}: BatchNorm backward, dout {ShapeComment(layer.OutShape)}{note}");
                w.Line($"{field}.Backward({Input(layer)}, {Output(layer)}, {Dout(layer)}, {GpuDinp(layer)},");
                w.Line($"    {Param(layer, "weight")}, {GradView(layer, "weight")}, {GradView(layer, "bias")}, {SavedMean(layer, channels)}, {SavedInvStd(layer, channels)}, batch);");
                break;
            case LayerKind.Dropout:
                w.Line($"// {layer.Name}: Dropout backward, dout {ShapeComment(layer.OutShape)}{note}");
                w.Line($"{field}.Backward({Dout(layer)}, {GpuDinp(layer)}, {Mask(layer)});");
                break;
            case LayerKind.Flatten:
                w.Line($"// {layer.Name}: Flatten backward: its gradient is a view of {layer.InputName}'s, no kernel");
                break;
        }
    }

    public static string Field(PlannedLayer layer) => "_" + char.ToLowerInvariant(layer.MemberName[0]) + layer.MemberName.Substring(1);

    private static string ActivationType(PlannedLayer layer) => layer.KernelActivation switch
    {
        Activation.Sigmoid => Ops + ".SigmoidActivation",
        Activation.Tanh => Ops + ".TanhActivation",
        Activation.ReLU => Ops + ".ReluActivation",
        Activation.LeakyReLU => Ops + ".LeakyReluActivation",
        _ => Ops + ".IdentityActivation",
    };

    private static PlannedTensor? Find(EquatableArray<PlannedTensor> tensors, string suffix)
    {
        foreach (PlannedTensor tensor in tensors)
        {
            if (tensor.Suffix == suffix)
            {
                return tensor;
            }
        }
        return null;
    }

    private static string Param(PlannedLayer layer, string suffix) => ParamOrNone(layer, suffix);

    private static string ParamOrNone(PlannedLayer layer, string suffix) =>
        Find(layer.Parameters, suffix) is { } t ? $"Param({Tensor(layer, t)}Offset, {t.Length})" : "None";

    private static string GradView(PlannedLayer layer, string suffix) => GradOrNone(layer, suffix);

    private static string GradOrNone(PlannedLayer layer, string suffix) =>
        Find(layer.Parameters, suffix) is { } t ? $"Grad({Tensor(layer, t)}Offset, {t.Length})" : "None";

    private static string BufferView(PlannedLayer layer, string suffix) =>
        Find(layer.Buffers, suffix) is { } t ? $"Buffer({Tensor(layer, t)}Offset, {t.Length})" : "None";

    private static string GpuDinp(PlannedLayer layer) => layer.NeedsInputGradient
        ? $"Dact({Planner.MemberName(layer.InputName!)}DoutOffset, batch * {Literals.Int(layer.InSize)})"
        : "None";

    private static string Argmax(PlannedLayer layer) => $"Indices({layer.MemberName}IndexOffset, batch * {layer.OutSize})";

    // After a dense layer each feature is a channel; after a convolution, each channel spans height x width.
    private static (int Channels, int Spatial) ChannelsAndSpatial(PlannedLayer layer) =>
        (layer.InShape[0], layer.InSize / layer.InShape[0]);

    private static string SavedMean(PlannedLayer layer, int channels) => $"Saved({layer.MemberName}SavedOffset, {channels})";

    private static string SavedInvStd(PlannedLayer layer, int channels) => $"Saved({layer.MemberName}SavedOffset + {channels}, {channels})";

    private static string Mask(PlannedLayer layer) => $"Saved({layer.MemberName}SavedOffset, batch * {layer.OutSize})";
}
