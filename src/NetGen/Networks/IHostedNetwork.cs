namespace NetGen;

/// <summary>
/// A network whose parameter arena is held by another network, its host (a GPU network's CPU twin): the two are
/// one network to an optimizer, which binds to the host.
/// </summary>
internal interface IHostedNetwork
{
    /// <summary>The network holding the parameter arena.</summary>
    INetwork HostNetwork { get; }
}
