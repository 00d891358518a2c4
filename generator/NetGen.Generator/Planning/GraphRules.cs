using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>
/// The network's graph in execution order: <see cref="Order"/> lists layer indices (into the spec's layers) so that
/// every layer comes after the layers it reads; <see cref="Sources"/> gives each layer's inputs.
/// </summary>
internal sealed class Graph
{
    public Graph(int[] order, int[][] sources, int output)
    {
        Order = order;
        Sources = sources;
        Output = output;
    }

    public int[] Order { get; }

    public int[][] Sources { get; }

    public int Output { get; }
}

/// <summary>Rules about the graph as a whole: inputs, references, order, cycles, unread layers, trainable layers, valid unique names.</summary>
internal static class GraphRules
{
    /// <summary>
    /// Reports graph problems; returns the graph in execution order, or null. Layers read the layers their
    /// <c>From</c> names, or the one declared before them; the output is the last layer declared.
    /// </summary>
    public static Graph? Validate(NetworkSpec spec, Action<int, DiagnosticDescriptor, string[]> error)
    {
        ReadOnlySpan<LayerSpec> layers = spec.Layers.AsSpan();
        bool valid = true;
        void Fail(int layer, DiagnosticDescriptor d, string[] args)
        {
            valid = false;
            error(layer, d, args);
        }

        int firstInput = -1;
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] is InputSpec input)
            {
                firstInput = firstInput < 0 ? i : firstInput;
                ValidateInputShape(i, input, Fail);
            }
        }
        if (firstInput < 0)
        {
            error(-1, DiagnosticDescriptors.NoInput, new[] { spec.ClassName });
            return null;
        }
        for (int i = 0; i < firstInput; i++)
        {
            // A layer that names its input with From may come first; one that chains to the layer before it may not.
            if (layers[i].Inputs.Length == 0 || layers[i].Chained)
            {
                Fail(i, DiagnosticDescriptors.LayerBeforeInput, new[] { layers[i].Describe() });
            }
        }
        bool trainable = false;
        foreach (LayerSpec layer in layers)
        {
            trainable |= layer is DenseSpec or Conv2DSpec or BatchNormSpec;
        }
        if (!trainable)
        {
            Fail(-1, DiagnosticDescriptors.NoLayers, new[] { spec.ClassName });
        }
        ValidateNames(layers, Fail);
        if (!valid)
        {
            return null;
        }

        int[][]? sources = Resolve(spec, Fail);
        if (sources is null || !valid)
        {
            return null;
        }
        int[]? order = Order(spec, sources, Fail);
        if (order is null || !valid)
        {
            return null;
        }
        ReportUnread(spec, sources, Fail);
        return valid ? new Graph(order, sources, layers.Length - 1) : null;
    }

    // Each layer's inputs as indices; unknown names (with the closest known name), and the wrong number of inputs.
    private static int[][]? Resolve(NetworkSpec spec, Action<int, DiagnosticDescriptor, string[]> error)
    {
        ReadOnlySpan<LayerSpec> layers = spec.Layers.AsSpan();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < layers.Length; i++)
        {
            index[layers[i].Name] = i;
        }
        var sources = new int[layers.Length][];
        bool valid = true;
        for (int i = 0; i < layers.Length; i++)
        {
            LayerSpec layer = layers[i];
            sources[i] = new int[layer.Inputs.Length];
            for (int k = 0; k < layer.Inputs.Length; k++)
            {
                string name = layer.Inputs[k];
                if (!index.TryGetValue(name, out sources[i][k]))
                {
                    string? closest = Closest(name, layers);
                    error(i, DiagnosticDescriptors.UnknownLayer, new[] { layer.Describe(), name, spec.ClassName,
                        closest is null ? "" : "; did you mean '" + closest + "'?" });
                    valid = false;
                }
            }
            if (layer is InputSpec)
            {
                continue;
            }
            if (layer is MergeSpec merge)
            {
                if (layer.Inputs.Length < 2 || (merge.Kind == LayerKind.Multiply && layer.Inputs.Length != 2))
                {
                    error(i, DiagnosticDescriptors.TooFewInputs, new[] { layer.Describe(), Count(layer.Inputs.Length, "layer"),
                        merge.Kind == LayerKind.Multiply ? "exactly 2" : "at least 2", merge.Kind.ToString() });
                    valid = false;
                }
            }
            else if (layer.Inputs.Length > 1)
            {
                error(i, DiagnosticDescriptors.SeveralInputs, new[] { layer.Describe(), Count(layer.Inputs.Length, "layer"),
                    string.Join(", ", Quote(layer.Inputs)) });
                valid = false;
            }
        }
        return valid ? sources : null;
    }

    // Kahn's algorithm, taking the earliest declared ready layer first, so that a chain keeps its declaration order.
    private static int[]? Order(NetworkSpec spec, int[][] sources, Action<int, DiagnosticDescriptor, string[]> error)
    {
        int n = sources.Length;
        var pending = new int[n];
        var readers = new List<int>[n];
        for (int i = 0; i < n; i++)
        {
            readers[i] = new List<int>();
        }
        for (int i = 0; i < n; i++)
        {
            foreach (int s in sources[i])
            {
                pending[i]++;
                readers[s].Add(i);
            }
        }
        var ready = new SortedSet<int>();
        for (int i = 0; i < n; i++)
        {
            if (pending[i] == 0)
            {
                ready.Add(i);
            }
        }
        var order = new List<int>(n);
        while (ready.Count > 0)
        {
            int next = ready.Min;
            ready.Remove(next);
            order.Add(next);
            foreach (int reader in readers[next])
            {
                if (--pending[reader] == 0)
                {
                    ready.Add(reader);
                }
            }
        }
        if (order.Count == n)
        {
            return order.ToArray();
        }
        // Every layer left waits on another left: walk back through unfinished inputs until a layer repeats.
        ReadOnlySpan<LayerSpec> layers = spec.Layers.AsSpan();
        int start = 0;
        while (pending[start] == 0)
        {
            start++;
        }
        var path = new List<int>();
        int at = start;
        while (!path.Contains(at))
        {
            path.Add(at);
            foreach (int s in sources[at])
            {
                if (pending[s] > 0)
                {
                    at = s;
                    break;
                }
            }
        }
        List<int> cycle = path.GetRange(path.IndexOf(at), path.Count - path.IndexOf(at));
        cycle.Reverse();
        int first = cycle.Min();
        var names = new List<string>();
        int from = cycle.IndexOf(first);
        for (int k = 0; k <= cycle.Count; k++)
        {
            names.Add("'" + layers[cycle[(from + k) % cycle.Count]].Name + "'");
        }
        error(first, DiagnosticDescriptors.Cycle, new[] { layers[first].Describe(), string.Join(" -> ", names) });
        return null;
    }

    // Every layer but the output must be read: an unread input or a dangling layer is almost always a wrong name.
    private static void ReportUnread(NetworkSpec spec, int[][] sources, Action<int, DiagnosticDescriptor, string[]> error)
    {
        ReadOnlySpan<LayerSpec> layers = spec.Layers.AsSpan();
        var read = new bool[layers.Length];
        foreach (int[] inputs in sources)
        {
            foreach (int s in inputs)
            {
                read[s] = true;
            }
        }
        string output = layers[layers.Length - 1].Name;
        for (int i = 0; i < layers.Length - 1; i++)
        {
            if (read[i])
            {
                continue;
            }
            string why = layers[i] is InputSpec
                ? "no layer reads the input '" + layers[i].Name + "'; read it with From = \"" + layers[i].Name + "\" (or nameof) or remove it"
                : "no layer reads '" + layers[i].Name + "' and it is not the output (the last layer declared, '" + output + "'); read it, remove it, or declare the output last";
            error(i, DiagnosticDescriptors.UnusedLayer, new[] { layers[i].Describe(), why });
        }
    }

    private static string? Closest(string name, ReadOnlySpan<LayerSpec> layers)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (LayerSpec layer in layers)
        {
            int d = Distance(name.ToLowerInvariant(), layer.Name.ToLowerInvariant());
            if (d < bestDistance)
            {
                (best, bestDistance) = (layer.Name, d);
            }
        }
        return bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    // Levenshtein distance, for "did you mean".
    private static int Distance(string a, string b)
    {
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    private static string Count(int n, string what) => Literals.Int(n) + " " + what + (n == 1 ? "" : "s");

    private static IEnumerable<string> Quote(EquatableArray<string> names)
    {
        foreach (string name in names)
        {
            yield return "'" + name + "'";
        }
    }

    private static void ValidateInputShape(int index, InputSpec input, Action<int, DiagnosticDescriptor, string[]> error)
    {
        if (input.Shape.Length is < 1 or > 3)
        {
            error(index, DiagnosticDescriptors.InvalidInputShape, new[] { Literals.Int(input.Shape.Length) });
            return;
        }
        foreach (int d in input.Shape)
        {
            if (d <= 0)
            {
                error(index, DiagnosticDescriptors.NonPositiveSize, new[] { input.Describe(), Literals.Int(d) });
            }
        }
    }

    private static void ValidateNames(ReadOnlySpan<LayerSpec> layers, Action<int, DiagnosticDescriptor, string[]> error)
    {
        var memberNames = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < layers.Length; i++)
        {
            string name = layers[i].Name;
            string reason = NameProblem(name);
            if (reason.Length == 0 && !memberNames.Add(Planner.MemberName(name)))
            {
                reason = "is used by another layer (names differing only in the case of their first letter collide too)";
            }
            if (reason.Length > 0)
            {
                error(i, DiagnosticDescriptors.InvalidLayerName, new[] { layers[i].Describe(), name, reason });
            }
        }
    }

    private static string NameProblem(string name)
    {
        if (name.Length == 0 || name[0] > 127 || !char.IsLetter(name[0]))
        {
            return "does not start with an ASCII letter";
        }
        foreach (char c in name)
        {
            if (c > 127 || !(char.IsLetterOrDigit(c) || c == '_'))
            {
                return "contains '" + c + "'";
            }
        }
        return "";
    }
}
