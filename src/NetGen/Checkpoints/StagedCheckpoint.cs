using System;
using System.Collections.Generic;

namespace NetGen.Checkpoints;

/// <summary>
/// A checkpoint read whole and checked against one network by <see cref="Checkpoint.Stage"/>: every value is known to
/// fit, so <see cref="ApplyTo"/> only copies, and cannot fail halfway. Loads stage first and apply last, so that a bad
/// file changes nothing.
/// </summary>
internal sealed class StagedCheckpoint
{
    private readonly float[][] _parameters; // the values of network.ParameterTensors, in their order
    private readonly float[][] _buffers;    // the values of network.BufferTensors, in their order
    private readonly NetworkRandomState? _random;

    public StagedCheckpoint(float[][] parameters, float[][] buffers, NetworkRandomState? random, CheckpointContents contents)
    {
        _parameters = parameters;
        _buffers = buffers;
        _random = random;
        Contents = contents;
    }

    /// <summary>The file it was read from, for messages.</summary>
    public string Path => Contents.Source;

    /// <summary>The file's metadata and its tensors that are not the network's.</summary>
    public CheckpointContents Contents { get; }

    /// <summary>Copies the parameters, buffers and random state into the network they were checked against.</summary>
    public void ApplyTo(INetwork network)
    {
        CopyInto(network.ParameterTensors, _parameters, network.Parameters);
        CopyInto(network.BufferTensors, _buffers, network.Buffers);
        network.MarkParametersChanged(); // the last Forward's activations no longer match: Backward needs a new one
        if (_random is { } random)
        {
            network.RandomState = random;
        }
    }

    private static void CopyInto(IReadOnlyList<TensorInfo> infos, float[][] values, Span<float> arena)
    {
        for (int i = 0; i < infos.Count; i++)
        {
            values[i].AsSpan().CopyTo(arena.Slice(infos[i].Offset, infos[i].Length));
        }
    }
}
