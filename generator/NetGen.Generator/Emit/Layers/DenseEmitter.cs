using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emit.Names;

namespace NetGen.Generator.Emit.Layers;

/// <summary>The forward and backward calls of a fully connected layer into <c>DenseKernels</c>.</summary>
internal static class DenseEmitter
{
    public static void EmitForward(IndentedWriter w, PlannedLayer layer)
    {
        string fused = layer.KernelActivation != layer.DeclaredActivation ? $" ({layer.DeclaredActivation} fused into the loss)" : "";
        w.Line($"// {layer.Name}: Dense, inp (B, {layer.InSize}) -> out (B, {layer.OutSize}), {layer.KernelActivation}{fused}");
        w.Line($"{Kernels}.DenseKernels.Forward(");
        w.Line($"    {Input(layer)}, {Tensor(layer, "weight")}, {TensorOrEmpty(layer, "bias")}, {Output(layer)},");
        w.Line($"    batch, {layer.InSize}, {layer.OutSize}, {ActivationStruct(layer)});");
    }

    public static void EmitBackward(IndentedWriter w, PlannedLayer layer)
    {
        string note = layer.NeedsInputGradient ? $" -> dinp (B, {layer.InSize})" : ", no input gradient (nothing before it trains)";
        w.Line($"// {layer.Name}: Dense backward, dout (B, {layer.OutSize}){note}");
        w.Line($"{Kernels}.DenseKernels.Backward(");
        w.Line($"    {Input(layer)}, {Tensor(layer, "weight")}, {Output(layer)}, {Dout(layer)},");
        w.Line($"    {Dinp(layer)}, {Tensor(layer, "weight")}Grad, {TensorOrEmpty(layer, "bias", "Grad")},");
        w.Line($"    batch, {layer.InSize}, {layer.OutSize}, {ActivationStruct(layer)});");
    }
}
