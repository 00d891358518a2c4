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

    /// <summary>
    /// The layer's output shape from dimensions computed in long arithmetic, or null after reporting NG0035 when a
    /// dimension, one sample or a batch of MaxBatch samples is larger than an array can hold. <paramref name="cause"/>
    /// names the arguments that gave the size, for the message.
    /// </summary>
    public EquatableArray<int>? Output(string cause, string fix, params long[] dims)
    {
        string? problem = SizeProblem(Network.MaxBatch, dims);
        if (problem is null)
        {
            var shape = new int[dims.Length];
            for (int d = 0; d < dims.Length; d++)
            {
                shape[d] = (int)dims[d];
            }
            return shape.ToEquatableArray();
        }
        Error(Diagnostics.DiagnosticDescriptors.LayerTooLarge, Described, cause + problem, fix);
        return null;
    }

    /// <summary>Why an output of these dimensions does not fit at the given MaxBatch, or null when it fits.</summary>
    public static string? SizeProblem(int maxBatch, long[] dims)
    {
        // A side above int.MaxValue makes one sample too large as well, since every dimension is at least 1.
        long sample = Sizes.Product(dims), batch = Sizes.Product(sample, maxBatch);
        if (Sizes.FitArray(batch))
        {
            return null;
        }
        var text = new string[dims.Length];
        for (int d = 0; d < dims.Length; d++)
        {
            text[d] = Literals.Int(dims[d]);
        }
        return " gives an output of " + string.Join("x", text) + ": " + Count(sample) + " floats a sample, " + Count(batch) + " at MaxBatch " + Literals.Int(maxBatch);
    }

    private static string Count(long n) => n == long.MaxValue ? "more than 9.2E+18" : Literals.Grouped(n);

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
