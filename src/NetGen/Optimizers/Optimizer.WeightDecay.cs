using System;
using System.Collections.Generic;

namespace NetGen.Optimizers;

// Weight-decay exclusions: PyTorch's usual two parameter groups ("no decay on biases and norm parameters") expressed
// as ranges of the flat arena. Before binding they are a list of excluded ranges; on binding they become a partition
// of the arena into segments that do or do not get decay, which Step walks.
public abstract partial class Optimizer
{
    private readonly List<ExcludedRange> _excluded = new();
    private ArenaSegment[] _segments = Array.Empty<ArenaSegment>();

    /// <summary>
    /// Applies no weight decay to the biases and normalisation parameters among <paramref name="tensors"/> (the
    /// common "no decay" parameter group of PyTorch training scripts). Call it before the first step.
    /// </summary>
    /// <param name="tensors">The network's <see cref="INetwork.ParameterTensors"/>.</param>
    /// <param name="biases">Whether to exclude <see cref="TensorRole.Bias"/> tensors.</param>
    /// <param name="normalization">Whether to exclude <see cref="TensorRole.NormalizationScale"/> and <see cref="TensorRole.NormalizationShift"/> tensors.</param>
    /// <exception cref="InvalidOperationException">The optimizer has already stepped or loaded state.</exception>
    public void ExcludeFromWeightDecay(IReadOnlyList<TensorInfo> tensors, bool biases = true, bool normalization = true) =>
        ExcludeFromWeightDecay(tensors, t =>
            (biases && t.Role == TensorRole.Bias)
            || (normalization && t.Role is TensorRole.NormalizationScale or TensorRole.NormalizationShift));

    /// <summary>
    /// Applies no weight decay to the tensors among <paramref name="tensors"/> for which <paramref name="exclude"/> is
    /// true. Exclusions add up over calls. Call it before the first step.
    /// </summary>
    /// <param name="tensors">The network's <see cref="INetwork.ParameterTensors"/>.</param>
    /// <param name="exclude">Whether a tensor gets no weight decay.</param>
    /// <exception cref="InvalidOperationException">The optimizer has already stepped or loaded state.</exception>
    /// <exception cref="ArgumentException">A tensor has a negative offset.</exception>
    public void ExcludeFromWeightDecay(IReadOnlyList<TensorInfo> tensors, Func<TensorInfo, bool> exclude)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(exclude);
        if (StepCount > 0 || _boundLength >= 0)
        {
            throw new InvalidOperationException(
                "Weight-decay exclusions must be set before the first Step or LoadState: this optimizer has already laid out its state over the arena.");
        }
        foreach (TensorInfo tensor in tensors)
        {
            if (tensor.Offset < 0)
            {
                throw new ArgumentException($"The tensor {tensor} has a negative offset.", nameof(tensors));
            }
        }
        foreach (TensorInfo tensor in tensors)
        {
            if (tensor.Length > 0 && exclude(tensor))
            {
                _excluded.Add(new ExcludedRange(tensor.Offset, tensor.Offset + tensor.Length, tensor.Name));
            }
        }
    }

    private void CheckExclusionsFit(int parameterCount)
    {
        foreach (ExcludedRange range in _excluded)
        {
            if (range.End > parameterCount)
            {
                throw new ArgumentException(
                    $"The tensor '{range.Name}', excluded from weight decay, ends at float {range.End} but the arena has {parameterCount}; pass the ParameterTensors of the network this optimizer updates.",
                    "optimizer");
            }
        }
    }

    // Partitions [0, length) into alternating decayed and excluded segments (one decayed segment without exclusions).
    private ArenaSegment[] BuildSegments(int length)
    {
        var excluded = new List<ExcludedRange>(_excluded);
        excluded.Sort((a, b) => a.Start.CompareTo(b.Start));
        var segments = new List<ArenaSegment>();
        int position = 0;
        int i = 0;
        while (i < excluded.Count)
        {
            int start = excluded[i].Start;
            int end = excluded[i].End;
            for (i++; i < excluded.Count && excluded[i].Start <= end; i++)
            {
                end = Math.Max(end, excluded[i].End);
            }
            if (start > position)
            {
                segments.Add(new ArenaSegment(position, start, Decay: true));
            }
            segments.Add(new ArenaSegment(start, end, Decay: false));
            position = end;
        }
        if (position < length || segments.Count == 0)
        {
            segments.Add(new ArenaSegment(position, length, Decay: true));
        }
        return segments.ToArray();
    }

    private readonly record struct ExcludedRange(int Start, int End, string Name);

    internal readonly record struct ArenaSegment(int Start, int End, bool Decay);
}
