using System;
using NetGen.Optimizers;
using NetGen.Tests.Networks;
using NetGen.Tests.Reference;
using Xunit;

namespace NetGen.Tests.Graphs;

/// <summary>
/// Networks with several inputs: the per-input overloads agree exactly with rows that hold every input side by side,
/// each named layer's output is readable after a forward pass, bad input is refused before any state changes, and
/// the hot paths allocate nothing.
/// </summary>
public class MultiInputTests
{
    private const int Batch = 6;

    [Fact]
    public void Forward_PerInputSpans_EqualsRowsOfBothInputsSideBySide()
    {
        var net = new SmoothGraph(2);
        (float[] image, float[] features, float[] rows) = Inputs(Batch, 1);
        var fromSpans = new float[Batch * SmoothGraph.OutputSize];
        var fromRows = new float[Batch * SmoothGraph.OutputSize];

        net.Forward(image, features, fromSpans, Batch);
        net.Forward(rows, fromRows, Batch);

        Assert.Equal(fromRows, fromSpans);
        Assert.Equal(SmoothGraph.ImageInputSize + SmoothGraph.FeaturesInputSize, SmoothGraph.InputSize);
        Assert.Equal(image, net.Image().ToArray());
        Assert.Equal(features, net.Features().ToArray());
    }

    [Fact]
    public void NamedLayerOutputs_AfterForward_HoldWhatEachLayerComputed()
    {
        var net = new SmoothGraph(3);
        (float[] image, float[] features, _) = Inputs(Batch, 2);
        net.Forward(image, features, new float[Batch * SmoothGraph.OutputSize], Batch);

        ReadOnlySpan<float> c1 = net.C1(), c2 = net.C2(), res = net.Res();
        Assert.Equal(Batch * 3 * 5 * 5, res.Length);
        for (int i = 0; i < res.Length; i++)
        {
            Approx.Equal(Math.Tanh((double)c1[i] + c2[i]), res[i], 1e-6, 1e-6, $"Res[{i}]");
        }
        ReadOnlySpan<float> flat = net.Flat(), gate = net.Gate(), gated = net.Gated();
        for (int i = 0; i < gated.Length; i++)
        {
            Approx.Equal((double)flat[i] * gate[i], gated[i], 1e-6, 1e-7, $"Gated[{i}]");
        }
        // Joined = [Gated (12), Features (3), C1Pooled (3)] per sample.
        ReadOnlySpan<float> joined = net.Joined(), pooled = net.C1Pooled();
        for (int b = 0; b < Batch; b++)
        {
            Assert.Equal(gated.Slice(b * 12, 12).ToArray(), joined.Slice(b * 18, 12).ToArray());
            Assert.Equal(features.AsSpan(b * 3, 3).ToArray(), joined.Slice(b * 18 + 12, 3).ToArray());
            Assert.Equal(pooled.Slice(b * 3, 3).ToArray(), joined.Slice(b * 18 + 15, 3).ToArray());
        }
    }

    [Fact]
    public void TrainStep_PerInputSpans_MatchesRowsStepForStep()
    {
        var bySpans = new DigitWithFeatures(7);
        var byRows = new DigitWithFeatures(7);
        var sgdSpans = new Sgd(0.05f, momentum: 0.9f);
        var sgdRows = new Sgd(0.05f, momentum: 0.9f);
        for (int step = 0; step < 5; step++)
        {
            (float[] image, float[] features, float[] rows, int[] labels) = DigitBatch(Batch, step);
            float a = bySpans.TrainStep(image, features, labels, Batch, sgdSpans);
            float b = byRows.TrainStep(rows, labels, Batch, sgdRows);
            Assert.Equal(b, a);
        }
        Assert.Equal(byRows.Parameters.ToArray(), bySpans.Parameters.ToArray());
        Assert.Equal(byRows.Buffers.ToArray(), bySpans.Buffers.ToArray());
    }

    [Fact]
    public void TrainStep_OnAFixedBatch_LowersTheLoss()
    {
        var net = new DigitWithFeatures(1);
        var sgd = new Sgd(0.1f, momentum: 0.9f);
        (float[] image, float[] features, _, int[] labels) = DigitBatch(DigitWithFeatures.MaxBatch, 9);
        float first = net.TrainStep(image, features, labels, DigitWithFeatures.MaxBatch, sgd);
        float last = first;
        for (int i = 0; i < 60; i++)
        {
            last = net.TrainStep(image, features, labels, DigitWithFeatures.MaxBatch, sgd);
        }
        Assert.True(last < 0.7f * first, $"loss {first} -> {last}");
    }

