using System;
using System.Linq;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Data;

public class SplitTests
{
    private static int[] RowIds(DataSet data) =>
        Enumerable.Range(0, data.Count).Select(i => (int)data.FeaturesOf(i)[0]).ToArray();

    [Theory]
    [InlineData(150, 3, 0.2, 30)]
    [InlineData(1797, 10, 0.25, 449)]   // 449.25 rounds to 449
    [InlineData(100, 7, 0.1, 10)]
    [InlineData(10, 2, 0.25, 3)]        // 2.5 rounds up
    public void Split_Stratified_TestSizeIsRoundedFractionOfCount(int count, int classes, double fraction, int expectedTest)
    {
        DataSet data = TestData.Labelled(count, 3, classes);

        var (train, test) = data.Split(fraction, seed: 1);

        Assert.Equal(expectedTest, test.Count);
        Assert.Equal(count - expectedTest, train.Count);
    }

    [Fact]
    public void Split_Stratified_EveryClassWithinOneRowOfItsProportion()
    {
        // Classes in blocks of 34, 33 and 33 rows; ten interleaved classes of uneven size; the real iris.
        foreach (DataSet data in new[] { TestData.Labelled(100, 2, 3, blocks: true), TestData.Labelled(1797, 2, 10), CsvLoader.LoadSklearnStyle(TestData.PathOf("iris.csv")) })
        {
            var (train, test) = data.Split(0.3, seed: 7);
            int[] all = data.ClassCounts(), inTest = test.ClassCounts(), inTrain = train.ClassCounts();
            for (int c = 0; c < data.ClassCount; c++)
            {
                Assert.InRange(inTest[c], Math.Floor(all[c] * test.Count / (double)data.Count), Math.Ceiling(all[c] * test.Count / (double)data.Count));
                Assert.Equal(all[c], inTest[c] + inTrain[c]);
                Assert.True(inTest[c] > 0 && inTrain[c] > 0, $"class {c} is missing from one side");
            }
        }
    }

    [Fact]
    public void Split_Iris_Gives10OfEachClassToATwentyPercentTestSet()
    {
        DataSet iris = CsvLoader.LoadSklearnStyle(TestData.PathOf("iris.csv"));

        var (_, test) = iris.Split(0.2, seed: 42);

        Assert.Equal(new[] { 10, 10, 10 }, test.ClassCounts());
        Assert.Equal(iris.ClassNames, test.ClassNames);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Split_IsDisjointAndCoversEveryRowInOriginalOrder(bool stratify)
    {
        DataSet data = TestData.Labelled(97, 2, 4);

        var (train, test) = data.Split(0.3, seed: 3, stratify);

        int[] trainIds = RowIds(train), testIds = RowIds(test);
        Assert.Empty(trainIds.Intersect(testIds));
        Assert.Equal(Enumerable.Range(0, 97), trainIds.Concat(testIds).OrderBy(i => i));
        Assert.Equal(trainIds.OrderBy(i => i), trainIds);
        Assert.Equal(testIds.OrderBy(i => i), testIds);
    }

    [Fact]
    public void Split_SameSeed_GivesTheSameSplit()
    {
        DataSet data = TestData.Labelled(200, 2, 5);

        Assert.Equal(RowIds(data.Split(0.25, seed: 11).Test), RowIds(data.Split(0.25, seed: 11).Test));
        Assert.Equal(RowIds(data.Split(0.25, 11, stratify: false).Test), RowIds(data.Split(0.25, 11, stratify: false).Test));
    }

    [Fact]
    public void Split_DifferentSeed_GivesADifferentSplit()
    {
        DataSet data = TestData.Labelled(200, 2, 5);

        Assert.NotEqual(RowIds(data.Split(0.25, seed: 11).Test), RowIds(data.Split(0.25, seed: 12).Test));
        Assert.NotEqual(RowIds(data.Split(0.25, 11, stratify: false).Test), RowIds(data.Split(0.25, 12, stratify: false).Test));
    }

    [Fact]
    public void Split_RegressionTargets_ShufflesWithoutStratifying()
    {
        var data = new DataSet(Enumerable.Range(0, 50).Select(i => (float)i).ToArray(), 1, new float[50]);

        var (train, test) = data.Split(0.2, seed: 5);

        Assert.Equal(10, test.Count);
        Assert.Equal(40, train.Count);
        Assert.NotEqual(Enumerable.Range(40, 10), RowIds(test));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.2)]
    [InlineData(double.NaN)]
    public void Split_FractionOutsideZeroToOne_Throws(double fraction)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TestData.Labelled(10, 2, 2).Split(fraction, 0));

        Assert.Contains("between 0 and 1", e.Message);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.9)]
    public void Split_OneSideWouldBeEmpty_Throws(double fraction)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TestData.Labelled(4, 2, 2).Split(fraction, 0));

        Assert.Contains("both sides need at least one row", e.Message);
    }
}
