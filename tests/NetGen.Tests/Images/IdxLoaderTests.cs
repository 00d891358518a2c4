using System;
using System.IO;
using System.Linq;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Images;

public class IdxLoaderTests
{
    private static readonly byte[] ThreeLabels = { 7, 0, 9 };

    private static (string Images, string Labels) Pair(byte[] images, byte[] labels) =>
        (IdxFiles.Write(images), IdxFiles.Write(labels));

    [Fact]
    public void Load_RawFiles_ScalesPixelsToUnitRangeAndReadsLabels()
    {
        var (images, labels) = Pair(IdxFiles.Images(3, 2, 4), IdxFiles.Labels(ThreeLabels));

        ImageDataSet set = IdxLoader.Load(images, labels);

        Assert.Equal(new ImageShape(1, 2, 4), set.Shape);
        Assert.Equal(3, set.Count);
        Assert.Equal(8, set.Data.FeatureCount);
        Assert.Equal(10, set.Data.ClassCount);
        Assert.Equal(new[] { 7f, 0f, 9f }, set.Data.Targets.ToArray());
        for (int n = 0; n < 3; n++)
        {
            Assert.Equal(Enumerable.Range(0, 8).Select(k => IdxFiles.Pixel(n, k) / 255f), set.Data.FeaturesOf(n).ToArray());
        }
    }

    [Fact]
    public void Load_GzipIsDetectedByItsMagic_NotByTheExtension()
    {
        byte[] images = IdxFiles.Images(3, 2, 4), labels = IdxFiles.Labels(ThreeLabels);
        ImageDataSet raw = IdxLoader.Load(IdxFiles.Write(images), IdxFiles.Write(labels));

        // Gzipped content under a plain name, and raw content under a .gz name.
        ImageDataSet gzipped = IdxLoader.Load(IdxFiles.Write(IdxFiles.Gzip(images), ".idx3-ubyte"), IdxFiles.Write(IdxFiles.Gzip(labels), ".idx1-ubyte"));
        ImageDataSet misnamed = IdxLoader.Load(IdxFiles.Write(images, ".gz"), IdxFiles.Write(labels, ".gz"));

        Assert.Equal(raw.Data.Features.ToArray(), gzipped.Data.Features.ToArray());
        Assert.Equal(raw.Data.Targets.ToArray(), gzipped.Data.Targets.ToArray());
        Assert.Equal(raw.Data.Features.ToArray(), misnamed.Data.Features.ToArray());
    }

    [Fact]
    public void Load_Limit_ReadsOnlyTheFirstImages_AndAllWhenThereAreFewer()
    {
        var (images, labels) = Pair(IdxFiles.Images(3, 2, 4), IdxFiles.Labels(ThreeLabels));

        ImageDataSet two = IdxLoader.Load(images, labels, limit: 2);
        ImageDataSet all = IdxLoader.Load(images, labels, limit: 100);

        Assert.Equal(2, two.Count);
        Assert.Equal(new[] { 7f, 0f }, two.Data.Targets.ToArray());
        Assert.Equal(all.Data.Features[..16].ToArray(), two.Data.Features.ToArray());
        Assert.Equal(3, all.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => IdxLoader.Load(images, labels, limit: 0));
    }

    [Fact]
    public void Load_LabelAboveNine_ClassCountIsLargestLabelPlusOne()
    {
        var (images, labels) = Pair(IdxFiles.Images(3, 2, 2), IdxFiles.Labels(new byte[] { 1, 26, 3 }));

        Assert.Equal(27, IdxLoader.Load(images, labels).Data.ClassCount);
    }

