using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Data;

public class CsvLoaderTests
{
    private static DataSet ParseText(string text, CsvOptions? options = null) =>
        CsvLoader.Parse(new StringReader(text), options ?? new CsvOptions(), "test.csv");

    [Fact]
    public void Csv_IrisSklearnStyle_Loads150RowsOf4FeaturesAnd3NamedClasses()
    {
        DataSet iris = CsvLoader.LoadSklearnStyle(TestData.PathOf("iris.csv"));

        Assert.Equal(150, iris.Count);
        Assert.Equal(4, iris.FeatureCount);
        Assert.Equal(3, iris.ClassCount);
        Assert.Equal(new[] { "setosa", "versicolor", "virginica" }, iris.ClassNames);
        Assert.Equal(new[] { 50, 50, 50 }, iris.ClassCounts());
        Assert.Equal(new[] { 5.1f, 3.5f, 1.4f, 0.2f }, iris.FeaturesOf(0).ToArray());
        Assert.Equal(2f, iris.TargetsOf(149)[0]);
    }

    [Fact]
    public void Csv_IrisWithSkippedHeader_MatchesSklearnStyleLoad()
    {
        DataSet plain = CsvLoader.Load(TestData.PathOf("iris.csv"), new CsvOptions { SkipHeaderLines = 1 });
        DataSet sklearn = CsvLoader.LoadSklearnStyle(TestData.PathOf("iris.csv"));

        Assert.Equal(sklearn.Features.ToArray(), plain.Features.ToArray());
        Assert.Equal(sklearn.Targets.ToArray(), plain.Targets.ToArray());
        Assert.Null(plain.ClassNames);
    }

    [Fact]
    public void Csv_DigitsGz_IsDecompressedTo1797RowsOf64PixelsAnd10Classes()
    {
        DataSet digits = CsvLoader.Load(TestData.PathOf("digits.csv.gz"));

        Assert.Equal(1797, digits.Count);
        Assert.Equal(64, digits.FeatureCount);
        Assert.Equal(10, digits.ClassCount);
        Assert.Equal(0f, digits.TargetsOf(0)[0]);
        Assert.Equal(new[] { 0f, 0f, 5f, 13f, 9f, 1f, 0f, 0f }, digits.FeaturesOf(0)[..8].ToArray());
        Assert.All(digits.ClassCounts(), n => Assert.InRange(n, 170, 190));
    }

    [Fact]
    public void Csv_NonNumberField_ThrowsNamingFileLineColumnAndText()
    {
        var e = Assert.Throws<FormatException>(() => ParseText("1,2,0\n3,abc,1\n"));

        Assert.Contains("test.csv, line 2, column 2", e.Message);
        Assert.Contains("'abc'", e.Message);
        Assert.Contains("not a number", e.Message);
    }

    [Fact]
    public void Csv_HeaderNotSkipped_ThrowsSuggestingSkipHeaderLines()
    {
        var e = Assert.Throws<FormatException>(() => ParseText("a,b,label\n1,2,0\n"));

        Assert.Contains("line 1, column 1", e.Message);
        Assert.Contains("SkipHeaderLines", e.Message);
    }

