using System;
using System.Collections.Generic;

namespace NetGen.Checkpoints;

/// <summary>
/// What a checkpoint holds beyond the network's own tensors: more float32 tensors (optimizer moments over the whole
/// arena, <c>optimizer.exp_avg</c>...) and metadata strings (training state as JSON...). <see cref="Checkpoint.Load"/>
/// hands both back.
/// </summary>
public sealed class CheckpointExtras
{
    private readonly List<CheckpointTensor> _tensors = new();
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);

    /// <summary>The extra tensors, in the order they were added, which is their order in the file.</summary>
    public IReadOnlyList<CheckpointTensor> Tensors => _tensors;

    /// <summary>The extra metadata strings.</summary>
    public IReadOnlyDictionary<string, string> Metadata => _metadata;

    /// <summary>Adds a copy of <paramref name="data"/> as the 1-D tensor <paramref name="name"/>.</summary>
    /// <returns>This object, so that calls chain.</returns>
    /// <exception cref="ArgumentException">The name is empty or already added.</exception>
    public CheckpointExtras AddTensor(string name, ReadOnlySpan<float> data) =>
        AddTensor(name, data, stackalloc int[] { data.Length });

    /// <summary>Adds a copy of <paramref name="data"/> as tensor <paramref name="name"/> of shape <paramref name="shape"/>.</summary>
    /// <param name="name">A name that no network tensor uses; a prefix such as <c>optimizer.</c> or <c>trainer.</c> keeps it apart.</param>
    /// <param name="data">The values, row-major; copied now, so the caller may keep changing its buffer.</param>
    /// <param name="shape">The shape, outermost dimension first; empty for a scalar.</param>
    /// <returns>This object, so that calls chain.</returns>
    /// <exception cref="ArgumentException">The name is empty or already added, or the shape does not hold <c>data.Length</c> values.</exception>
    public CheckpointExtras AddTensor(string name, ReadOnlySpan<float> data, ReadOnlySpan<int> shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_tensors.Exists(t => t.Name == name))
        {
            throw new ArgumentException($"An extra tensor named '{name}' was already added.", nameof(name));
        }
        _tensors.Add(new CheckpointTensor(name, data.ToArray(), shape));
        return this;
    }

    /// <summary>Sets the metadata string <paramref name="key"/>, replacing any earlier value.</summary>
    /// <returns>This object, so that calls chain.</returns>
    /// <exception cref="ArgumentException">The key is empty or one that <see cref="Checkpoint.Save"/> writes itself (<see cref="CheckpointMetadataKeys"/>).</exception>
    public CheckpointExtras SetMetadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (CheckpointMetadataKeys.IsReserved(key))
        {
            throw new ArgumentException($"Metadata key '{key}' is written by Checkpoint.Save itself; choose another key.", nameof(key));
        }
        _metadata[key] = value;
        return this;
    }
}
