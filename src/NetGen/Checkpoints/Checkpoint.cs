using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;

namespace NetGen.Checkpoints;

/// <summary>
/// Saves and loads a network's parameters and buffers as a safetensors file under their PyTorch names
/// (<c>conv1.weight</c>, <c>bn1.running_mean</c>...), so that the same file loads into PyTorch with
/// <c>safetensors.torch.load_file</c> and <c>load_state_dict</c>. The file records the network's architecture hash,
/// and loading checks it. See <c>docs/checkpoints.md</c>.
/// </summary>
public static partial class Checkpoint
{
    // An assembly attribute, which NativeAOT and trimming keep: no reflection over members.
    private static readonly string s_version =
        typeof(Checkpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// Writes every parameter and buffer of <paramref name="network"/>, then the extra tensors, with NetGen's metadata
    /// and the extra metadata, to <paramref name="path"/>, atomically (<see cref="AtomicFile.Write"/>): on any error the
    /// file that was there is left intact.
    /// </summary>
    /// <param name="path">The file to create or replace; <c>.safetensors</c> is the usual extension.</param>
    /// <param name="network">The network to save.</param>
    /// <param name="extras">More tensors and metadata to save with it, or null.</param>
    /// <exception cref="ArgumentException">
    /// A parameter or buffer is NaN or infinite (such a checkpoint could not be loaded, so nothing is written), or an
    /// extra tensor has the name of a network tensor.
    /// </exception>
    public static void Save(string path, INetwork network, CheckpointExtras? extras = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(network);
        var tensors = new List<CheckpointTensor>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        AddNetworkTensors(tensors, names, network.ParameterTensors, network.Parameters, network, path);
        AddNetworkTensors(tensors, names, network.BufferTensors, network.Buffers, network, path);
        foreach (CheckpointTensor extra in extras?.Tensors ?? Array.Empty<CheckpointTensor>())
        {
            if (!names.Add(extra.Name))
            {
                throw new ArgumentException(
                    $"Extra tensor '{extra.Name}' has the name of a tensor of {NameOf(network)}; give extras a prefix such as 'optimizer.' or 'trainer.'.",
                    nameof(extras));
            }
            tensors.Add(extra);
        }
        List<KeyValuePair<string, string>> metadata = Metadata(network, extras, DataChecksum.Of(tensors));
        AtomicFile.Write(path, stream => SafetensorsWriter.Write(stream, tensors, metadata));
    }

    /// <summary>
    /// Reads only the metadata of the checkpoint at <paramref name="path"/>, after checking its structure; the data is
    /// not read, so its checksum is not verified.
    /// </summary>
    /// <exception cref="System.IO.InvalidDataException">The file is not a well-formed safetensors file of F32 tensors.</exception>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path) => SafetensorsReader.ReadMetadata(path);

    private static void AddNetworkTensors(
        List<CheckpointTensor> tensors, HashSet<string> names, IReadOnlyList<TensorInfo> infos, ReadOnlySpan<float> arena, INetwork network, string path)
    {
        foreach (TensorInfo info in infos)
        {
            ReadOnlySpan<float> values = arena.Slice(info.Offset, info.Length);
            int bad = IndexOfNonFinite(values);
            if (bad >= 0)
            {
                throw new ArgumentException(
                    $"{NameOf(network)}: {info.Name}{TensorShape.FormatIndex(info.Shape, bad)} (flat index {bad}) is {values[bad]}; a checkpoint with non-finite values could not be loaded, so nothing was written to {path}.",
                    nameof(network));
            }
            if (!names.Add(info.Name))
            {
                throw new ArgumentException($"{NameOf(network)} has two tensors named '{info.Name}'.", nameof(network));
            }
            tensors.Add(new CheckpointTensor(info.Name, values.ToArray(), info.Shape));
        }
    }

    private static List<KeyValuePair<string, string>> Metadata(INetwork network, CheckpointExtras? extras, string checksum)
    {
        NetworkRandomState random = network.RandomState;
        var metadata = new List<KeyValuePair<string, string>>
        {
            new(CheckpointMetadataKeys.Format, CheckpointMetadataKeys.FormatValue),
            new(CheckpointMetadataKeys.Version, s_version),
            new(CheckpointMetadataKeys.Architecture, network.ArchitectureHash),
            new(CheckpointMetadataKeys.Network, network.GetType().FullName ?? network.GetType().Name),
            new(CheckpointMetadataKeys.RandomSeed, random.Seed.ToString(CultureInfo.InvariantCulture)),
            new(CheckpointMetadataKeys.RandomStep, random.Step.ToString(CultureInfo.InvariantCulture)),
            new(CheckpointMetadataKeys.DataSha256, checksum),
        };
        if (extras is not null)
        {
            var keys = new List<string>(extras.Metadata.Keys);
            keys.Sort(StringComparer.Ordinal); // the same state always gives the same bytes
            foreach (string key in keys)
            {
                metadata.Add(new(key, extras.Metadata[key]));
            }
        }
        return metadata;
    }

    internal static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }
        return -1;
    }

    private static string NameOf(INetwork network) => network.GetType().Name;
}
