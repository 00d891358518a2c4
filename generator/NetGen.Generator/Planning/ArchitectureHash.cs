using System.Collections.Generic;
using System.Text;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>
/// The architecture's fingerprint for checkpoints: FNV-1a (64-bit) over a canonical, culture-invariant text of every
/// layer's kind, name, shapes, activation, options and tensors. Two networks with the same hash hold weights of the
/// same meaning; the loss, MaxBatch, seed and class name do not enter it, since they do not change what weights mean.
/// </summary>
internal static class ArchitectureHash
{
    public static string Compute(IReadOnlyList<PlannedLayer> layers)
    {
        var text = new StringBuilder();
        string? previous = null;
        foreach (PlannedLayer layer in layers)
        {
            text.Append(layer.Kind).Append(' ').Append(layer.Name)
                .Append(' ').Append(Shapes.Text(layer.InShape)).Append("->").Append(Shapes.Text(layer.OutShape))
                .Append(' ').Append(layer.DeclaredActivation);
            if (layer.DeclaredActivation == Activation.LeakyReLU)
            {
                text.Append('(').Append(Literals.Double(layer.LeakySlope)).Append(')');
            }
            text.Append(' ').Append(Options(layer.Spec));
            foreach (PlannedTensor tensor in layer.Parameters)
            {
                text.Append(' ').Append(tensor.Suffix).Append(':').Append(Shapes.Text(tensor.Shape));
            }
            foreach (PlannedTensor tensor in layer.Buffers)
            {
                text.Append(' ').Append(tensor.Suffix).Append(':').Append(Shapes.Text(tensor.Shape));
            }
            // A chain's hash stays what it was before graphs: inputs enter only where a layer reads something else.
            if (layer.Kind != LayerKind.Input && (layer.Sources.Length != 1 || layer.Sources[0].Name != previous))
            {
                text.Append(" <-");
                foreach (PlannedSource source in layer.Sources)
                {
                    text.Append(' ').Append(source.Name);
                }
            }
            previous = layer.Name;
            text.Append('\n');
        }
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(text.ToString()))
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }
        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Options(LayerSpec spec) => spec switch
    {
        Conv2DSpec c => $"k{c.KernelHeight}x{c.KernelWidth} s{c.Stride} p{c.PaddingHeight}x{c.PaddingWidth} d{c.Dilation} b{(c.Bias ? 1 : 0)}",
        Pool2DSpec p => $"k{p.Kernel} s{p.Stride} p{p.Padding}",
        BatchNormSpec n => "eps" + Literals.Double(n.Epsilon),
        DropoutSpec d => "p" + Literals.Double(d.Probability),
        DenseSpec d => "b" + (d.Bias ? 1 : 0),
        _ => "",
    };
}
