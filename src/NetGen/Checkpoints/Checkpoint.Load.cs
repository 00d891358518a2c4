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
    /// restores its <see cref="INetwork.RandomState"/> when the file records one. The file is opened once, and
    /// everything is read and checked first (the architecture and tensor shapes before the data, the data against its
    /// <see cref="CheckpointMetadataKeys.DataSha256"/> when recorded): on any error the exception names the problem and
    /// the network is unchanged.
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
    /// <paramref name="requireSameArchitecture"/> is true; a network tensor is missing or of another shape; the data
    /// differs from its recorded checksum; or a network tensor holds NaN or infinity. The message names the file, the
    /// tensor and the fix.
    /// </exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static CheckpointContents Load(string path, INetwork network, bool requireSameArchitecture = true)
    {
        StagedCheckpoint staged = Stage(path, network, requireSameArchitecture);
        staged.ApplyTo(network);
        return staged.Contents;
    }

    /// <summary>
    /// Reads the file once and checks everything <see cref="Load"/> promises, changing nothing: the architecture and
    /// the network tensors' names and shapes from the header, before any data is read; then the data, its checksum,
    /// and the network tensors' values. <see cref="StagedCheckpoint.ApplyTo"/> then copies it in without failing.
    /// </summary>
    internal static StagedCheckpoint Stage(string path, INetwork network, bool requireSameArchitecture)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(network);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        SafetensorsHeader header = SafetensorsReader.ReadHeader(stream, path);
        if (requireSameArchitecture)
        {
            CheckArchitecture(path, header.Metadata, network);
        }
        var shapes = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (SafetensorsEntry entry in header.Entries)
        {
            shapes.Add(entry.Name, entry.Shape);
        }
        CheckShapes(path, network, network.ParameterTensors, "parameter", shapes);
        CheckShapes(path, network, network.BufferTensors, "buffer", shapes);
        NetworkRandomState? random = RandomStateOf(path, header.Metadata);

        var byName = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        foreach (CheckpointTensor tensor in SafetensorsReader.ReadTensors(stream, header, path))
        {
            byName.Add(tensor.Name, tensor);
        }
        float[][] parameters = CheckValues(path, network.ParameterTensors, byName);
        float[][] buffers = CheckValues(path, network.BufferTensors, byName);
        var extras = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        foreach (SafetensorsEntry entry in header.Entries)
        {
            if (!IsNetworkTensor(network, entry.Name))
            {
                extras.Add(entry.Name, byName[entry.Name]);
            }
        }
        return new StagedCheckpoint(parameters, buffers, random, new CheckpointContents(header.Metadata, extras, path));
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

    private static void CheckShapes(
        string path, INetwork network, IReadOnlyList<TensorInfo> infos, string kind, Dictionary<string, int[]> shapes)
    {
        foreach (TensorInfo info in infos)
        {
            if (!shapes.TryGetValue(info.Name, out int[]? shape))
            {
                string held = string.Join(", ", shapes.Keys.Take(12)) + (shapes.Count > 12 ? ", ..." : "");
                throw new InvalidDataException(
                    $"{path}: {kind} '{info.Name}' {TensorShape.Format(info.Shape)} of {NameOf(network)} is missing from the checkpoint, which holds: {(held.Length == 0 ? "no tensors" : held)}.");
            }
            if (!shape.AsSpan().SequenceEqual(info.Shape))
            {
                throw new InvalidDataException(
                    $"{path}: tensor '{info.Name}' has shape {TensorShape.Format(shape)} in the checkpoint but {NameOf(network)} expects {TensorShape.Format(info.Shape)}; the checkpoint is of another architecture.");
            }
        }
    }

    // The values of each network tensor, in the order of infos, after checking that every one is finite.
    private static float[][] CheckValues(string path, IReadOnlyList<TensorInfo> infos, Dictionary<string, CheckpointTensor> byName)
    {
        var values = new float[infos.Count][];
        for (int i = 0; i < infos.Count; i++)
        {
            TensorInfo info = infos[i];
            float[] data = byName[info.Name].Data;
            int bad = IndexOfNonFinite(data);
            if (bad >= 0)
            {
                throw new InvalidDataException(
                    $"{path}: tensor '{info.Name}' holds {data[bad]} at {TensorShape.FormatIndex(info.Shape, bad)} (flat index {bad}); a checkpoint of a diverged run, or a corrupt file, cannot be loaded.");
            }
            values[i] = data;
        }
        return values;
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

    private static bool IsNetworkTensor(INetwork network, string name) =>
        network.ParameterTensors.Any(t => t.Name == name) || network.BufferTensors.Any(t => t.Name == name);
}
