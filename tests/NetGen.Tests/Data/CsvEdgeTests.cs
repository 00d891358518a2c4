using System;
using System.Globalization;
using System.IO;
using System.Text;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>Files as they come: byte-order marks, CRLF, cut last lines, decimal commas, empty files, oversized subsets.</summary>
public class CsvEdgeTests
{
    private static DataSet ParseText(string text, CsvOptions? options = null) =>
        CsvLoader.Parse(new StringReader(text), options ?? new CsvOptions(), "test.csv");

    private static T WithFile<T>(string text, Encoding encoding, Func<string, T> load)
    {
        string path = TestData.TempFile("");
        try
        {
            File.WriteAllText(path, text, encoding);
            return load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<string> Encodings => new() { "utf-8 BOM", "utf-16 LE BOM", "utf-16 BE BOM" };

    private static Encoding EncodingOf(string name) => name switch
    {
        "utf-8 BOM" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
        "utf-16 LE BOM" => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
        _ => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Csv_ByteOrderMark_IsSkippedAndTheFirstFieldParses(string encoding)
    {
        DataSet plain = WithFile("1.5,2,0\r\n3,4,1\r\n", EncodingOf(encoding), path => CsvLoader.Load(path));
        DataSet sklearn = WithFile("2,2,a,b\n1.5,2,0\n3,4,1\n", EncodingOf(encoding), path => CsvLoader.LoadSklearnStyle(path));

        Assert.Equal(new[] { 1.5f, 2f, 3f, 4f }, plain.Features.ToArray());
        Assert.Equal(new[] { 1.5f, 2f, 3f, 4f }, sklearn.Features.ToArray());
        Assert.Equal(new[] { "a", "b" }, sklearn.ClassNames);
    }

    [Theory]
    [InlineData("1,2,0\n3,4,1\n5,6", "found 2 fields but line 1 has 3")]   // cut inside the last row
    [InlineData("1,2,0\n3,4,1\n5,6,", "the field is empty")]                // cut just after a separator
    [InlineData("1,2,0\n3,4,1\n5,6,1e", "'1e' is not a number")]           // cut inside an exponent
    [InlineData("1,2,0\n3,4,1\n5,6\n\n", "found 2 fields but line 1 has 3")] // blank lines after it change nothing
    public void Csv_LastLineCutMidRow_SaysTheFileMayBeTruncated(string text, string problem)
    {
        var e = Assert.Throws<FormatException>(() => ParseText(text));

        Assert.Contains("line 3", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.Contains("last line", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Csv_RaggedRowInTheMiddle_DoesNotBlameTruncation()
    {
        var e = Assert.Throws<FormatException>(() => ParseText("1,2,0\n3,4\n5,6,1\n"));

        Assert.Contains("line 2: found 2 fields but line 1 has 3", e.Message);
        Assert.DoesNotContain("truncated", e.Message);
    }

    [Fact]
    public void Csv_DecimalCommasUnderAnyCulture_ThrowRatherThanMisparse()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var e = Assert.Throws<FormatException>(() => ParseText("1,5;2,25;0\n", new CsvOptions { Separator = ';' }));
            Assert.Contains("line 1, column 1: '1,5' is not a number", e.Message);
            Assert.Contains("write 1.5 rather than 1,5", e.Message);

            // Thousands separators are refused too: "1,000" is never read as 1 or 1000.
            Assert.Throws<FormatException>(() => ParseText("1,000;2;0\n", new CsvOptions { Separator = ';' }));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Csv_EmptyFile_ThrowsNoDataRows()
    {
        var e = Assert.Throws<FormatException>(() => WithFile("", Encoding.UTF8, path => CsvLoader.Load(path)));

        Assert.Contains("no data rows", e.Message);
    }

    [Fact]
    public void Csv_SklearnHeaderClaimingMoreRowsThanTheGzipHolds_Throws()
    {
        string path = TestData.TempFile("", ".csv.gz");
        try
        {
            File.WriteAllBytes(path, NetGen.Tests.Images.IdxFiles.Gzip(Encoding.ASCII.GetBytes("5,2,a,b\n1,2,0\n3,4,1\n")));
            var e = Assert.Throws<FormatException>(() => CsvLoader.LoadSklearnStyle(path));
            Assert.Contains("promises 5 rows of 2 features but the file holds 2 rows of 2", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Subset_MoreFloatsThanAnArrayHolds_ThrowsBeforeAllocating()
    {
        // One row of 2^20 features; 4,096 copies of it would be 2^32 floats, which wrapped to 0 in int arithmetic.
        var data = new DataSet(new float[1 << 20], 1 << 20, new float[1]);
        var rows = new int[4096];

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ArgumentException>(() => data.Subset(rows));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("4294967296 floats", e.Message);
        Assert.Contains("take fewer rows", e.Message);
        Assert.InRange(allocated, 0, 64 * 1024);
    }
}
