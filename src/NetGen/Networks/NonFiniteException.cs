using System;
using System.Collections.Generic;

namespace NetGen;

/// <summary>
/// Thrown when training meets a value that is NaN or infinite. Two cases, told apart by <see cref="UpdateApplied"/>:
/// a training step whose loss, activations, gradients or running statistics are not finite throws before the
/// optimizer's update, leaving the parameters, buffers and optimizer state as they were (and naming a non-finite
/// parameter when one is the cause); an update that itself produces a non-finite parameter (an overflow) throws after
/// it, and says so.
/// </summary>
public sealed class NonFiniteException : Exception
{
    /// <summary>Creates the exception for the first place where a non-finite value appeared, before the update.</summary>
    /// <param name="network">The network's name.</param>
    /// <param name="where">Where: for example <c>the output of layer 'conv2'</c> or <c>the gradient of fc1.weight</c>.</param>
    /// <param name="loss">The batch's loss.</param>
    public NonFiniteException(string network, string where, float loss)
        : base($"{network}: {where} is not finite (NaN or infinity; the loss is {loss}), so the update was not applied: the parameters, buffers and optimizer state are as they were before this step. Lower the learning rate, clip the gradients, or check the input data and the parameters.")
    {
        Where = where;
        Loss = loss;
    }

    /// <summary>Creates the exception for an optimizer's update that made a parameter non-finite.</summary>
    /// <param name="network">The network's name (or the optimizer's, when it does not know the network).</param>
    /// <param name="where">The first non-finite parameter, for example <c>fc1.weight[3]</c>.</param>
    public NonFiniteException(string network, string where)
        : base($"{network}: {where} is not finite (NaN or infinity) after the optimizer's update, which overflowed or met a non-finite gradient: the update was applied, so the parameters and the optimizer's state are the ones it wrote, not the last good step's. Reload a checkpoint or re-initialise, then lower the learning rate or clip the gradients.")
    {
        Where = where;
        Loss = float.NaN;
        UpdateApplied = true;
    }

    /// <summary>Where the first non-finite value appeared.</summary>
    public string Where { get; }

    /// <summary>The loss of the batch; NaN when the update failed (the optimizer does not see the loss).</summary>
    public float Loss { get; }

    /// <summary>
    /// False when the step stopped before the update (the state is as it was); true when the optimizer's update was
    /// applied and wrote a non-finite parameter.
    /// </summary>
    public bool UpdateApplied { get; }

    /// <summary>
    /// The first non-finite value of <paramref name="arena"/> described by its tensor (<c>the parameter
    /// fc1.weight[3] = NaN</c>, or <c>the parameter fc1.weight</c> without <paramref name="element"/>, as generated
    /// networks name it), or by its index when no tensor covers it; null when every value is finite.
    /// </summary>
    internal static string? Describe(ReadOnlySpan<float> arena, IReadOnlyList<TensorInfo>? tensors, string what = "the parameter", bool element = true)
    {
        for (int i = 0; i < arena.Length; i++)
        {
            if (float.IsFinite(arena[i]))
            {
                continue;
            }
            if (tensors is not null)
            {
                foreach (TensorInfo tensor in tensors)
                {
                    if (i >= tensor.Offset && i - tensor.Offset < tensor.Length)
                    {
                        return element ? $"{what} {tensor.Name}[{i - tensor.Offset}] = {arena[i]}" : $"{what} {tensor.Name}";
                    }
                }
            }
            return $"{what} at arena index {i} = {arena[i]}";
        }
        return null;
    }
}
