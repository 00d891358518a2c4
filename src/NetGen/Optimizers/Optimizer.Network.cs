using System;

namespace NetGen.Optimizers;

// The network an optimizer updates. Its state (momentum, moment estimates) is one value per parameter of one arena, so
// two networks of the same size sharing an optimizer would silently mix their state: an optimizer binds to the first
// network that uses it and refuses any other.
public abstract partial class Optimizer
{
    private INetwork? _network;

    /// <summary>The network this optimizer is bound to, or null before a network first used it.</summary>
    public INetwork? Network => _network;

    /// <summary>
    /// Checks, without changing any value, that this optimizer can update <paramref name="network"/>, and binds it to
    /// that network on first use. Generated and GPU networks call it in <c>TrainStep</c> before their forward pass, and
    /// <see cref="Step(INetwork)"/> before the update. A GPU network and its CPU twin count as one network: they share
    /// the parameter arena.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The optimizer is bound to another network, holds state for an arena of another size, or a tensor excluded from
    /// weight decay lies beyond the arena.
    /// </exception>
    public void Attach(INetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        INetwork owner = network is IHostedNetwork hosted ? hosted.HostNetwork : network;
        if (_network is not null && !ReferenceEquals(_network, owner))
        {
            string kind = GetType().Name;
            throw new ArgumentException(
                $"This {kind} already updates another network (a {_network.GetType().Name}); its state is one value per parameter of that network, so a second network would mix their states. Create one optimizer per network (a new {kind} for this {owner.GetType().Name}); to carry the state over, copy StateTensors into the new optimizer with LoadState.",
                "optimizer");
        }
        CheckArena(network.ParameterCount);
        _network = owner;
    }

    /// <summary>
    /// Updates <paramref name="network"/>'s parameters from its gradients (after <c>ComputeGradients</c>, clipping or
    /// accumulation): binds to it as <see cref="Attach"/> does, marks its last forward pass stale
    /// (<see cref="INetwork.MarkParametersChanged"/>), then steps as <see cref="Step(Span{float}, ReadOnlySpan{float})"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The optimizer is bound to another network or to an arena of another size.</exception>
    /// <exception cref="NonFiniteException">The update made a parameter NaN or infinite; it has been applied.</exception>
    public void Step(INetwork network)
    {
        Attach(network);
        network.MarkParametersChanged(); // first: an update that overflows throws after changing the parameters
        Step(network.Parameters, network.Gradients);
    }

    // The update wrote NaN or infinity: name the first such parameter, by tensor when the network is known.
    private NonFiniteException NonFiniteUpdate(ReadOnlySpan<float> parameters)
    {
        string where = NonFiniteException.Describe(parameters, _network?.ParameterTensors) ?? "a parameter";
        return new NonFiniteException(_network?.GetType().Name ?? GetType().Name, where);
    }
}
