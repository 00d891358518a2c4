using System.Collections.Generic;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning.Layers;

/// <summary>
/// The joins of a graph: <c>Add</c> and <c>Multiply</c> need inputs of one shape and keep it; <c>Concat</c> joins
/// along the first dimension (features, or channels of images, as <c>torch.cat(dim=1)</c> on a batch) and needs
/// every other dimension to match.
/// </summary>
internal static class MergePlanner
{
    public static EquatableArray<int>? Infer(LayerContext context, MergeSpec merge, EquatableArray<int>[] shapes)
    {
        ActivationRules.Validate(context, merge.Activation, merge.LeakySlope);
        EquatableArray<int> first = shapes[0];
        long channels = 0; // a concatenation of large inputs can pass int.MaxValue: LayerContext.Output reports it
        for (int k = 0; k < shapes.Length; k++)
        {
            EquatableArray<int> shape = shapes[k];
            if (merge.Kind == LayerKind.Concat ? !SameTrailing(first, shape) : shape != first)
            {
                string fix = merge.Kind == LayerKind.Concat
                    ? "concatenation joins the first dimension (features or channels) and needs the others to match; pool, flatten or resize one side first"
                    : "element-wise " + (merge.Kind == LayerKind.Add ? "sums" : "products") + " need equal shapes; add a [Dense] or a 1x1 [Conv2D] to project one side";
                context.Error(DiagnosticDescriptors.MergeShapeMismatch, context.Described,
                    merge.Inputs[0], Shapes.Text(first), merge.Inputs[k], Shapes.Text(shape), fix);
                return null;
            }
            channels += shape[0];
        }
        if (context.HasErrors)
        {
            return null;
        }
        if (merge.Kind != LayerKind.Concat)
        {
            return first;
        }
        var joined = new List<long> { channels };
        for (int d = 1; d < first.Length; d++)
        {
            joined.Add(first[d]);
        }
        return context.Output(" (joining " + Literals.Int(shapes.Length) + " inputs)", "join fewer or smaller inputs, or lower MaxBatch", joined.ToArray());
    }

    /// <summary>Sum and product: one operation per element and input after the first; backward as many again per input.</summary>
    public static LayerNeeds Needs(MergeSpec merge, int outSize) => merge.Kind == LayerKind.Concat
        ? LayerNeeds.None
        : LayerNeeds.None with
        {
            ForwardFlops = (long)(merge.Inputs.Length - 1) * outSize,
            InputGradientFlops = (long)merge.Inputs.Length * outSize,
        };

    private static bool SameTrailing(EquatableArray<int> a, EquatableArray<int> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        for (int d = 1; d < a.Length; d++)
        {
            if (a[d] != b[d])
            {
                return false;
            }
        }
        return true;
    }
}
