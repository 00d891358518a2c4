using System;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Training;

public class ReplayBufferTests
{
    [Fact]
    public void Add_OnceFull_OverwritesTheOldestSample()
    {
        var buffer = new ReplayBuffer(3, 2, 1);
        for (int i = 0; i < 5; i++)
        {
            buffer.Add(new float[] { i, -i }, i);
        }

        Assert.Equal(3, buffer.Count);
        Assert.Equal(5, buffer.Added);
        // Slots 0 and 1 were overwritten by samples 3 and 4; slot 2 still holds sample 2.
        Assert.Equal(new float[] { 3, -3 }, buffer.Input(0).ToArray());
        Assert.Equal(4f, buffer.Target(1)[0]);
        Assert.Equal(new float[] { 2, -2 }, buffer.Input(2).ToArray());
    }

    [Fact]
    public void Sample_DrawsStoredPairsReproducibly()
    {
        var buffer = new ReplayBuffer(10, 2, 1);
        for (int i = 0; i < 10; i++)
        {
            buffer.Add(new float[] { i, 10 * i }, 100 * i);
        }
        var x = new float[16];
        var y = new float[8];
        var again = new float[16];
        var rng = new NetGen.Random.Rng(3);
        var same = new NetGen.Random.Rng(3);

        buffer.Sample(ref rng, x, y, 8);
        buffer.Sample(ref same, again, new float[8], 8);

        Assert.Equal(x, again);
        for (int b = 0; b < 8; b++)
        {
            Assert.Equal(10 * x[2 * b], x[2 * b + 1]); // input and target stay paired
            Assert.Equal(100 * x[2 * b], y[b]);
        }
    }

    [Fact]
    public void Clear_ForgetsSamples()
    {
        var buffer = new ReplayBuffer(4, 1, 1);
        buffer.Add(new float[] { 1 }, 1);

        buffer.Clear();

        Assert.Equal(0, buffer.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Input(0).ToArray());
    }

    [Fact]
    public void BadInput_ThrowsNamingTheProblem()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayBuffer(0, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayBuffer(4, 0, 1));
        var buffer = new ReplayBuffer(4, 2, 1);
        var rng = new NetGen.Random.Rng(1);

        Assert.Contains("1 x 2 = 2", Assert.Throws<ArgumentException>(() => buffer.Add(new float[3], 0f)).Message);
        Assert.Contains("empty", Assert.Throws<InvalidOperationException>(() => buffer.Sample(ref rng, new float[2], new float[1], 1)).Message);
        buffer.Add(new float[2], 0f);
        Assert.Contains("2 x 2 = 4", Assert.Throws<ArgumentException>(() => buffer.Sample(ref rng, new float[2], new float[2], 2)).Message);
        Assert.Throws<ArgumentException>(() => new ReplayBuffer(4, 2, 2).Add(new float[2], 1f)); // one value for a target of two
    }
}
