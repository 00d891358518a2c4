using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emit.Layers;

/// <summary>Dispatches each layer kind to its emitter.</summary>
internal static class LayerEmitters
{
    public static void EmitStatics(IndentedWriter w, PlannedLayer layer)
    {
        switch (layer.Kind)
        {
            case LayerKind.Conv2D:
                Conv2DEmitter.EmitStatics(w, layer);
                break;
            case LayerKind.MaxPool2D or LayerKind.AvgPool2D:
                PoolEmitter.EmitStatics(w, layer);
                break;
        }
    }

    public static void EmitForward(IndentedWriter w, PlannedLayer layer)
    {
        switch (layer.Kind)
        {
            case LayerKind.Dense:
                DenseEmitter.EmitForward(w, layer);
                break;
            case LayerKind.Conv2D:
                Conv2DEmitter.EmitForward(w, layer);
                break;
            case LayerKind.MaxPool2D or LayerKind.AvgPool2D or LayerKind.GlobalAvgPool2D:
                PoolEmitter.EmitForward(w, layer);
                break;
            case LayerKind.BatchNorm or LayerKind.Dropout:
                NormalizationEmitter.EmitForward(w, layer);
                break;
            case LayerKind.Add or LayerKind.Concat or LayerKind.Multiply:
                MergeEmitter.EmitForward(w, layer);
                break;
            case LayerKind.Flatten:
                w.Line($"// {layer.Name}: Flatten, {Names.ShapeComment(layer.InShape)} -> {Names.ShapeComment(layer.OutShape)}: a view of {layer.InputName}'s output, no code");
                break;
        }
    }

    public static void EmitBackward(IndentedWriter w, PlannedLayer layer)
    {
        switch (layer.Kind)
        {
            case LayerKind.Dense:
                DenseEmitter.EmitBackward(w, layer);
                break;
            case LayerKind.Conv2D:
                Conv2DEmitter.EmitBackward(w, layer);
                break;
            case LayerKind.MaxPool2D or LayerKind.AvgPool2D or LayerKind.GlobalAvgPool2D:
                PoolEmitter.EmitBackward(w, layer);
                break;
            case LayerKind.BatchNorm or LayerKind.Dropout:
                NormalizationEmitter.EmitBackward(w, layer);
                break;
            case LayerKind.Add or LayerKind.Concat or LayerKind.Multiply:
                MergeEmitter.EmitBackward(w, layer);
                break;
            case LayerKind.Flatten:
                w.Line($"// {layer.Name}: Flatten backward: its gradient is a view of {layer.InputName}'s, no code");
                break;
        }
    }
}
