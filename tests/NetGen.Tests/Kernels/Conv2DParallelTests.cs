using System;
using System.Linq;
using NetGen.Kernels;
using NetGen.Ops;
using NetGen.Tests.Threading;
using NetGen.Threading;
using Xunit;

namespace NetGen.Tests.Kernels;

/// <summary>
/// The convolution and max-pooling kernels split the batch (or a group's work items) across threads; every result is
/// computed by one thread in a fixed order, so it is the same bit for bit whatever <see cref="Parallelism.MaxDegree"/>
/// is, and no thread allocates.
/// </summary>
[Collection(ParallelismCollection.Name)]
public class Conv2DParallelTests
{
    private static readonly ConvCase[] s_cases =
    {
        // The CNN's layers at batch 64, whose backward passes split the batch in chunks.
        new("cnn-conv1-b64", 64, 1, 28, 28, 8, 3, 3, 1, 1, 0, 0, 1, 1, true, RefActivation.Relu),
        new("cnn-conv2-b64", 64, 8, 13, 13, 16, 3, 3, 1, 1, 0, 0, 1, 1, true, RefActivation.Relu),
        // Too little scratch for two chunks: each group's items are split, padded input gradients in per-part copies.
        new("padded-groups-b33", 33, 8, 13, 13, 16, 3, 3, 1, 1, 1, 1, 1, 1, true, RefActivation.Relu),
        new("groups-b20", 20, 16, 9, 9, 24, 3, 3, 1, 1, 0, 0, 1, 1, true, RefActivation.Relu),
        // Few weight tiles: up to four chunks, each with its padded input gradient.
        new("padded-chunks-b33", 33, 2, 10, 12, 3, 3, 3, 1, 1, 1, 1, 1, 1, false, RefActivation.Identity),
    };

    [Theory]
    [InlineData("cnn-conv1-b64", 2)]
    [InlineData("cnn-conv2-b64", 2)]
    [InlineData("padded-groups-b33", 1)]
    [InlineData("groups-b20", 1)]
    [InlineData("padded-chunks-b33", 3)]
    public void Conv2D_Backward_SplitsTheBatchInChunksOnlyWhereTheyFit(string name, int chunks)
    {
        Conv2DShape shape = ConvCases.Shape(s_cases.Single(k => k.Name == name));

        Assert.Equal(chunks, new Conv2DDirectBackward.BackwardLayout(shape, new WideGeometry(shape)).Chunks);
    }

