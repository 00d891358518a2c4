using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emit.Names;

namespace NetGen.Generator.Emit.Layers;

/// <summary>Max, average and global average pooling, through <c>Pool2DKernels</c>.</summary>
internal static class PoolEmitter
{
    public static void EmitStatics(IndentedWriter w, PlannedLayer layer)
    {
        if (layer.Spec is not Pool2DSpec pool)
        {
            return;
        }
        w.Line($"// {layer.Name}: in {Shapes.Text(layer.InShape)}, window {pool.Kernel}, stride {pool.Stride}, padding {pool.Padding} -> out {Shapes.Text(layer.OutShape)}");
        w.Line($"private static readonly {Kernels}.Pool2DShape {layer.MemberName}Shape = new {Kernels}.Pool2DShape(");
        w.Line($"    {layer.InShape[0]}, {layer.InShape[1]}, {layer.InShape[2]}, {pool.Kernel}, {pool.Kernel}, {pool.Stride}, {pool.Stride}, {pool.Padding}, {pool.Padding});");
        w.Line();
    }

    public static void EmitForward(IndentedWriter w, PlannedLayer layer)
    {
        w.Line($"// {layer.Name}: {layer.Kind}, inp {ShapeComment(layer.InShape)} -> out {ShapeComment(layer.OutShape)}");
        switch (layer.Kind)
        {
            case LayerKind.MaxPool2D:
                w.Line($"{Kernels}.Pool2DKernels.MaxForward({Input(layer)}, {Output(layer)}, {Indices(layer)}, {layer.MemberName}Shape, batch);");
                break;
            case LayerKind.AvgPool2D:
                w.Line($"{Kernels}.Pool2DKernels.AvgForward({Input(layer)}, {Output(layer)}, {layer.MemberName}Shape, batch);");
                break;
            default:
                w.Line($"{Kernels}.Pool2DKernels.GlobalAvgForward({Input(layer)}, {Output(layer)}, {layer.InShape[0]}, {layer.InShape[1] * layer.InShape[2]}, batch);");
                break;
        }
    }

    public static void EmitBackward(IndentedWriter w, PlannedLayer layer)
    {
        w.Line($"// {layer.Name}: {layer.Kind} backward, dout {ShapeComment(layer.OutShape)} -> dinp {ShapeComment(layer.InShape)}");
        switch (layer.Kind)
        {
            case LayerKind.MaxPool2D:
                w.Line($"{Kernels}.Pool2DKernels.MaxBackward({Dout(layer)}, {Dinp(layer)}, {Indices(layer)}, {layer.MemberName}Shape, batch);");
                break;
            case LayerKind.AvgPool2D:
                w.Line($"{Kernels}.Pool2DKernels.AvgBackward({Dout(layer)}, {Dinp(layer)}, {layer.MemberName}Shape, batch);");
                break;
            default:
                w.Line($"{Kernels}.Pool2DKernels.GlobalAvgBackward({Dout(layer)}, {Dinp(layer)}, {layer.InShape[0]}, {layer.InShape[1] * layer.InShape[2]}, batch);");
                break;
        }
    }

    private static string Indices(PlannedLayer layer) =>
        $"new global::System.Span<int>(_indices, {layer.MemberName}IndexOffset, batch * {layer.OutSize})";
}
