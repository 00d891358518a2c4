using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generator.Tests;

/// <summary>One layer attribute of a random declaration: its kind, arguments as C# text, and the layers it reads.</summary>
internal sealed class FuzzLayer
{
    public FuzzLayer(string kind, int[] shape, params FuzzLayer[] reads)
    {
        Kind = kind;
        Shape = shape;
        Reads = reads.ToList();
    }

    public string Kind { get; }

    /// <summary>The output shape the test expects (its own reckoning, from PyTorch's formulas).</summary>
    public int[] Shape { get; }

    public List<FuzzLayer> Reads { get; }

    public List<string> Arguments { get; } = new();

    public List<KeyValuePair<string, string>> Named { get; } = new();

    /// <summary>The explicit name (Name = ..., or the method's name), or null for the generator's default.</summary>
    public string? Name { get; set; }

    public bool OnMethod { get; set; }

    public bool IsJoin => Kind is "Add" or "Concat" or "Multiply";

    public string? Get(string key) => Named.FirstOrDefault(n => n.Key == key).Value;

    public void Set(string key, string? value)
    {
        Named.RemoveAll(n => n.Key == key);
        if (value is not null)
        {
            Named.Add(new KeyValuePair<string, string>(key, value));
        }
    }
}

/// <summary>
/// A random network declaration, valid by construction: layers with shapes tracked by the test, declared as a chain, as
/// a graph in shuffled order (every layer names its inputs, so layers may precede the input), or on partial methods.
/// </summary>
internal sealed class FuzzNetwork
{
    // Identifiers the generator must accept as class and layer names, keywords (Identifier escapes them) and names of
    // the generated methods' parameters (training, batch, output...) among them. Names that clash with generated
    // members (last, Parameters, Forward...) are faults in HostileValues. Layer names must not collide with the
    // generator's default names (fc1, conv1, pool1, bn1, input...).
    public static readonly string[] ClassNames = { "Net", "Model", "Classifier", "Regressor", "Scorer", "Tagger", "Ranker", "Detector", "Estimator", "Mlp", "Cnn", "Digits", "Iris", "Housing", "Sentiment",
        "class", "delegate", "operator" }; // disjoint from LayerNames: a member cannot have its class's name (CS0542)

    public static readonly string[] LayerNames = { "hidden", "encoder", "features", "trunk", "head", "branch", "skip", "proj", "gate", "mixer", "stem", "block", "neck", "tower", "reducer", "expander", "lift", "core", "body", "x", "y", "img", "extra",
        "event", "int", "params", "this", "training", "batch", "batchInput", "target", "optimizer", "labels", "scale", "accumulate", "output" };

    public string Namespace { get; set; } = "";

    public string ClassName { get; set; } = "";

    public List<KeyValuePair<string, string>> Options { get; } = new();

    /// <summary>Layers in declaration order; the output is last.</summary>
    public List<FuzzLayer> Layers { get; } = new();

    public bool GraphOrder { get; set; }

    public string Source { get; private set; } = "";

    /// <summary>Where each attribute's text (inside the brackets) lies in <see cref="Source"/>; the key null is [Network].</summary>
    public Dictionary<FuzzLayer, (int Start, int Length)> Spans { get; } = new();

    public (int Start, int Length) NetworkSpan { get; private set; }

    public static string Identifier(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    public static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public static string Real(double value) => value.ToString("R", CultureInfo.InvariantCulture) is var text && (text.Contains('.') || text.Contains('E')) ? text : text + ".0";

    /// <summary>The name another layer uses for this one; the generator's default when it has none.</summary>
    public string NameOf(FuzzLayer layer) => layer.Name ?? DefaultName(layer);

    // The generator's documented defaults: input, input2...; fc1, conv1, pool1, bn1... counted per family in declaration order.
    private string DefaultName(FuzzLayer layer)
    {
        string family = Family(layer.Kind);
        int count = Layers.Take(Layers.IndexOf(layer) + 1).Count(l => Family(l.Kind) == family);
        return family == "input" ? (count == 1 ? "input" : "input" + count.ToString(CultureInfo.InvariantCulture)) : family + count.ToString(CultureInfo.InvariantCulture);
    }

    private static string Family(string kind) => kind switch
    {
        "Input" => "input",
        "Dense" => "fc",
        "Conv2D" => "conv",
        "MaxPool2D" or "AvgPool2D" or "GlobalAvgPool2D" => "pool",
        "BatchNorm" => "bn",
        "Multiply" => "mul",
        _ => kind.ToLowerInvariant(),
    };

    /// <summary>Writes the C# source; a layer that reads the layer declared before it leaves out From (a chain) unless in graph order.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        text.Append("using NetGen;\nnamespace ").Append(Namespace).Append(";\n\n[");
        int start = text.Length;
        text.Append("Network");
        if (Options.Count > 0)
        {
            text.Append('(').Append(string.Join(", ", Options.Select(o => o.Key + " = " + o.Value))).Append(')');
        }
        NetworkSpan = (start, text.Length - start);
        text.Append("]\n");
        Spans.Clear();
        foreach (FuzzLayer layer in Layers.Where(l => !l.OnMethod))
        {
            text.Append('[');
            Append(text, layer);
            text.Append("]\n");
        }
        text.Append("public partial class ").Append(Identifier(ClassName)).Append("\n{\n");
        foreach (FuzzLayer layer in Layers.Where(l => l.OnMethod))
        {
            text.Append("    [");
            Append(text, layer);
            text.Append("] public partial System.ReadOnlySpan<float> ").Append(Identifier(layer.Name!)).Append("();\n");
        }
        text.Append("}\n");
        Source = text.ToString();
        return Source;
    }

    private void Append(StringBuilder text, FuzzLayer layer)
    {
        int start = text.Length;
        var arguments = new List<string>(layer.Arguments);
        if (layer.IsJoin && arguments.Count == 0)
        {
            arguments.AddRange(layer.Reads.Select(r => Quote(NameOf(r))));
        }
        var named = new List<KeyValuePair<string, string>>(layer.Named);
        if (layer.Name is not null && !layer.OnMethod && layer.Get("Name") is null)
        {
            named.Add(new("Name", Quote(layer.Name)));
        }
        int index = Layers.IndexOf(layer);
        bool chained = !GraphOrder && layer.Reads.Count == 1 && index > 0 && Layers[index - 1] == layer.Reads[0];
        if (!layer.IsJoin && layer.Reads.Count == 1 && !chained && layer.Get("From") is null)
        {
            named.Add(new("From", Quote(NameOf(layer.Reads[0]))));
        }
        arguments.AddRange(named.Select(n => n.Key + " = " + n.Value));
        text.Append(layer.Kind);
        if (arguments.Count > 0)
        {
            text.Append('(').Append(string.Join(", ", arguments)).Append(')');
        }
        Spans[layer] = (start, text.Length - start);
    }
}