    [Fact]
    public void Csv_WrongFieldCount_ThrowsNamingLineAndBothCounts()
    {
        var e = Assert.Throws<FormatException>(() => ParseText("1,2,0\n3,4,1\n5,1\n"));

        Assert.Contains("line 3", e.Message);
        Assert.Contains("found 2 fields but line 1 has 3", e.Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e999")]
    public void Csv_NonFiniteValue_ThrowsNamingLineAndColumn(string value)
    {
        var e = Assert.Throws<FormatException>(() => ParseText($"1,2,0\n3,{value},1\n"));

        Assert.Contains("line 2, column 2", e.Message);
        Assert.Contains("impute", e.Message);
    }

    [Fact]
    public void Csv_EmptyField_ThrowsAsMissingValue()
    {
        var e = Assert.Throws<FormatException>(() => ParseText("1,2,0\n,4,1\n"));

        Assert.Contains("line 2, column 1", e.Message);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void Csv_BlankLineBeforeMoreData_ThrowsNamingTheBlankLine()
    {
        var e = Assert.Throws<FormatException>(() => ParseText("1,2,0\n\n3,4,1\n"));

        Assert.Contains("line 2", e.Message);
        Assert.Contains("blank", e.Message);
    }

    [Fact]
    public void Csv_TrailingBlankLinesAndCrLf_AreAccepted()
    {
        DataSet data = ParseText("1,2,0\r\n3,4,1\r\n\r\n  \n");

        Assert.Equal(2, data.Count);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, data.Features.ToArray());
    }

    [Fact]
    public void Csv_FractionalClassLabel_ThrowsSuggestingRegression()
    {
        var e = Assert.Throws<FormatException>(() => ParseText("1,2,0\n3,4,1.5\n"));

        Assert.Contains("line 2, column 3", e.Message);
        Assert.Contains("LabelKind.Regression", e.Message);
    }

    [Fact]
    public void Csv_LabelAtOrAboveClassCount_Throws()
    {
        var e = Assert.Throws<FormatException>(() => ParseText("1,2,0\n3,4,2\n", new CsvOptions { ClassCount = 2 }));

        Assert.Contains("line 2, column 3", e.Message);
        Assert.Contains("outside the 2 classes", e.Message);
    }

    [Fact]
    public void Csv_ClassCountOption_KeepsClassesMissingFromTheFile()
    {
        DataSet data = ParseText("1,2,0\n3,4,1\n", new CsvOptions { ClassCount = 5 });

        Assert.Equal(5, data.ClassCount);
    }

    [Fact]
    public void Csv_RegressionLabels_KeepTheirValuesWithNoClasses()
    {
        DataSet data = ParseText("1,2,-0.5\n3,4,1e3\n", new CsvOptions { LabelKind = LabelKind.Regression });

        Assert.Equal(0, data.ClassCount);
        Assert.Equal(new[] { -0.5f, 1000f }, data.Targets.ToArray());
    }

    [Fact]
    public void Csv_LabelColumnFirstAndSemicolons_SplitsFeaturesAroundTheLabel()
    {
        DataSet data = ParseText("1;10;20\n0;30;40\n", new CsvOptions { Separator = ';', LabelColumn = 0 });

        Assert.Equal(new[] { 10f, 20f, 30f, 40f }, data.Features.ToArray());
        Assert.Equal(new[] { 1f, 0f }, data.Targets.ToArray());
    }

    [Fact]
    public void Csv_NumbersParse_WithInvariantCultureWhateverTheCurrentCulture()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            DataSet data = ParseText("1.5,2.25,0\n");
            Assert.Equal(new[] { 1.5f, 2.25f }, data.Features.ToArray());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Csv_LabelColumnOutsideTheRow_ThrowsArgumentNamingTheFieldCount()
    {
        var e = Assert.Throws<ArgumentException>(() => ParseText("1,2,0\n", new CsvOptions { LabelColumn = 3 }));

        Assert.Contains("3 fields", e.Message);
    }

    [Fact]
    public void Csv_NoDataRows_Throws()
    {
        var e = Assert.Throws<FormatException>(() => ParseText("header\n", new CsvOptions { SkipHeaderLines = 1 }));

        Assert.Contains("no data rows", e.Message);
    }

    [Fact]
    public void Csv_MissingFile_ThrowsFileNotFoundNamingThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), "netgen-no-such-file.csv");

        var e = Assert.Throws<FileNotFoundException>(() => CsvLoader.Load(path, new CsvOptions()));

        Assert.Equal(path, e.FileName);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Csv_SklearnHeaderRowCountDisagrees_Throws()
    {
        string path = TestData.TempFile("3,2,a,b\n1,2,0\n3,4,1\n");
        try
        {
            var e = Assert.Throws<FormatException>(() => CsvLoader.LoadSklearnStyle(path));
            Assert.Contains("promises 3 rows of 2 features but the file holds 2 rows of 2", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Csv_GzErrorsNameTheLine_AndCorruptGzNamesTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"netgen-test-{Guid.NewGuid():N}.csv.gz");
        try
        {
            using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            using (var writer = new StreamWriter(gz))
            {
                writer.Write("1,2,0\n3,x,1\n");
            }
            Assert.Contains("line 2, column 2", Assert.Throws<FormatException>(() => CsvLoader.Load(path, new CsvOptions())).Message);

            File.WriteAllText(path, "1,2,0\n");
            Assert.Contains(path, Assert.Throws<InvalidDataException>(() => CsvLoader.Load(path, new CsvOptions())).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
