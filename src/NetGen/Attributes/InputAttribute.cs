using System;

namespace NetGen;

/// <summary>Declares the shape of one sample of the network's input, for example <c>[Input(64)]</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>Declares the input shape, outermost dimension first (features; or channels, height, width).</summary>
    /// <param name="shape">One or more positive dimensions.</param>
    public InputAttribute(params int[] shape) => Shape = shape;

    /// <summary>The declared shape of one sample.</summary>
    public int[] Shape { get; }
}
