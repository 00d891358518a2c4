using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Diagnostics;
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
    private readonly List<ReadProblem> _problems = new();
    private string? _previous;
    private string _attribute = "";

    /// <summary>
    /// What the last <see cref="Read"/> could not take as written (a null where the attribute needs a value, an
    /// argument of another type or missing): the parser reports each at that attribute and plans nothing.
    /// </summary>
    public IReadOnlyList<ReadProblem> Problems => _problems;

    /// <summary>
    /// Reads the next layer. A layer reads the layers its <c>From</c> names (several, separated by commas, are kept
    /// so that the planner can say that the layer takes one), or else the one declared before it (a chain). On a
    /// partial method, <paramref name="memberName"/> is the layer's name.
    /// </summary>
    public LayerSpec Read(AttributeData data, string? memberName = null)
    {
        _problems.Clear();
        _attribute = "[" + ShortName(data.AttributeClass?.Name ?? "") + "]";
        // A named argument given twice is a C# error (CS0643), which stops parsing before this; keep the last anyway.
        var named = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, TypedConstant> argument in data.NamedArguments)
        {
            named[argument.Key] = argument.Value.Kind == TypedConstantKind.Array ? null : argument.Value.Value;
        }
        if (memberName is not null)
        {
            named["Name"] = memberName;
        }
        // Name and From are nullable properties: null means "not set", as leaving them out does.
        bool chained = !(named.TryGetValue("From", out object? from) && from is string);
        EquatableArray<string> inputs =
            !chained ? Split((string)from!) :
            _previous is null ? EquatableArray<string>.Empty : new[] { _previous }.ToEquatableArray();
        LayerSpec layer = data.AttributeClass!.Name switch
        {
            "InputAttribute" => new InputSpec(InputName(named), InputShape(data)),
            "AddAttribute" => Merge(data, named, LayerKind.Add, "add"),
            "ConcatAttribute" => Merge(data, named, LayerKind.Concat, "concat"),
            "MultiplyAttribute" => Merge(data, named, LayerKind.Multiply, "mul"),
            "DenseAttribute" => new DenseSpec(Name(named, "fc"), inputs, Int(data, 0, "units"), Act(named), Bool(named, "Bias", true), Real(named, "LeakySlope", 0.01),
                Scheme(named), Real(named, "InitValue", 0)),
            "Conv2DAttribute" => Conv(data, named, inputs),
            "MaxPool2DAttribute" => Pool(data, named, inputs, isMax: true),
            "AvgPool2DAttribute" => Pool(data, named, inputs, isMax: false),
            "GlobalAvgPool2DAttribute" => new GlobalAvgPool2DSpec(Name(named, "pool"), inputs),
            "FlattenAttribute" => new FlattenSpec(Name(named, "flatten"), inputs),
            "BatchNormAttribute" => new BatchNormSpec(Name(named, "bn"), inputs, Real(named, "Momentum", 0.1), Real(named, "Epsilon", 1e-5), Act(named), Real(named, "LeakySlope", 0.01)),
            _ => new DropoutSpec(Name(named, "dropout"), inputs, Real(data, 0, "probability")),
        };
        _previous = layer.Name;
        // A join names its inputs in its constructor and an input reads nothing: neither is ever a chain.
        return chained && layer is not (MergeSpec or InputSpec) ? layer with { Chained = true } : layer;
    }

    private LayerSpec Merge(AttributeData data, Dictionary<string, object?> named, LayerKind kind, string family)
    {
        string[] inputs = Array.Empty<string>();
        if (Argument(data, 0, "inputs", TypedConstantKind.Array) is { } argument)
        {
            if (argument.IsNull)
            {
                Problem(DiagnosticDescriptors.InvalidArgument, "inputs", "null", "name the layers to join, for example [" + ShortName(data.AttributeClass!.Name) + "(nameof(A), nameof(B))]");
            }
            else
            {
                inputs = argument.Values.Select(v => v.Value as string ?? "").ToArray();
                for (int k = 0; k < inputs.Length; k++)
                {
                    if (inputs[k].Trim().Length == 0)
                    {
                        Problem(DiagnosticDescriptors.InvalidArgument, "inputs[" + Literals.Int(k) + "]", argument.Values[k].IsNull ? "null" : "\"" + inputs[k] + "\"",
                            "name each layer to join, for example nameof(A)");
                    }
                }
            }
        }
        return new MergeSpec(Name(named, family), inputs.ToEquatableArray(), kind, Act(named), Real(named, "LeakySlope", 0.01));
    }

    private EquatableArray<string> Split(string names)
    {
        string[] parts = names.Split(',').Select(n => n.Trim()).ToArray();
        if (parts.Any(p => p.Length == 0))
        {
            Problem(DiagnosticDescriptors.InvalidArgument, "From", "\"" + names + "\"",
                "name the layer to read, or several separated by commas, for example From = nameof(A)");
        }
        return parts.ToEquatableArray();
    }

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
            Name(named, "conv"), inputs, Int(data, 0, "filters"),
            kernelHeight != 0 ? kernelHeight : kernel, kernelWidth != 0 ? kernelWidth : kernel,
            Int(named, "Stride", 1),
            padHeight != -1 ? padHeight : padding, padWidth != -1 ? padWidth : padding,
            Int(named, "Dilation", 1), Int(named, "InChannels", 0), Act(named), Bool(named, "Bias", true), Real(named, "LeakySlope", 0.01),
            Scheme(named), Real(named, "InitValue", 0));
    }

    private LayerSpec Pool(AttributeData data, Dictionary<string, object?> named, EquatableArray<string> inputs, bool isMax)
    {
        int kernel = Int(data, 0, "kernel"), stride = Int(named, "Stride", 0);
        return new Pool2DSpec(Name(named, "pool"), inputs, isMax, kernel, stride == 0 ? kernel : stride, Int(named, "Padding", 0));
    }

    // Default names count layers of a family, as PyTorch examples name them: fc1, conv1, pool1, bn1...
    private string Name(Dictionary<string, object?> named, string family)
    {
        _counts.TryGetValue(family, out int count);
        _counts[family] = ++count;
        return named.TryGetValue("Name", out object? name) && name is string text ? text : family + count.ToString(CultureInfo.InvariantCulture);
    }

    private EquatableArray<int> InputShape(AttributeData data)
    {
        if (Argument(data, 0, "shape", TypedConstantKind.Array) is not { } argument)
        {
            return EquatableArray<int>.Empty;
        }
        if (argument.IsNull)
        {
            Problem(DiagnosticDescriptors.InvalidArgument, "shape", "null", "declare the shape of one sample, for example [Input(64)] or [Input(1, 28, 28)]");
            return EquatableArray<int>.Empty;
        }
        return argument.Values.Select(v => v.Value is int d ? d : 0).ToEquatableArray();
    }

    // The constructor argument at an index, or null after reporting that it is missing or of another kind. Only a
    // look-alike attribute (a type of the same name that is not NetGen's) gets here with the wrong arguments.
    private TypedConstant? Argument(AttributeData data, int index, string name, TypedConstantKind kind)
    {
        if (index < data.ConstructorArguments.Length && data.ConstructorArguments[index].Kind == kind)
        {
            return data.ConstructorArguments[index];
        }
        Problem(DiagnosticDescriptors.ForeignAttribute, _attribute, "its constructor has no " + (kind == TypedConstantKind.Array ? "array" : "value") + " argument '" + name + "' at position " + Literals.Int(index + 1));
        return null;
    }

    private int Int(AttributeData data, int index, string name) =>
        Argument(data, index, name, TypedConstantKind.Primitive) is { } argument ? Expect<int>(argument.Value, name, "int", 0) : 0;

    private double Real(AttributeData data, int index, string name) =>
        Argument(data, index, name, TypedConstantKind.Primitive) is { } argument ? Expect<double>(argument.Value, name, "double", 0) : 0;

    private int Int(Dictionary<string, object?> named, string key, int fallback) =>
        named.TryGetValue(key, out object? value) ? Expect(value, key, "int", fallback) : fallback;

    private bool Bool(Dictionary<string, object?> named, string key, bool fallback) =>
        named.TryGetValue(key, out object? value) ? Expect(value, key, "bool", fallback) : fallback;

    private double Real(Dictionary<string, object?> named, string key, double fallback) =>
        named.TryGetValue(key, out object? value) ? Expect(value, key, "double", fallback) : fallback;

    // Enums arrive as their underlying int; a value outside the enum is reported by the planner, with the valid names.
    private InitScheme Scheme(Dictionary<string, object?> named) => (InitScheme)Int(named, "WeightInit", (int)InitScheme.Auto);

    private Activation Act(Dictionary<string, object?> named) => (Activation)Int(named, "Activation", (int)Activation.Identity);

    private T Expect<T>(object? value, string name, string type, T fallback)
    {
        if (value is T typed)
        {
            return typed;
        }
        Problem(DiagnosticDescriptors.ForeignAttribute, _attribute, "its argument '" + name + "' is " + (value is null ? "null" : "of type " + value.GetType().Name) + " where NetGen's takes " + (type == "int" ? "an" : "a") + " " + type);
        return fallback;
    }

    private void Problem(DiagnosticDescriptor descriptor, params string[] args)
    {
        // NG0013 names the layer as "[Dense] has inputs = null; ...": prefix the attribute for it.
        _problems.Add(new ReadProblem(descriptor, descriptor == DiagnosticDescriptors.InvalidArgument ? new[] { _attribute }.Concat(args).ToArray() : args));
    }

    private static string ShortName(string attributeClass) =>
        attributeClass.EndsWith("Attribute", StringComparison.Ordinal) ? attributeClass.Substring(0, attributeClass.Length - "Attribute".Length) : attributeClass;
}

/// <summary>An argument the reader could not take as written, to report at its attribute.</summary>
internal sealed record ReadProblem(DiagnosticDescriptor Descriptor, string[] Arguments);