    public static TheoryData<string> Names() => new(s_cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Conv2D_AnyDegree_GivesBitIdenticalResults(string name)
    {
        ConvCase c = s_cases.Single(k => k.Name == name);
        (float[] y, float[] dout, float[] dx, float[] dw, float[] db) expected = RunConv(c, 1);
        foreach (int degree in new[] { 2, 3 })
        {
            (float[] y, float[] dout, float[] dx, float[] dw, float[] db) actual = RunConv(c, degree);
            Assert.Equal(Bits(expected.y), Bits(actual.y));
            Assert.Equal(Bits(expected.dout), Bits(actual.dout));
            Assert.Equal(Bits(expected.dx), Bits(actual.dx));
            Assert.Equal(Bits(expected.dw), Bits(actual.dw));
            Assert.Equal(Bits(expected.db), Bits(actual.db));
        }
    }

    [Theory]
    [InlineData(8, 26, 26)]
    [InlineData(16, 11, 11)]
    [InlineData(3, 9, 10)]
    public void MaxPool_AnyDegree_GivesBitIdenticalResults(int channels, int h, int w)
    {
        foreach (var shape in new[] { new Pool2DShape(channels, h, w, 2, 2, 2, 2, 0, 0), new Pool2DShape(channels, h, w, 3, 3, 2, 2, 1, 1) })
        {
            (float[] y, int[] argmax, float[] dx) expected = RunPool(shape, 1);
            foreach (int degree in new[] { 2, 3 })
            {
                (float[] y, int[] argmax, float[] dx) actual = RunPool(shape, degree);
                Assert.Equal(Bits(expected.y), Bits(actual.y));
                Assert.Equal(expected.argmax, actual.argmax);
                Assert.Equal(Bits(expected.dx), Bits(actual.dx));
            }
        }
    }

    [Fact]
    public void ConvAndPool_SeveralThreads_AllocateNothingOnAnyThread()
    {
        WithDegree(2, () =>
        {
            ConvCase c = s_cases[2];
            Conv2DShape shape = ConvCases.Shape(c);
            (float[] x, float[] w, float[]? bias, float[] dout) = ConvCases.Data(c);
            var y = new float[c.Batch * shape.OutSize];
            var scratch = new float[shape.ScratchSize];
            float[] dx = new float[x.Length], dw = new float[w.Length], db = new float[c.OutC];
            var pool = new Pool2DShape(16, 13, 13, 2, 2, 2, 2, 0, 0);
            var pooled = new float[c.Batch * pool.OutSize];
            var argmax = new int[pooled.Length];
            var relu = default(ReluActivation);
            void Calls()
            {
                Conv2DKernels.Forward(x, w, bias, y, scratch, shape, c.Batch, relu);
                Pool2DKernels.MaxForward(y, pooled, argmax, pool, c.Batch);
                Pool2DKernels.MaxBackward(pooled, dout, argmax, pool, c.Batch);
                Conv2DKernels.Backward(x, w, y, dout, dx, dw, db, scratch, shape, c.Batch, relu);
            }

            Assert.Equal(0, AllThreadsBytesAllocated(Calls));
        });
    }

    private static (float[], float[], float[], float[], float[]) RunConv(ConvCase c, int degree)
    {
        Conv2DShape shape = ConvCases.Shape(c);
        (float[] x, float[] w, float[]? bias, float[] dout) = ConvCases.Data(c);
        var y = new float[c.Batch * shape.OutSize];
        var scratch = new float[shape.ScratchSize];
        float[] dx = ReferenceChecks.Uniform(11, x.Length), dw = ReferenceChecks.Uniform(12, w.Length), db = ReferenceChecks.Uniform(13, c.OutC);
        WithDegree(degree, () =>
        {
            ReadOnlySpan<float> b = bias is null ? ReadOnlySpan<float>.Empty : bias;
            Span<float> dbias = bias is null ? Span<float>.Empty : db;
            if (c.Act == RefActivation.Relu)
            {
                Conv2DKernels.Forward(x, w, b, y, scratch, shape, c.Batch, default(ReluActivation));
                Conv2DKernels.Backward(x, w, y, dout, dx, dw, dbias, scratch, shape, c.Batch, default(ReluActivation));
            }
            else
            {
                Conv2DKernels.Forward(x, w, b, y, scratch, shape, c.Batch, default(IdentityActivation));
                Conv2DKernels.Backward(x, w, y, dout, dx, dw, dbias, scratch, shape, c.Batch, default(IdentityActivation));
            }
        });
        return (y, dout, dx, dw, db);
    }

    private static (float[], int[], float[]) RunPool(Pool2DShape shape, int degree)
    {
        const int batch = 64;
        float[] x = ReferenceChecks.Uniform(1, batch * shape.InSize), dout = ReferenceChecks.Uniform(2, batch * shape.OutSize);
        var y = new float[dout.Length];
        var argmax = new int[dout.Length];
        float[] dx = ReferenceChecks.Uniform(3, x.Length);
        WithDegree(degree, () =>
        {
            Pool2DKernels.MaxForward(x, y, argmax, shape, batch);
            Pool2DKernels.MaxBackward(dout, dx, argmax, shape, batch);
        });
        return (y, argmax, dx);
    }

    // Bytes the whole process allocates over 20 calls, after warm-up; the least of five tries, so that the test
    // runner's own threads, which may allocate at any moment, cannot fail it.
    private static long AllThreadsBytesAllocated(Action call)
    {
        for (int i = 0; i < 3; i++)
        {
            call();
        }
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 5 && least != 0; attempt++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < 20; i++)
            {
                call();
            }
            least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
        }
        return least;
    }

    private static int[] Bits(float[] v) => Array.ConvertAll(v, BitConverter.SingleToInt32Bits);

    // Free threads: every call that can split does, whatever this machine's measured costs would decide.
    private static void WithDegree(int degree, Action action) => ParallelScope.Run(degree, ParallelScope.FreeThreads, action);
}
