using System;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Data;

public class DataSetTests
{
    [Fact]
    public void DataSet_RowViews_ReturnEachRowsFeaturesAndTargets()
    {
        var data = new DataSet(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, 3, new[] { 0.5f, -1f }, 1);

        Assert.Equal(2, data.Count);
        Assert.Equal(new[] { 4f, 5f, 6f }, data.FeaturesOf(1).ToArray());
        Assert.Equal(-1f, data.TargetsOf(1)[0]);
        Assert.Equal(0, data.ClassCount);
        Assert.Empty(data.ClassCounts());
        Assert.Throws<ArgumentOutOfRangeException>(() => data.FeaturesOf(2).ToArray());
    }

    [Fact]
    public void DataSet_NaNFeature_ThrowsNamingRowAndColumn()
    {
        var e = Assert.Throws<ArgumentException>(() => new DataSet(new[] { 1f, 2f, 3f, float.NaN }, 2, new[] { 0f, 1f }));

        Assert.Contains("row 1, column 1", e.Message);
        Assert.Contains("impute", e.Message);
    }

    [Fact]
    public void DataSet_InfiniteTarget_ThrowsNamingRow()
    {
        var e = Assert.Throws<ArgumentException>(() => new DataSet(new[] { 1f, 2f }, 1, new[] { 0f, float.PositiveInfinity }));

        Assert.Contains("target at row 1", e.Message);
    }

    [Theory]
    [InlineData(1.5f)]
    [InlineData(-1f)]
    [InlineData(3f)]
    public void DataSet_LabelThatIsNotAClassIndex_Throws(float label)
    {
        var e = Assert.Throws<ArgumentException>(() => new DataSet(new[] { 1f, 2f }, 1, new[] { 0f, label }, 1, classCount: 3));

        Assert.Contains("row 1", e.Message);
        Assert.Contains("0 to 2", e.Message);
    }

    [Fact]
    public void DataSet_TargetLengthMismatch_ThrowsNamingBothCounts()
    {
        var e = Assert.Throws<ArgumentException>(() => new DataSet(new float[6], 3, new float[3], 1));

        Assert.Contains("2 rows of 3", e.Message);
        Assert.Contains("3 floats", e.Message);
    }

    [Fact]
    public void DataSet_FeaturesNotWholeRows_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DataSet(new float[7], 3, new float[2], 1));
    }

    [Fact]
    public void DataSet_ClassesWithWideTargets_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataSet(new float[2], 1, new float[4], 2, classCount: 2));
    }

    [Fact]
    public void DataSet_WrongNumberOfClassNames_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DataSet(new float[2], 1, new float[2], 1, 2, new[] { "only one" }));
    }

    [Fact]
    public void Subset_CopiesTheRowsInTheOrderGivenAndKeepsClasses()
    {
        var data = new DataSet(new[] { 0f, 10f, 20f, 30f }, 1, new[] { 0f, 1f, 2f, 0f }, 1, 3, new[] { "a", "b", "c" });

        DataSet sub = data.Subset(new[] { 3, 1, 1 });

        Assert.Equal(new[] { 30f, 10f, 10f }, sub.Features.ToArray());
        Assert.Equal(new[] { 0f, 1f, 1f }, sub.Targets.ToArray());
        Assert.Equal(3, sub.ClassCount);
        Assert.Equal(new[] { "a", "b", "c" }, sub.ClassNames);
        Assert.Equal(new[] { 1, 2, 0 }, sub.ClassCounts());
    }

    [Fact]
    public void Subset_RowOutOfRange_Throws()
    {
        DataSet data = TestData.Labelled(4, 2, 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => data.Subset(new[] { 0, 4 }));
        Assert.Throws<ArgumentException>(() => data.Subset(ReadOnlySpan<int>.Empty));
    }
}
