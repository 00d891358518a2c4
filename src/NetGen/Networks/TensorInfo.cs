using System;

namespace NetGen;

/// <summary>A named tensor inside a network's parameter arena, with its PyTorch name and shape.</summary>
public sealed class TensorInfo
{
    private readonly int[] _shape;

    /// <summary>Creates a tensor description.</summary>
    /// <param name="name">The PyTorch-style name, for example <c>fc1.weight</c>.</param>
    /// <param name="offset">The offset of its first float in the arena.</param>
    /// <param name="role">What the tensor is.</param>
    /// <param name="shape">Its shape, outermost dimension first.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or the tensor holds more than <see cref="int.MaxValue"/> floats.</exception>
    public TensorInfo(string name, int offset, TensorRole role, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        long length = 1;
        foreach (int d in shape)
        {
            length *= d; // at most int.MaxValue before each step, so the 64-bit product cannot wrap
            if (d < 0 || length > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(shape), $"The tensor '{name}' has the shape ({string.Join(", ", shape)}); dimensions must be >= 0 and their product at most {int.MaxValue} floats.");
            }
        }
        Name = name;
        Offset = offset;
        Role = role;
        _shape = (int[])shape.Clone();
        Length = (int)length;
    }

    /// <summary>The PyTorch-style name, for example <c>fc1.weight</c>.</summary>
    public string Name { get; }

    /// <summary>What the tensor is: a weight, a bias, a normalisation scale...</summary>
    public TensorRole Role { get; }

    /// <summary>The offset of the tensor's first float in the arena.</summary>
    public int Offset { get; }

    /// <summary>The number of floats in the tensor.</summary>
    public int Length { get; }

    /// <summary>The tensor's shape, outermost dimension first.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({string.Join("x", _shape)}) @ {Offset}";
}
