using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emit.Names;

namespace NetGen.Generator.Emit.Layers;

/// <summary>The shape constant and the forward and backward calls of a convolution into <c>Conv2DKernels</c>.</summary>
internal static class Conv2DEmitter
{
    public static void EmitStatics(IndentedWriter w, PlannedLayer layer)
    {
        var conv = (Conv2DSpec)layer.Spec;
        int c = layer.InShape[0], h = layer.InShape[1], wd = layer.InShape[2];
        w.Line($"// {layer.Name}: in {Shapes.Text(layer.InShape)}, {conv.Filters} filters {conv.KernelHeight}x{conv.KernelWidth}, stride {conv.Stride}, padding {conv.PaddingHeight}x{conv.PaddingWidth}, dilation {conv.Dilation} -> out {Shapes.Text(layer.OutShape)}");
        w.Line($"private static readonly {Kernels}.Conv2DShape {layer.MemberName}Shape = new {Kernels}.Conv2DShape(");
        w.Line($"    {c}, {h}, {wd}, {conv.Filters}, {conv.KernelHeight}, {conv.KernelWidth}, {conv.Stride}, {conv.Stride}, {conv.PaddingHeight}, {conv.PaddingWidth}, {conv.Dilation}, {conv.Dilation});");
        w.Line();
    }

    public static void EmitForward(IndentedWriter w, PlannedLayer layer)
    {
        w.Line($"// {layer.Name}: Conv2D, inp {ShapeComment(layer.InShape)} -> out {ShapeComment(layer.OutShape)}, {layer.KernelActivation}");
        w.Line($"{Kernels}.Conv2DKernels.Forward(");
        w.Line($"    {Input(layer)}, {Tensor(layer, "weight")}, {TensorOrEmpty(layer, "bias")}, {Output(layer)},");
        w.Line($"    _scratch, {layer.MemberName}Shape, batch, {ActivationStruct(layer)});");
    }

    public static void EmitBackward(IndentedWriter w, PlannedLayer layer)
    {
        string note = layer.NeedsInputGradient ? $" -> dinp {ShapeComment(layer.InShape)}" : ", no input gradient (nothing before it trains)";
        w.Line($"// {layer.Name}: Conv2D backward, dout {ShapeComment(layer.OutShape)}{note}");
        w.Line($"{Kernels}.Conv2DKernels.Backward(");
        w.Line($"    {Input(layer)}, {Tensor(layer, "weight")}, {Output(layer)}, {Dout(layer)},");
        w.Line($"    {Dinp(layer)}, {Tensor(layer, "weight")}Grad, {TensorOrEmpty(layer, "bias", "Grad")},");
        w.Line($"    _scratch, {layer.MemberName}Shape, batch, {ActivationStruct(layer)});");
    }
}
