using System;

namespace NetGen;

/// <summary>Declares the shape of one sample of the network's input, for example <c>[Input(64)]</c>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>Declares the input shape, outermost dimension first (features; or channels, height, width).</summary>
    /// <param name="shape">One or more positive dimensions.</param>
    public InputAttribute(params int[] shape) => Shape = shape;

    /// <summary>The declared shape of one sample.</summary>
    public int[] Shape { get; }

    /// <summary>
    /// An optional name, needed when a network has several inputs (the first defaults to <c>input</c>, the next to
    /// <c>input2</c>, ...). On a partial method the method's name is the input's name.
    /// </summary>
    public string? Name { get; set; }
}
