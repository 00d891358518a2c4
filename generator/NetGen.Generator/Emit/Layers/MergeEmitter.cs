using System.Linq;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emit.Names;

namespace NetGen.Generator.Emit.Layers;

/// <summary>
/// The joins of a graph through <c>MergeKernels</c>: sum and product element-wise with an optional activation, and
/// concatenation along each sample's first dimension. Backward accumulates into each input's gradient, so an input
/// read by several layers receives the sum of their gradients.
/// </summary>
internal static class MergeEmitter
{
    public static void EmitForward(IndentedWriter w, PlannedLayer layer)
    {
        string inputs = string.Join(" + ", layer.Sources.Select(s => s.Name + " " + ShapeComment(s.Shape)));
        switch (layer.Kind)
        {
            case LayerKind.Concat:
                w.Line($"// {layer.Name}: Concat along the first dimension, {inputs} -> out {ShapeComment(layer.OutShape)}");
                int offset = 0;
                for (int k = 0; k < layer.Sources.Length; k++)
                {
                    w.Line($"{Kernels}.MergeKernels.ConcatForward({Source(layer, k)}, {Output(layer)}, batch, {layer.Sources[k].Size}, {layer.OutSize}, {offset});");
                    offset += layer.Sources[k].Size;
                }
                break;
            default:
                string op = layer.Kind == LayerKind.Add ? "Add" : "Multiply";
                w.Line($"// {layer.Name}: {op}, {string.Join(layer.Kind == LayerKind.Add ? " + " : " * ", layer.Sources.Select(s => s.Name))}, {ShapeComment(layer.OutShape)}, {layer.KernelActivation}");
                if (layer.Sources.Length == 2)
                {
                    w.Line($"{Kernels}.MergeKernels.{op}({Source(layer, 0)}, {Source(layer, 1)}, {Output(layer)}, {ActivationStruct(layer)});");
                    break;
                }
                w.Line($"{Kernels}.MergeKernels.Add({Source(layer, 0)}, {Source(layer, 1)}, {Output(layer)}, default({Ops}.IdentityActivation));");
                for (int k = 2; k < layer.Sources.Length; k++)
                {
                    w.Line($"{Kernels}.MergeKernels.Accumulate({Source(layer, k)}, {Output(layer)});");
                }
                if (layer.KernelActivation != Activation.Identity)
                {
                    w.Line($"{Kernels}.MergeKernels.Activate({Output(layer)}, {ActivationStruct(layer)});");
                }
                break;
        }
    }

    public static void EmitBackward(IndentedWriter w, PlannedLayer layer)
    {
        string targets = string.Join(", ", layer.Sources.Where(s => s.NeedsGradient).Select(s => "d" + s.Name));
        w.Line($"// {layer.Name}: {layer.Kind} backward, dout {ShapeComment(layer.OutShape)} -> {(targets.Length > 0 ? targets : "no input gradient")}");
        if (layer.Kind == LayerKind.Concat)
        {
            int offset = 0;
            for (int k = 0; k < layer.Sources.Length; k++)
            {
                if (DSource(layer, k) is { } dsource)
                {
                    w.Line($"{Kernels}.MergeKernels.ConcatBackward({Dout(layer)}, {dsource}, batch, {layer.Sources[k].Size}, {layer.OutSize}, {offset});");
                }
                offset += layer.Sources[k].Size;
            }
            return;
        }
        if (layer.KernelActivation != Activation.Identity)
        {
            w.Line($"{Kernels}.MergeKernels.ActivationBackward({Output(layer)}, {Dout(layer)}, {ActivationStruct(layer)});");
        }
        for (int k = 0; k < layer.Sources.Length; k++)
        {
            if (DSource(layer, k) is not { } dsource)
            {
                continue;
            }
            w.Line(layer.Kind == LayerKind.Add
                ? $"{Kernels}.MergeKernels.Accumulate({Dout(layer)}, {dsource});"
                : $"{Kernels}.MergeKernels.MultiplyBackward({Dout(layer)}, {Source(layer, 1 - k)}, {dsource});");
        }
    }
}
