using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace NetGen.Checkpoints;

public static partial class Checkpoint
{
    /// <summary>
    /// Reads the checkpoint at <paramref name="path"/> into <paramref name="network"/>'s parameters and buffers, and
    /// restores its <see cref="INetwork.RandomState"/> when the file records one. Everything is read and checked
    /// first: on any error the exception names the problem and the network is unchanged.
    /// </summary>
    /// <param name="path">A file written by <see cref="Save"/>, or any safetensors file of F32 tensors with the network's names and shapes.</param>
    /// <param name="network">The network to load into.</param>
    /// <param name="requireSameArchitecture">
    /// Whether the file's <c>netgen.architecture</c> must equal <see cref="INetwork.ArchitectureHash"/> (true by default).
    /// Pass false to load by tensor names and shapes alone, for example a file written by PyTorch.
    /// </param>
    /// <returns>The file's metadata and its tensors that are not the network's (optimizer state...).</returns>
    /// <exception cref="InvalidDataException">
    /// The file is not a well-formed safetensors file of F32 tensors; its architecture hash differs (or is absent) while
    /// <paramref name="requireSameArchitecture"/> is true; a network tensor is missing or of another shape; or one holds
    /// NaN or infinity. The message names the file, the tensor and the fix.
    /// </exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static CheckpointContents Load(string path, INetwork network, bool requireSameArchitecture = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(network);
        SafetensorsFile file = SafetensorsReader.Read(path);
        if (requireSameArchitecture)
        {
            CheckArchitecture(path, file.Metadata, network);
        }
        var byName = file.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        CheckTensors(path, network, network.ParameterTensors, "parameter", byName);
        CheckTensors(path, network, network.BufferTensors, "buffer", byName);
        NetworkRandomState? random = RandomStateOf(path, file.Metadata);

        // Nothing below can fail: every length was checked above.
        CopyInto(network.ParameterTensors, network.Parameters, byName);
        CopyInto(network.BufferTensors, network.Buffers, byName);
        network.MarkParametersChanged(); // the last Forward's activations no longer match: Backward needs a new one
        if (random is { } state)
        {
            network.RandomState = state;
        }
        var extras = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        foreach (CheckpointTensor tensor in file.Tensors)
        {
            if (!IsNetworkTensor(network, tensor.Name))
            {
                extras.Add(tensor.Name, tensor);
            }
        }
        return new CheckpointContents(file.Metadata, extras);
    }

    private static void CheckArchitecture(string path, IReadOnlyDictionary<string, string> metadata, INetwork network)
    {
        if (!metadata.TryGetValue(CheckpointMetadataKeys.Architecture, out string? saved))
        {
            throw new InvalidDataException(
                $"{path}: the checkpoint has no '{CheckpointMetadataKeys.Architecture}' metadata, so it was not written by NetGen's Checkpoint.Save (a file from PyTorch, perhaps); " +
                $"pass requireSameArchitecture: false to load it into {NameOf(network)} by tensor names and shapes.");
        }
        if (saved != network.ArchitectureHash)
        {
            string savedFrom = metadata.TryGetValue(CheckpointMetadataKeys.Network, out string? name) ? $" by {name}" : "";
            throw new InvalidDataException(
                $"{path}: the checkpoint was saved{savedFrom} with architecture hash {saved}, but {NameOf(network)} has architecture hash {network.ArchitectureHash}. " +
                "The layers, shapes, tensor names or options differ (was the network's declaration changed since it was saved, or is this another network's checkpoint?); " +
                "load it into the network that saved it, or pass requireSameArchitecture: false to load tensors by name and shape.");
        }
    }

    private static void CheckTensors(
        string path, INetwork network, IReadOnlyList<TensorInfo> infos, string kind, Dictionary<string, CheckpointTensor> byName)
    {
        foreach (TensorInfo info in infos)
        {
            if (!byName.TryGetValue(info.Name, out CheckpointTensor? tensor))
            {
                string held = string.Join(", ", byName.Keys.Take(12)) + (byName.Count > 12 ? ", ..." : "");
                throw new InvalidDataException(
                    $"{path}: {kind} '{info.Name}' {TensorShape.Format(info.Shape)} of {NameOf(network)} is missing from the checkpoint, which holds: {(held.Length == 0 ? "no tensors" : held)}.");
            }
            if (!tensor.Shape.SequenceEqual(info.Shape))
            {
                throw new InvalidDataException(
                    $"{path}: tensor '{info.Name}' has shape {TensorShape.Format(tensor.Shape)} in the checkpoint but {NameOf(network)} expects {TensorShape.Format(info.Shape)}; the checkpoint is of another architecture.");
            }
            int bad = IndexOfNonFinite(tensor.Data);
            if (bad >= 0)
            {
                throw new InvalidDataException(
                    $"{path}: tensor '{info.Name}' holds {tensor.Data[bad]} at {TensorShape.FormatIndex(info.Shape, bad)} (flat index {bad}); a checkpoint of a diverged run, or a corrupt file, cannot be loaded.");
            }
        }
    }

    private static NetworkRandomState? RandomStateOf(string path, IReadOnlyDictionary<string, string> metadata)
    {
        bool hasSeed = metadata.TryGetValue(CheckpointMetadataKeys.RandomSeed, out string? seedText);
        bool hasStep = metadata.TryGetValue(CheckpointMetadataKeys.RandomStep, out string? stepText);
        if (!hasSeed && !hasStep)
        {
            return null;
        }
        if (!long.TryParse(seedText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seed)
            || !long.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out long step))
        {
            throw new InvalidDataException(
                $"{path}: metadata '{CheckpointMetadataKeys.RandomSeed}' = '{seedText}' and '{CheckpointMetadataKeys.RandomStep}' = '{stepText}' must both be whole numbers (the step not negative).");
        }
        return new NetworkRandomState(seed, step);
    }

    private static void CopyInto(IReadOnlyList<TensorInfo> infos, Span<float> arena, Dictionary<string, CheckpointTensor> byName)
    {
        foreach (TensorInfo info in infos)
        {
            byName[info.Name].Data.CopyTo(arena.Slice(info.Offset, info.Length));
        }
    }

    private static bool IsNetworkTensor(INetwork network, string name) =>
        network.ParameterTensors.Any(t => t.Name == name) || network.BufferTensors.Any(t => t.Name == name);
}
