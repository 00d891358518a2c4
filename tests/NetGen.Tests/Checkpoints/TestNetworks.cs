using System;
using NetGen.Tests.Networks;

namespace NetGen.Tests.Checkpoints;

/// <summary>The generated networks the checkpoint tests save and load, by name, so that theories can list them.</summary>
internal static class TestNetworks
{
    public static INetwork Create(string name, long seed) => name switch
    {
        nameof(EveryLayerNet) => new EveryLayerNet(seed),
        nameof(MnistCnn) => new MnistCnn(seed),
        nameof(DigitsMlp) => new DigitsMlp(seed),
        nameof(IrisMlp) => new IrisMlp(seed),
        nameof(LinearRegressor) => new LinearRegressor(seed),
        _ => throw new ArgumentException($"No network named {name}.", nameof(name)),
    };
}
