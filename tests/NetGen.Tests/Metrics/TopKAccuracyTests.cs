using System;
using NetGen.Metrics;
using Xunit;

namespace NetGen.Tests.Metrics;

public class TopKAccuracyTests
{
    private static readonly float[] Scores =
    {
        0.1f, 0.6f, 0.2f, 0.1f,   // label 1: rank 0 (nothing greater)
        0.5f, 0.1f, 0.3f, 0.1f,   // label 2: rank 1 (0.5 is greater)
        0.2f, 0.3f, 0.4f, 0.1f,   // label 0: rank 2 (0.3 and 0.4 are greater)
        0.0f, 0.1f, 0.2f, 0.7f,   // label 0: rank 3
    };

    private static readonly float[] Labels = { 1f, 2f, 0f, 0f };

    [Theory]
    [InlineData(1, 1)] // ranks 0, 1, 2, 3: only rank 0 is below 1
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(4, 4)]
    public void Value_CountsLabelsRankedBelowK(int k, int hits)
    {
        var topK = new TopKAccuracy(k, 4);

        topK.Add(Scores, Labels, 4);

        Assert.Equal(4, topK.Count);
        Assert.Equal(hits, topK.Correct);
        Assert.Equal(hits / 4.0, topK.Value, 12);
    }

    [Fact]
    public void Ties_ALabelTiedWithHigherScoresIsInTheTopK_WhenFewerThanKAreStrictlyGreater()
    {
        float[] scores =
        {
            1f, 3f, 3f, 2f,   // label 2 ties the maximum: nothing is strictly greater, so top-1 hits (argmax would say 1)
            5f, 5f, 5f, 0f,   // label 2 in a three-way tie: rank 0, a top-1 hit
            1f, 3f, 3f, 2f,   // label 3: two outputs (3, 3) are greater, so rank 2: a top-2 miss, a top-3 hit
        };
        var top1 = new TopKAccuracy(1, 4);
        var top2 = new TopKAccuracy(2, 4);
        var top3 = new TopKAccuracy(3, 4);

        foreach (TopKAccuracy topK in new[] { top1, top2, top3 })
        {
            topK.Add(scores, new[] { 2f, 2f, 3f }, 3);
        }

        Assert.Equal(2, top1.Correct);
        Assert.Equal(2, top2.Correct);
        Assert.Equal(3, top3.Correct);
    }

    [Fact]
    public void NaN_ALabelScoredNaNIsAMiss_OtherNaNsAreNotGreater()
    {
        var topK = new TopKAccuracy(1, 3);

        float[] scores =
        {
            0f, float.NaN, 1f,   // label 1 is NaN: a miss
            float.NaN, 2f, 1f,   // label 1 is 2: NaN is not greater, so a hit
        };

        topK.Add(scores, new[] { 1f, 1f }, 2);

        Assert.Equal(1, topK.Correct);
    }

    [Fact]
    public void Add_SeveralBatches_Accumulate_AndResetForgets()
    {
        var topK = new TopKAccuracy(2, 4);

        topK.Add(Scores.AsSpan(0, 8), Labels.AsSpan(0, 2), 2);  // ranks 0, 1: both hits
        topK.Add(Scores.AsSpan(8), Labels.AsSpan(2), 2);        // ranks 2, 3: both misses

        Assert.Equal(0.5, topK.Value, 12);
        topK.Reset();
        Assert.Equal(0, topK.Count);
        Assert.True(double.IsNaN(topK.Value));
    }

    [Fact]
    public void Arguments_KOutOfRange_BadSpans_BadLabels_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopKAccuracy(0, 4));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TopKAccuracy(5, 4));
        Assert.Equal("k", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopKAccuracy(1, 0));

        var topK = new TopKAccuracy(2, 4);
        Assert.Throws<ArgumentException>(() => topK.Add(Scores, Labels, 3));
        Assert.Throws<ArgumentException>(() => topK.Add(Scores, Labels.AsSpan(0, 3), 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => topK.Add(Scores, new[] { 0f, 1f, 2f, 4f }, 4));
        Assert.Equal(0, topK.Count);
    }
}
