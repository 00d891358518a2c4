using System.Collections.Generic;

namespace NetGen.Checkpoints;

/// <summary>The contents of a safetensors file: its tensors in the order of their data, and its <c>__metadata__</c>.</summary>
public sealed class SafetensorsFile
{
    /// <summary>Creates the contents of a file.</summary>
    /// <param name="tensors">The tensors, in the order of their data in the file.</param>
    /// <param name="metadata">The <c>__metadata__</c> strings; empty when the file has none.</param>
    public SafetensorsFile(IReadOnlyList<CheckpointTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The tensors, in the order of their data in the file.</summary>
    public IReadOnlyList<CheckpointTensor> Tensors { get; }

    /// <summary>The <c>__metadata__</c> strings; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
