using System;

namespace NetGen.Checkpoints;

/// <summary>A named float32 tensor of a checkpoint file: its shape, outermost dimension first, and its values, row-major.</summary>
public sealed class CheckpointTensor
{
    private readonly int[] _shape;

    /// <summary>Creates a tensor over <paramref name="data"/>, which is kept, not copied.</summary>
    /// <param name="name">The tensor's name, for example <c>fc1.weight</c>.</param>
    /// <param name="data">The values, row-major; exactly as many as the shape's product.</param>
    /// <param name="shape">The shape, outermost dimension first; empty for a scalar.</param>
    /// <exception cref="ArgumentException">A dimension is negative, or the shape's product is not <c>data.Length</c>.</exception>
    public CheckpointTensor(string name, float[] data, ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(data);
        long count = TensorShape.Count(shape);
        if (count < 0)
        {
            throw new ArgumentException($"Tensor '{name}' has shape {TensorShape.Format(shape)}; dimensions must not be negative.", nameof(shape));
        }
        if (count != data.Length)
        {
            throw new ArgumentException(
                $"Tensor '{name}' has shape {TensorShape.Format(shape)}, which holds {count} values, but {data.Length} values were given.",
                nameof(data));
        }
        Name = name;
        Data = data;
        _shape = shape.ToArray();
    }

    /// <summary>The tensor's name, for example <c>fc1.weight</c> or <c>optimizer.exp_avg</c>.</summary>
    public string Name { get; }

    /// <summary>The shape, outermost dimension first; empty for a scalar.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The values, row-major (the last dimension varies fastest), as PyTorch stores a contiguous tensor.</summary>
    public float[] Data { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {TensorShape.Format(_shape)}";
}
