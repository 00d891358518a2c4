using System;
using Xunit;

namespace NetGen.Tests.Behaviour;

/// <summary>The bits of a network's observable state: parameters, gradients and the last forward pass's output.</summary>
internal sealed class StateSnapshot
{
    private readonly int[] _parameters;
    private readonly int[] _gradients;
    private readonly int[] _lastOutput;

    private StateSnapshot(INetwork net)
    {
        _parameters = Bits(net.Parameters);
        _gradients = Bits(net.Gradients);
        _lastOutput = Bits(net.LastOutput);
    }

    /// <summary>Records the state of <paramref name="net"/>.</summary>
    public static StateSnapshot Of(INetwork net) => new(net);

    /// <summary>The bit patterns of <paramref name="values"/>, so that equality is exact and NaN-proof.</summary>
    public static int[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new int[values.Length];
        for (int i = 0; i < bits.Length; i++)
        {
            bits[i] = BitConverter.SingleToInt32Bits(values[i]);
        }
        return bits;
    }

    /// <summary>Asserts that the parameters are bit-identical to the recorded ones.</summary>
    public void AssertParametersUnchanged(INetwork net) =>
        Assert.True(_parameters.AsSpan().SequenceEqual(Bits(net.Parameters)), "Parameters changed");

    /// <summary>Asserts that parameters, gradients and the last output are all bit-identical to the recorded ones.</summary>
    public void AssertUnchanged(INetwork net)
    {
        AssertParametersUnchanged(net);
        Assert.True(_gradients.AsSpan().SequenceEqual(Bits(net.Gradients)), "Gradients changed");
        Assert.True(_lastOutput.AsSpan().SequenceEqual(Bits(net.LastOutput)), "LastOutput changed");
    }
}
