using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>Reads one layer attribute's arguments into its <see cref="LayerSpec"/>, with PyTorch's defaults.</summary>
internal sealed class LayerReader
{
    public static readonly string[] AttributeNames =
    {
        "NetGen.InputAttribute", "NetGen.DenseAttribute", "NetGen.Conv2DAttribute", "NetGen.MaxPool2DAttribute",
        "NetGen.AvgPool2DAttribute", "NetGen.GlobalAvgPool2DAttribute", "NetGen.FlattenAttribute",
        "NetGen.BatchNormAttribute", "NetGen.DropoutAttribute", "NetGen.AddAttribute", "NetGen.ConcatAttribute",
        "NetGen.MultiplyAttribute",
    };

    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private string? _previous;

    /// <summary>
    /// Reads the next layer. A layer reads the layers its <c>From</c> names (several, separated by commas, are kept
    /// so that the planner can say that the layer takes one), or else the one declared before it (a chain). On a
    /// partial method, <paramref name="memberName"/> is the layer's name.
    /// </summary>
    public LayerSpec Read(AttributeData data, string? memberName = null)
    {
        var named = data.NamedArguments.ToDictionary(a => a.Key, a => a.Value.Value, StringComparer.Ordinal);
        if (memberName is not null)
        {
            named["Name"] = memberName;
        }
        EquatableArray<string> inputs =
            named.TryGetValue("From", out object? from) && from is string names ? Split(names) :
            _previous is null ? EquatableArray<string>.Empty : new[] { _previous }.ToEquatableArray();
        LayerSpec layer = data.AttributeClass!.Name switch
        {
            "InputAttribute" => new InputSpec(InputName(named), InputShape(data)),
            "AddAttribute" => Merge(data, named, LayerKind.Add, "add"),
            "ConcatAttribute" => Merge(data, named, LayerKind.Concat, "concat"),
            "MultiplyAttribute" => Merge(data, named, LayerKind.Multiply, "mul"),
            "DenseAttribute" => new DenseSpec(Name(named, "fc"), inputs, Int(data, 0), Act(named), Bool(named, "Bias", true), Real(named, "LeakySlope", 0.01),
                Scheme(named), Real(named, "InitValue", 0)),
            "Conv2DAttribute" => Conv(data, named, inputs),
            "MaxPool2DAttribute" => Pool(data, named, inputs, isMax: true),
            "AvgPool2DAttribute" => Pool(data, named, inputs, isMax: false),
            "GlobalAvgPool2DAttribute" => new GlobalAvgPool2DSpec(Name(named, "pool"), inputs),
            "FlattenAttribute" => new FlattenSpec(Name(named, "flatten"), inputs),
            "BatchNormAttribute" => new BatchNormSpec(Name(named, "bn"), inputs, Real(named, "Momentum", 0.1), Real(named, "Epsilon", 1e-5), Act(named), Real(named, "LeakySlope", 0.01)),
            _ => new DropoutSpec(Name(named, "dropout"), inputs, data.ConstructorArguments[0].Value is double p ? p : double.NaN),
        };
        _previous = layer.Name;
        return layer;
    }

    private LayerSpec Merge(AttributeData data, Dictionary<string, object?> named, LayerKind kind, string family)
    {
        TypedConstant argument = data.ConstructorArguments[0];
        string[] inputs = argument.IsNull ? Array.Empty<string>()
            : argument.Kind == TypedConstantKind.Array ? argument.Values.Select(v => v.Value as string ?? "").ToArray()
            : new[] { argument.Value as string ?? "" };
        return new MergeSpec(Name(named, family), inputs.ToEquatableArray(), kind, Act(named), Real(named, "LeakySlope", 0.01));
    }

    private static EquatableArray<string> Split(string names) =>
        names.Split(',').Select(n => n.Trim()).ToEquatableArray();

    // The first input is 'input', as in a chain; more are 'input2', 'input3'... unless named.
    private string InputName(Dictionary<string, object?> named)
    {
        _counts.TryGetValue("input", out int count);
        _counts["input"] = ++count;
        return named.TryGetValue("Name", out object? name) && name is string text ? text
            : count == 1 ? "input" : "input" + count.ToString(CultureInfo.InvariantCulture);
    }

    private LayerSpec Conv(AttributeData data, Dictionary<string, object?> named, EquatableArray<string> inputs)
    {
        int kernel = Int(named, "Kernel", 3), padding = Int(named, "Padding", 0);
        int kernelHeight = Int(named, "KernelHeight", 0), kernelWidth = Int(named, "KernelWidth", 0);
        int padHeight = Int(named, "PaddingHeight", -1), padWidth = Int(named, "PaddingWidth", -1);
        return new Conv2DSpec(
            Name(named, "conv"), inputs, Int(data, 0),
            kernelHeight != 0 ? kernelHeight : kernel, kernelWidth != 0 ? kernelWidth : kernel,
            Int(named, "Stride", 1),
            padHeight != -1 ? padHeight : padding, padWidth != -1 ? padWidth : padding,
            Int(named, "Dilation", 1), Int(named, "InChannels", 0), Act(named), Bool(named, "Bias", true), Real(named, "LeakySlope", 0.01),
            Scheme(named), Real(named, "InitValue", 0));
    }

    private LayerSpec Pool(AttributeData data, Dictionary<string, object?> named, EquatableArray<string> inputs, bool isMax)
    {
        int kernel = Int(data, 0), stride = Int(named, "Stride", 0);
        return new Pool2DSpec(Name(named, "pool"), inputs, isMax, kernel, stride == 0 ? kernel : stride, Int(named, "Padding", 0));
    }

    // Default names count layers of a family, as PyTorch examples name them: fc1, conv1, pool1, bn1...
    private string Name(Dictionary<string, object?> named, string family)
    {
        _counts.TryGetValue(family, out int count);
        _counts[family] = ++count;
        return named.TryGetValue("Name", out object? name) && name is string text ? text : family + count.ToString(CultureInfo.InvariantCulture);
    }

    private static EquatableArray<int> InputShape(AttributeData data)
    {
        TypedConstant argument = data.ConstructorArguments[0];
        int[] shape = argument.Kind == TypedConstantKind.Array
            ? argument.Values.Select(v => v.Value is int d ? d : 0).ToArray()
            : new[] { argument.Value is int d ? d : 0 };
        return shape.ToEquatableArray();
    }

    private static int Int(AttributeData data, int index) => data.ConstructorArguments[index].Value is int value ? value : 0;

    private static int Int(Dictionary<string, object?> named, string key, int fallback) =>
        named.TryGetValue(key, out object? value) && value is int i ? i : fallback;

    private static bool Bool(Dictionary<string, object?> named, string key, bool fallback) =>
        named.TryGetValue(key, out object? value) && value is bool b ? b : fallback;

    private static double Real(Dictionary<string, object?> named, string key, double fallback) =>
        named.TryGetValue(key, out object? value) && value is double d ? d : fallback;

    private static InitScheme Scheme(Dictionary<string, object?> named) =>
        named.TryGetValue("WeightInit", out object? value) && value is int s ? (InitScheme)s : InitScheme.Auto;

    private static Activation Act(Dictionary<string, object?> named) =>
        named.TryGetValue("Activation", out object? value) && value is int a ? (Activation)a : Activation.Identity;
}
