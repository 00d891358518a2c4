using System;
using System.Globalization;
using System.IO;
using System.Linq;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>
/// Class labels are stored as floats, exact as whole numbers only up to 2^24: labels run from 0 to 2^24 - 1, a data set
/// holds at most <see cref="DataSet.MaxClassCount"/> classes, and nothing allocates per class that is not there.
/// </summary>
public class LabelLimitTests
{
    private const int LargestLabel = (1 << 24) - 1; // 16,777,215

    private static DataSet ParseText(string text, CsvOptions? options = null) =>
        CsvLoader.Parse(new StringReader(text), options ?? new CsvOptions(), "test.csv");

    private static int[] TestRowIds(DataSet test) =>
        Enumerable.Range(0, test.Count).Select(i => (int)test.FeaturesOf(i)[0]).ToArray();

    [Fact]
    public void MaxClassCount_Is2To24()
    {
        Assert.Equal(16_777_216, DataSet.MaxClassCount);
        // The reason: the next whole number is the first a float cannot hold.
        Assert.Equal((float)DataSet.MaxClassCount, (float)(DataSet.MaxClassCount + 1));
        Assert.NotEqual((float)(DataSet.MaxClassCount - 1), (float)DataSet.MaxClassCount);
    }

    [Fact]
    public void Csv_Label2To24Minus1_LoadsWith2To24Classes()
    {
        DataSet data = ParseText($"1,2,0\n3,4,{LargestLabel}\n");

        Assert.Equal(DataSet.MaxClassCount, data.ClassCount);
        Assert.Equal(LargestLabel, (int)data.TargetsOf(1)[0]);
    }

    [Theory]
    [InlineData("16777216")]       // 2^24
    [InlineData("16777217")]       // reads as 2^24 as a float
    [InlineData("2147483648")]     // 2^31: overflowed the class count
    [InlineData("4294967296")]
    [InlineData("1e30")]
    public void Csv_LabelOf2To24OrMore_ThrowsOneClearMessage(string label)
    {
        var e = Assert.Throws<FormatException>(() => ParseText($"1,2,0\n3,4,{label}\n"));

        Assert.Contains("test.csv, line 2, column 3", e.Message);
        Assert.Contains("too large", e.Message);
        Assert.Contains("0 to at most 16777215", e.Message);
        Assert.Contains("Remap the labels", e.Message);
        Assert.DoesNotContain("outside", e.Message); // the old message claimed 16777216 was outside 0 to 16777216
    }

    [Theory]
    [InlineData("-1", "not a class index")]
    [InlineData("0.5", "not a class index")]
    [InlineData("16777215.5", "too large")] // rounds to 2^24 as a float
    [InlineData("NaN", "not a finite number")]
    [InlineData("-Infinity", "not a finite number")]
    public void Csv_OtherBadLabels_ThrowNamingTheLine(string label, string expected)
    {
        var e = Assert.Throws<FormatException>(() => ParseText($"1,2,0\n3,4,{label}\n"));

        Assert.Contains("line 2, column 3", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Csv_ClassCountOptionAboveTheMaximum_ThrowsArgument()
    {
        var e = Assert.Throws<ArgumentException>(() => ParseText("1,2,0\n", new CsvOptions { ClassCount = DataSet.MaxClassCount + 1 }));

        Assert.Contains("at most DataSet.MaxClassCount = 16777216", e.Message);
        Assert.Equal(DataSet.MaxClassCount, ParseText("1,2,0\n", new CsvOptions { ClassCount = DataSet.MaxClassCount }).ClassCount);
    }

    [Fact]
    public void DataSet_ClassCountAtTheMaximum_AcceptsTheLargestLabel()
    {
        var data = new DataSet(new float[] { 0, 1 }, 1, new float[] { 0, LargestLabel }, 1, DataSet.MaxClassCount);

        Assert.Equal(DataSet.MaxClassCount, data.ClassCount);
    }

    [Theory]
    [InlineData(16_777_217)]
    [InlineData(int.MaxValue)]
    public void DataSet_ClassCountAboveTheMaximum_ThrowsNamingIt(int classCount)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DataSet(new float[] { 0 }, 1, new float[] { 0 }, 1, classCount));

        Assert.Contains("MaxClassCount = 16777216", e.Message);
        Assert.Contains("labels 0 to 16777215", e.Message);
    }

    [Theory]
    [InlineData(16_777_216f, "16777216")]
    [InlineData(2_147_483_648f, "2.1474836E+09")]
    [InlineData(-1f, "-1")]
    [InlineData(0.5f, "0.5")]
    public void DataSet_LabelOutsideTheClasses_ThrowsWithTheInvariantValue(float label, string shown)
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE"); // would print 0,5
            var e = Assert.Throws<ArgumentException>(() => new DataSet(new float[] { 0, 1 }, 1, new float[] { 0, label }, 1, DataSet.MaxClassCount));
            Assert.Contains($"row 1 is {shown} but class labels must be whole numbers from 0 to 16777215", e.Message);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void DataSet_NaNLabel_ThrowsAsNonFinite()
    {
        var e = Assert.Throws<ArgumentException>(() => new DataSet(new float[] { 0, 1 }, 1, new float[] { 0, float.NaN }, 1, 2));

        Assert.Contains("target at row 1, column 0 is NaN", e.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Split_OneLabelOf2To24Minus1_AllocatesPerRowNotPerClass(bool stratify)
    {
        // The repro: one label of 16,777,215 made Split allocate 384 MiB of per-class counters.
        string text = string.Concat(Enumerable.Range(0, 100).Select(i => $"{i},{(i == 7 ? LargestLabel : i % 3)}\n"));
        DataSet data = ParseText(text);
        data.Split(0.2, seed: 1, stratify);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var (train, test) = data.Split(0.2, seed: 1, stratify);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(20, test.Count);
        Assert.Equal(80, train.Count);
        Assert.InRange(allocated, 0, 64 * 1024);
    }

    [Fact]
    public void Split_Stratified_DependsOnTheOrderOfTheLabelsNotTheirValues()
    {
        // The same rows labelled 0/1/2 among 3 classes, and 0/5000/16777215 among 2^24: the same split.
        float[] features = Enumerable.Range(0, 60).Select(i => (float)i).ToArray();
        float[] small = Enumerable.Range(0, 60).Select(i => (float)(i * 7 % 3)).ToArray();
        float[] large = small.Select(l => l switch { 0 => 0f, 1 => 5000f, _ => (float)LargestLabel }).ToArray();

        var (_, a) = new DataSet(features, 1, small, 1, 3).Split(0.3, seed: 9);
        var (_, b) = new DataSet((float[])features.Clone(), 1, large, 1, DataSet.MaxClassCount).Split(0.3, seed: 9);

        Assert.Equal(TestRowIds(a), TestRowIds(b));
    }
}
