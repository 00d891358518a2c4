using System;

namespace NetGen;

/// <summary>
/// Thrown when a training step produces a loss, activation or gradient that is NaN or infinite. The optimizer's
/// update is not applied, so the network keeps its last good parameters.
/// </summary>
public sealed class NonFiniteException : Exception
{
    /// <summary>Creates the exception for the first place where a non-finite value appeared.</summary>
    /// <param name="network">The network's name.</param>
    /// <param name="where">Where: for example <c>the output of layer 'conv2'</c> or <c>the gradient of fc1.weight</c>.</param>
    /// <param name="loss">The batch's loss.</param>
    public NonFiniteException(string network, string where, float loss)
        : base($"{network}: {where} is not finite (NaN or infinity; the loss is {loss}), so the update was not applied and the parameters are those of the last good step. Lower the learning rate, clip the gradients, or check the input data.")
    {
        Where = where;
        Loss = loss;
    }

    /// <summary>Where the first non-finite value appeared.</summary>
    public string Where { get; }

    /// <summary>The loss of the batch.</summary>
    public float Loss { get; }
}
