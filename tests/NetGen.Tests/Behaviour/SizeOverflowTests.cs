using System;
using NetGen.Random;
using NetGen.Tests.Training;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Behaviour;

/// <summary>
/// Size products on public entry points are computed in 64 bits: <c>batch x size</c> beyond int.MaxValue used to wrap
/// around, so that a short (even empty) span could pass a length check. Each now gets a clear error.
/// </summary>
public class SizeOverflowTests
{
    private const int Big = 65536; // Big x Big = 2^32, which wraps to 0 in 32 bits

    [Fact]
    public void ReplayBufferSample_BatchTimesSizeBeyondInt_IsAClearError()
    {
        var buffer = new ReplayBuffer(1, Big, Big);
        buffer.Add(new float[Big], new float[Big]);
        var rng = new Rng(1);

        var e = Assert.Throws<ArgumentException>(() => buffer.Sample(ref rng, Span<float>.Empty, Span<float>.Empty, Big));

        Assert.Contains($"{Big} x {Big} = 4294967296", e.Message);
        Assert.Equal("inputs", e.ParamName);
    }

    [Fact]
    public void NetworkGuardLength_BatchTimesSizeBeyondInt_IsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => NetworkGuard.Length(0, Big, Big, "input", "Net"));

        Assert.Contains("= 4294967296", e.Message);
    }

    [Fact]
    public void BatchAccuracy_BatchTimesOutputsBeyondInt_IsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => BatchAccuracy.CountCorrect(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, Big, Big, Loss.MeanSquaredError));

        Assert.Contains("4294967296 outputs", e.Message);
    }

    [Fact]
    public void TensorInfo_ShapeBeyondInt_OrNegative_IsAClearError()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TensorInfo("w", 0, TensorRole.Weight, Big, Big));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TensorInfo("w", 0, TensorRole.Weight, -2, -3));
        Assert.Equal(6, new TensorInfo("w", 0, TensorRole.Weight, 2, 3).Length);
    }

    [Fact]
    public void TrainerPredict_RowsTimesOutputsBeyondInt_IsAClearError()
    {
        var trainer = new Trainer(new LinearSoftmaxNetwork(1, Big, 1), new NetGen.Optimizers.Sgd(0.1f), new TrainerOptions { BatchSize = 1 });

        var e = Assert.Throws<ArgumentException>(() => trainer.Predict(new float[Big], Span<float>.Empty));

        Assert.Contains($"{Big} features and room for 0 outputs", e.Message);
    }
}