    [Fact]
    public void Load_TruncatedImagesFile_ThrowsNamingTheFileAndTheBytesExpectedAndFound()
    {
        byte[] full = IdxFiles.Images(3, 2, 4); // 16 + 24 = 40 bytes
        string images = IdxFiles.Write(full[..35]);

        var e = Assert.Throws<InvalidDataException>(() => IdxLoader.Load(images, IdxFiles.Write(IdxFiles.Labels(ThreeLabels))));

        Assert.Contains(images, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("40 bytes", e.Message);
        Assert.Contains("only 35", e.Message);
    }

    [Fact]
    public void Load_TruncatedGzippedImages_ThrowsCountingDecompressedBytes()
    {
        string images = IdxFiles.Write(IdxFiles.Gzip(IdxFiles.Images(3, 2, 4)[..30]));

        var e = Assert.Throws<InvalidDataException>(() => IdxLoader.Load(images, IdxFiles.Write(IdxFiles.Labels(ThreeLabels))));

        Assert.Contains("40 bytes in all after decompression", e.Message);
        Assert.Contains("only 30", e.Message);
    }

    [Fact]
    public void Load_TruncatedLabelsFile_ThrowsNamingTheFileAndTheBytesExpectedAndFound()
    {
        string labels = IdxFiles.Write(IdxFiles.Labels(new byte[] { 1, 2 }, count: 3));

        var e = Assert.Throws<InvalidDataException>(() => IdxLoader.Load(IdxFiles.Write(IdxFiles.Images(3, 2, 4)), labels));

        Assert.Contains(labels, e.Message);
        Assert.Contains("11 bytes", e.Message);
        Assert.Contains("only 10", e.Message);
    }

    [Fact]
    public void Load_FileShorterThanItsHeader_ThrowsTruncated()
    {
        string images = IdxFiles.Write(IdxFiles.Images(3, 2, 4)[..10]);

        var e = Assert.Throws<InvalidDataException>(() => IdxLoader.Load(images, IdxFiles.Write(IdxFiles.Labels(ThreeLabels))));

        Assert.Contains("only 10 bytes", e.Message);
        Assert.Contains("16-byte header", e.Message);
    }

    [Fact]
    public void Load_WrongMagic_ThrowsWithTheMagicFoundAndExpected()
    {
        string text = IdxFiles.Write(System.Text.Encoding.ASCII.GetBytes("label,pixel0,pixel1\n5,0,0\n"));

        var e = Assert.Throws<InvalidDataException>(() => IdxLoader.Load(text, IdxFiles.Write(IdxFiles.Labels(ThreeLabels))));

        Assert.Contains(text, e.Message);
        Assert.Contains("0x6C616265", e.Message);
        Assert.Contains("0x00000803", e.Message);
        Assert.Contains("not an IDX file", e.Message);
    }

    [Fact]
    public void Load_IdxOfFloats_SaysOnlyUnsignedBytesAreSupported()
    {
        string images = IdxFiles.Write(IdxFiles.Images(3, 2, 4, magic: 0x00000D03));

        var e = Assert.Throws<InvalidDataException>(() => IdxLoader.Load(images, IdxFiles.Write(IdxFiles.Labels(ThreeLabels))));

        Assert.Contains("element type 0x0D", e.Message);
    }

    [Fact]
    public void Load_SwappedFiles_AsksWhetherItIsTheLabelsFile()
    {
        var (images, labels) = Pair(IdxFiles.Images(3, 2, 4), IdxFiles.Labels(ThreeLabels));

        var e = Assert.Throws<InvalidDataException>(() => IdxLoader.Load(labels, images));

        Assert.Contains(labels, e.Message);
        Assert.Contains("0x00000801", e.Message);
        Assert.Contains("0x00000803", e.Message);
        Assert.Contains("is this the labels file?", e.Message);
        Assert.Contains("is this the images file?", Assert.Throws<InvalidDataException>(() => IdxLoader.ReadLabels(images)).Message);
    }

    [Fact]
    public void Load_CountsDiffer_ThrowsNamingBothFilesAndCounts()
    {
        var (images, labels) = Pair(IdxFiles.Images(3, 2, 4), IdxFiles.Labels(new byte[] { 1, 2 }));

        var e = Assert.Throws<InvalidDataException>(() => IdxLoader.Load(images, labels));

        Assert.Contains($"'{images}' holds 3 images", e.Message);
        Assert.Contains($"'{labels}' holds 2 labels", e.Message);
    }

    [Theory]
    [InlineData(0, 28)]
    [InlineData(28, -1)]
    [InlineData(1_000_000, 28)]
    public void Load_AbsurdDimensions_ThrowsCorruptHeader(int rows, int cols)
    {
        byte[] header = IdxFiles.Images(1, 1, 1);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), rows);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), cols);

        var e = Assert.Throws<InvalidDataException>(() => IdxLoader.ReadImages(IdxFiles.Write(header)));

        Assert.Contains($"{rows} x {cols} pixels", e.Message);
    }

    [Fact]
    public void Load_ZeroOrNegativeCount_ThrowsCorruptHeader()
    {
        var e = Assert.Throws<InvalidDataException>(() => IdxLoader.ReadLabels(IdxFiles.Write(IdxFiles.Labels(Array.Empty<byte>()))));

        Assert.Contains("claims 0 records", e.Message);
    }

    [Fact]
    public void Load_BytesBeyondWhatTheHeaderPromises_Throws()
    {
        byte[] labels = IdxFiles.Labels(new byte[] { 1, 2, 3, 4 }, count: 3);

        var e = Assert.Throws<InvalidDataException>(() => IdxLoader.ReadLabels(IdxFiles.Write(labels)));

        Assert.Contains("more than the 11 bytes", e.Message);
        Assert.Equal(new byte[] { 1, 2, 3 }, IdxLoader.ReadLabels(IdxFiles.Write(labels), limit: 3)); // a limit reads no further
    }

    [Fact]
    public void Load_CorruptGzip_ThrowsNamingTheFile()
    {
        string images = IdxFiles.Write(new byte[] { 0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF });

        var e = Assert.Throws<InvalidDataException>(() => IdxLoader.ReadImages(images));

        Assert.Contains(images, e.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundWithTheFullPath()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"netgen-missing-{Guid.NewGuid():N}.gz");

        var e = Assert.Throws<FileNotFoundException>(() => IdxLoader.Load(missing, missing));

        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void ReadImagesAndLabels_ReturnTheRawBytes()
    {
        var (images, labels) = Pair(IdxFiles.Gzip(IdxFiles.Images(3, 2, 4)), IdxFiles.Labels(ThreeLabels));

        IdxImages raw = IdxLoader.ReadImages(images, limit: 2);

        Assert.Equal(2, raw.Count);
        Assert.Equal(new ImageShape(1, 2, 4), raw.Shape);
        Assert.Equal(IdxFiles.Images(2, 2, 4)[16..], raw.Pixels.ToArray());
        Assert.Equal(ThreeLabels, IdxLoader.ReadLabels(labels));
    }
}