    [Fact]
    public void Forward_OneInputTooShort_ThrowsNamingItAndChangesNothing()
    {
        var net = new DigitWithFeatures(2);
        (float[] image, float[] features, _, int[] labels) = DigitBatch(Batch, 3);
        float[] before = net.Parameters.ToArray();

        var e = Assert.Throws<ArgumentException>(() =>
            net.Forward(image, features.AsSpan(0, features.Length - 1), new float[Batch * DigitWithFeatures.OutputSize], Batch));
        Assert.Contains("features", e.Message, StringComparison.Ordinal);
        var sgd = new Sgd(0.1f);
        e = Assert.Throws<ArgumentException>(() => net.TrainStep(image.AsSpan(1), features, labels, Batch, sgd));
        Assert.Contains("image", e.Message, StringComparison.Ordinal);
        float[] nan = (float[])features.Clone();
        nan[2] = float.NaN;
        Assert.Throws<ArgumentException>(() => net.TrainStep(image, nan, labels, Batch, sgd));
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Fact]
    public void HotPaths_OfATwoInputGraph_AllocateNothing()
    {
        var net = new DigitWithFeatures(5);
        var sgd = new Sgd(0.01f, momentum: 0.9f);
        (float[] image, float[] features, float[] rows, int[] labels) = DigitBatch(DigitWithFeatures.MaxBatch, 4);
        var output = new float[DigitWithFeatures.MaxBatch * DigitWithFeatures.OutputSize];
        const int b = DigitWithFeatures.MaxBatch;

        Assert.Equal(0, BytesAllocated(() => net.TrainStep(image, features, labels, b, sgd)));
        Assert.Equal(0, BytesAllocated(() => net.TrainStep(rows, labels, b, sgd)));
        Assert.Equal(0, BytesAllocated(() => net.Forward(image, features, output, b)));
        Assert.Equal(0, BytesAllocated(() => net.Forward(rows, output, b)));
        Assert.Equal(0, BytesAllocated(() => { _ = net.Res()[0] + net.Logits()[0]; }));
    }

    private static long BytesAllocated(Action call)
    {
        call();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            call();
        }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static (float[] Image, float[] Features, float[] Rows) Inputs(int batch, int seed)
    {
        var random = new System.Random(seed);
        float[] image = ReferenceData.Uniform(random, batch * SmoothGraph.ImageInputSize, 1.0);
        float[] features = ReferenceData.Uniform(random, batch * SmoothGraph.FeaturesInputSize, 1.0);
        return (image, features, Rows(image, features, batch, SmoothGraph.ImageInputSize, SmoothGraph.FeaturesInputSize));
    }

    private static (float[] Image, float[] Features, float[] Rows, int[] Labels) DigitBatch(int batch, int seed)
    {
        var random = new System.Random(seed);
        float[] image = ReferenceData.Uniform(random, batch * DigitWithFeatures.ImageInputSize, 1.0);
        float[] features = ReferenceData.Uniform(random, batch * DigitWithFeatures.FeaturesInputSize, 1.0);
        var labels = new int[batch];
        for (int i = 0; i < batch; i++)
        {
            labels[i] = random.Next(DigitWithFeatures.OutputSize);
        }
        return (image, features, Rows(image, features, batch, DigitWithFeatures.ImageInputSize, DigitWithFeatures.FeaturesInputSize), labels);
    }

    // Rows as the INetwork calls take them: one sample of the first input, then of the second, side by side.
    private static float[] Rows(float[] first, float[] second, int batch, int firstSize, int secondSize)
    {
        var rows = new float[batch * (firstSize + secondSize)];
        for (int b = 0; b < batch; b++)
        {
            Array.Copy(first, b * firstSize, rows, b * (firstSize + secondSize), firstSize);
            Array.Copy(second, b * secondSize, rows, b * (firstSize + secondSize) + firstSize, secondSize);
        }
        return rows;
    }
}
