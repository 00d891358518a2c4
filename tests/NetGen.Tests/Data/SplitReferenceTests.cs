using System;
using System.Linq;
using NetGen.Data;
using NetGen.Random;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>
/// The stratified split against a naive reference of its documented method (largest remainder, per-class counters
/// over every possible class, one greedy pick at a time), which is how it was written before it stopped allocating per
/// class: the same seed must keep giving the same split.
/// </summary>
public class SplitReferenceTests
{
    private static int[] Reference(float[] labels, int classCount, double testFraction, long seed)
    {
        int count = labels.Length;
        int testRows = (int)Math.Round(testFraction * count, MidpointRounding.AwayFromZero);
        var counts = new int[classCount];
        foreach (float label in labels)
        {
            counts[(int)label]++;
        }
        var quota = new int[classCount];
        var remainder = new long[classCount];
        int assigned = 0;
        for (int c = 0; c < classCount; c++)
        {
            quota[c] = (int)((long)counts[c] * testRows / count);
            remainder[c] = (long)counts[c] * testRows % count;
            assigned += quota[c];
        }
        for (; assigned < testRows; assigned++)
        {
            int best = -1;
            for (int c = 0; c < classCount; c++)
            {
                if (quota[c] < counts[c] && (best < 0 || remainder[c] > remainder[best]))
                {
                    best = c;
                }
            }
            quota[best]++;
            remainder[best] = -1;
        }
        var rng = new Rng(seed);
        var isTest = new bool[count];
        for (int c = 0; c < classCount; c++)
        {
            int[] rows = Enumerable.Range(0, count).Where(r => (int)labels[r] == c).ToArray();
            rng.Shuffle<int>(rows);
            foreach (int row in rows.Take(quota[c]))
            {
                isTest[row] = true;
            }
        }
        return Enumerable.Range(0, count).Where(r => isTest[r]).ToArray();
    }

    [Theory]
    [InlineData(150, 3, 0.2, 42)]
    [InlineData(97, 4, 0.3, 3)]
    [InlineData(1797, 10, 0.25, 1)]
    [InlineData(200, 37, 0.5, 8)]      // classes of 5 or 6 rows: many remainders to rank
    [InlineData(50, 50, 0.3, 2)]       // one row a class: most classes give nothing
    public void Split_Stratified_MatchesTheNaiveReference(int count, int classes, double fraction, long seed)
    {
        // Uneven classes, some declared but absent (every label is even when classes > 10).
        var random = new System.Random(count * 31 + classes);
        float[] labels = Enumerable.Range(0, count).Select(_ => (float)(random.Next(classes) & (classes > 10 ? ~1 : ~0))).ToArray();
        float[] rowIds = Enumerable.Range(0, count).Select(i => (float)i).ToArray();
        var data = new DataSet(rowIds, 1, labels, 1, classes);

        var (_, test) = data.Split(fraction, seed);

        int[] actual = Enumerable.Range(0, test.Count).Select(i => (int)test.FeaturesOf(i)[0]).ToArray();
        Assert.Equal(Reference(labels, classes, fraction, seed), actual);
    }
}
