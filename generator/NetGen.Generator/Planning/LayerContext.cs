using System;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>What a kind's planner sees of one layer: the network, the layer's input shape and where to report errors.</summary>
internal sealed class LayerContext
{
    private readonly Action<DiagnosticDescriptor, string[]> _error;

    public LayerContext(NetworkSpec network, LayerSpec layer, EquatableArray<int> inShape, bool isOutput, Action<DiagnosticDescriptor, string[]> error)
    {
        Network = network;
        Layer = layer;
        InShape = inShape;
        IsOutput = isOutput;
        _error = error;
    }

    public NetworkSpec Network { get; }

    public LayerSpec Layer { get; }

    public EquatableArray<int> InShape { get; }

    public bool IsOutput { get; }

    public string Described => Layer.Describe();

    public bool HasErrors { get; private set; }

    public void Error(DiagnosticDescriptor descriptor, params string[] args)
    {
        HasErrors = true;
        _error(descriptor, args);
    }

    /// <summary>Reports a size that must be positive; returns whether it is.</summary>
    public bool Positive(int value, string what)
    {
        if (value > 0)
        {
            return true;
        }
        Error(Diagnostics.DiagnosticDescriptors.NonPositiveSize, Described + " " + what, Literals.Int(value));
        return false;
    }

    /// <summary>Checks that the input is an image (channels x height x width), suggesting the fix otherwise.</summary>
    public bool RequireImage()
    {
        if (InShape.Length == 3)
        {
            return true;
        }
        Error(Diagnostics.DiagnosticDescriptors.NeedsImageInput, Described, Shapes.Text(InShape));
        return false;
    }

    /// <summary>Checks that the input is flat, suggesting [Flatten] otherwise.</summary>
    public bool RequireFlat()
    {
        if (InShape.Length == 1)
        {
            return true;
        }
        Error(Diagnostics.DiagnosticDescriptors.UnsupportedShape, Described, Shapes.Text(InShape), Literals.Int(Shapes.Product(InShape)));
        return false;
    }
}
