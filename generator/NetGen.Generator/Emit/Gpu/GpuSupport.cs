using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emit.Gpu;

/// <summary>Which plans the GPU emitter can turn into ILGPU kernels.</summary>
internal static class GpuSupport
{
    /// <summary>The first layer the GPU emitter has no kernels for, or null when every layer is supported.</summary>
    public static PlannedLayer? FirstUnsupported(NetworkPlan plan)
    {
        foreach (PlannedLayer layer in plan.Layers)
        {
            if (!IsSupported(layer))
            {
                return layer;
            }
        }
        return null;
    }

    // One input per layer (the graph layers with several inputs come later), of the kinds below.
    private static bool IsSupported(PlannedLayer layer) =>
        layer.Spec.Inputs.Length <= 1 && layer.Kind switch
        {
            LayerKind.Input or LayerKind.Dense or LayerKind.Conv2D or LayerKind.MaxPool2D or LayerKind.AvgPool2D
                or LayerKind.GlobalAvgPool2D or LayerKind.Flatten or LayerKind.BatchNorm or LayerKind.Dropout => true,
            _ => false,
        };
}
