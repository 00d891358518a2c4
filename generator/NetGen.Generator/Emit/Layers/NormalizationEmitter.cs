using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emit.Names;

namespace NetGen.Generator.Emit.Layers;

/// <summary>
/// Batch normalisation and dropout: the layers whose forward differs between training and inference. Inference
/// reads the running statistics or copies the input, and changes no state.
/// </summary>
internal static class NormalizationEmitter
{
    public static void EmitForward(IndentedWriter w, PlannedLayer layer)
    {
        w.Line($"// {layer.Name}: {layer.Kind}, inp {ShapeComment(layer.InShape)} -> out {ShapeComment(layer.OutShape)}{(layer.Spec is BatchNormSpec ? ", " + layer.KernelActivation : "")}");
        if (layer.Spec is BatchNormSpec norm)
        {
            (int channels, int spatial) = ChannelsAndSpatial(layer);
            using (w.Block("if (training)"))
            {
                w.Line($"{Kernels}.BatchNormKernels.TrainingForward(");
                w.Line($"    {Input(layer)}, {Output(layer)}, {Tensor(layer, "weight")}, {Tensor(layer, "bias")},");
                w.Line($"    {Tensor(layer, "running_mean")}, {Tensor(layer, "running_var")}, {SavedMean(layer, channels)}, {SavedInvStd(layer, channels)},");
                w.Line($"    {channels}, {spatial}, batch, {Literals.Float(norm.Momentum)}, {Literals.Float(norm.Epsilon)}, {ActivationStruct(layer)});");
            }
            using (w.Block("else"))
            {
                w.Line($"{Kernels}.BatchNormKernels.InferenceForward(");
                w.Line($"    {Input(layer)}, {Output(layer)}, {Tensor(layer, "weight")}, {Tensor(layer, "bias")},");
                w.Line($"    {Tensor(layer, "running_mean")}, {Tensor(layer, "running_var")}, {channels}, {spatial}, batch, {Literals.Float(norm.Epsilon)}, {ActivationStruct(layer)});");
            }
            return;
        }
        var dropout = (DropoutSpec)layer.Spec;
        using (w.Block("if (training)"))
        {
            w.Line($"{Kernels}.DropoutKernels.TrainingForward({Input(layer)}, {Output(layer)}, {Mask(layer)}, {Literals.Float(dropout.Probability)}, DropoutSeed({layer.Stream}), _trainingStep);");
        }
        using (w.Block("else"))
        {
            w.Line($"{Input(layer)}.CopyTo({Output(layer)});");
        }
    }

    public static void EmitBackward(IndentedWriter w, PlannedLayer layer)
    {
        string note = layer.NeedsInputGradient ? $" -> dinp {ShapeComment(layer.InShape)}" : ", no input gradient (nothing before it trains)";
        w.Line($"// {layer.Name}: {layer.Kind} backward, dout {ShapeComment(layer.OutShape)}{note}");
        if (layer.Spec is BatchNormSpec)
        {
            (int channels, int spatial) = ChannelsAndSpatial(layer);
            w.Line($"{Kernels}.BatchNormKernels.Backward(");
            w.Line($"    {Input(layer)}, {Output(layer)}, {Dout(layer)}, {Dinp(layer)},");
            w.Line($"    {Tensor(layer, "weight")}, {Tensor(layer, "weight")}Grad, {Tensor(layer, "bias")}Grad, {SavedMean(layer, channels)}, {SavedInvStd(layer, channels)},");
            w.Line($"    {channels}, {spatial}, batch, {ActivationStruct(layer)});");
            return;
        }
        w.Line($"{Kernels}.DropoutKernels.Backward({Dout(layer)}, {Dinp(layer)}, {Mask(layer)});");
    }

    // After a dense layer each feature is a channel; after a convolution, each channel spans height x width.
    private static (int Channels, int Spatial) ChannelsAndSpatial(PlannedLayer layer) =>
        (layer.InShape[0], layer.InSize / layer.InShape[0]);

    private static string SavedMean(PlannedLayer layer, int channels) => $"Saved({layer.MemberName}SavedOffset, {channels})";

    private static string SavedInvStd(PlannedLayer layer, int channels) => $"Saved({layer.MemberName}SavedOffset + {channels}, {channels})";

    private static string Mask(PlannedLayer layer) => $"Saved({layer.MemberName}SavedOffset, batch * {layer.OutSize})";
}
