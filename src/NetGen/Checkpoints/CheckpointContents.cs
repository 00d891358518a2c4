using System.Collections.Generic;

namespace NetGen.Checkpoints;

/// <summary>What <see cref="Checkpoint.Load"/> returns beside the network's tensors, which it has already copied in.</summary>
public sealed class CheckpointContents
{
    /// <summary>Creates the result of a load.</summary>
    /// <param name="metadata">Every metadata string of the file.</param>
    /// <param name="extraTensors">The file's tensors that are not the network's parameters or buffers, by name.</param>
    /// <param name="source">The file they were read from, named in error messages; empty when unknown.</param>
    public CheckpointContents(IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, CheckpointTensor> extraTensors, string source = "")
    {
        Metadata = metadata;
        ExtraTensors = extraTensors;
        Source = source ?? "";
    }

    /// <summary>The file these contents were read from, as its path was given to the load; empty when unknown.</summary>
    public string Source { get; }

    /// <summary>Every metadata string of the file: NetGen's own (<see cref="CheckpointMetadataKeys"/>) and the extras.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// The file's tensors that are not the network's parameters or buffers, by name, in file order: the extras
    /// saved with <see cref="CheckpointExtras"/>, such as optimizer state. They are returned as they are, unchecked.
    /// </summary>
    public IReadOnlyDictionary<string, CheckpointTensor> ExtraTensors { get; }

    /// <summary>The architecture hash the file was saved with, or null when it has none (a file from another tool).</summary>
    public string? ArchitectureHash => Metadata.TryGetValue(CheckpointMetadataKeys.Architecture, out string? hash) ? hash : null;
}
