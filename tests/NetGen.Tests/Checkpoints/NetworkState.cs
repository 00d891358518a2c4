using System;
using NetGen.Tests.Behaviour;
using Xunit;

namespace NetGen.Tests.Checkpoints;

/// <summary>The bits of everything a checkpoint load may change: parameters, buffers and the random state.</summary>
internal sealed class NetworkState
{
    private readonly int[] _parameters;
    private readonly int[] _buffers;
    private readonly NetworkRandomState _random;

    private NetworkState(INetwork net)
    {
        _parameters = StateSnapshot.Bits(net.Parameters);
        _buffers = StateSnapshot.Bits(net.Buffers);
        _random = net.RandomState;
    }

    /// <summary>Records the state of <paramref name="net"/>.</summary>
    public static NetworkState Of(INetwork net) => new(net);

    /// <summary>Asserts that <paramref name="net"/> holds exactly the recorded state.</summary>
    public void AssertSame(INetwork net)
    {
        Assert.True(_parameters.AsSpan().SequenceEqual(StateSnapshot.Bits(net.Parameters)), "Parameters differ");
        Assert.True(_buffers.AsSpan().SequenceEqual(StateSnapshot.Bits(net.Buffers)), "Buffers differ");
        Assert.Equal(_random, net.RandomState);
    }

    /// <summary>
    /// Runs one training-mode forward pass on deterministic input, so that batch norm's running statistics and the
    /// dropout counter move away from their initial values and a checkpoint has something to restore.
    /// </summary>
    public static void Train(INetwork net, int seed = 5)
    {
        int batch = Math.Min(4, net.MaxBatch);
        float[] input = Input(net, batch, seed);
        net.Training = true;
        net.Forward(input, new float[batch * net.OutputSize], batch);
        net.Training = false;
    }

    /// <summary><paramref name="batch"/> samples of values in [-1, 1) drawn from <paramref name="seed"/>.</summary>
    public static float[] Input(INetwork net, int batch, int seed)
    {
        var random = new System.Random(seed);
        var input = new float[batch * net.InputSize];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return input;
    }

    /// <summary>The inference outputs of <paramref name="net"/> for <paramref name="input"/>, as bits.</summary>
    public static int[] OutputBits(INetwork net, float[] input)
    {
        int batch = input.Length / net.InputSize;
        var output = new float[batch * net.OutputSize];
        net.Training = false;
        net.Forward(input, output, batch);
        return StateSnapshot.Bits(output);
    }
}
