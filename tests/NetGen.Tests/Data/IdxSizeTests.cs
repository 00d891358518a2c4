using System;
using System.Buffers.Binary;
using System.IO;
using NetGen.Data;
using NetGen.Tests.Images;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>
/// An IDX header's counts are checked against the bytes actually there before anything is allocated: a tiny hostile
/// file must fail cheaply, not allocate what its header claims.
/// </summary>
public class IdxSizeTests
{
    private const long Budget = 1 << 20; // 1 MiB: buffers, the first read chunk and the exception, far below any claim tested

    private static byte[] LabelsHeader(int count) => IdxFiles.Labels(Array.Empty<byte>(), count);

    private static byte[] ImagesHeader(int count, int rows, int cols)
    {
        byte[] header = IdxFiles.Images(0, 1, 1);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), cols);
        return header;
    }

    // Runs the call once to warm up, then measures what the second run allocates before it throws.
    private static (InvalidDataException Error, long Allocated) Measure(Action load)
    {
        Assert.Throws<InvalidDataException>(load);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(load);
        return (e, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadLabels_EightByteFileClaimingTwoBillionLabels_ThrowsTruncatedWithoutAllocatingThem(bool gzip)
    {
        // The repro: 8 bytes whose header claims 1.9 billion labels allocated 1.9 GB before the error.
        byte[] bytes = LabelsHeader(1_900_000_000);
        string path = IdxFiles.Write(gzip ? IdxFiles.Gzip(bytes) : bytes);

        var (e, allocated) = Measure(() => IdxLoader.ReadLabels(path));

        Assert.Contains("truncated", e.Message);
        Assert.Contains("1900000000 records", e.Message);
        Assert.Contains(path, e.Message);
        Assert.InRange(allocated, 0, Budget);
    }

    [Theory]
    [InlineData(int.MaxValue, 28, 28, false)]
    [InlineData(int.MaxValue, 28, 28, true)]
    [InlineData(3, 32768, 32768, false)]  // the largest sides: 2^30 bytes an image
    [InlineData(1, 32768, 32768, true)]
    public void ReadImages_TinyFileWithHugeCounts_ThrowsWithoutAllocatingThem(int count, int rows, int cols, bool gzip)
    {
        byte[] bytes = ImagesHeader(count, rows, cols);
        string path = IdxFiles.Write(gzip ? IdxFiles.Gzip(bytes) : bytes);

        var (e, allocated) = Measure(() => IdxLoader.ReadImages(path));

        Assert.Contains(path, e.Message);
        Assert.InRange(allocated, 0, Budget);
    }

    [Fact]
    public void ReadImages_LimitOnAHugeGzipClaim_ReadsOnlyWhatIsThere()
    {
        // Without a limit 3 images of 2^30 bytes exceed one array, so the loader asks for a limit; with one, the
        // truncated body is found by reading, still in small chunks.
        string path = IdxFiles.Write(IdxFiles.Gzip(ImagesHeader(3, 32768, 32768)));

        var (tooMany, allocated) = Measure(() => IdxLoader.ReadImages(path));
        Assert.Contains("pass a limit", tooMany.Message);
        Assert.InRange(allocated, 0, Budget);

        var (truncated, limited) = Measure(() => IdxLoader.ReadImages(path, limit: 1));
        Assert.Contains("truncated", truncated.Message);
        Assert.InRange(limited, 0, Budget);
    }

    [Theory]
    [InlineData(65536, 65536)]        // the product overflows an int
    [InlineData(int.MaxValue, int.MaxValue)]
    [InlineData(1, int.MinValue)]
    public void ReadImages_SidesWhoseProductOverflows_ThrowCorruptHeader(int rows, int cols)
    {
        string path = IdxFiles.Write(ImagesHeader(1, rows, cols));

        var e = Assert.Throws<InvalidDataException>(() => IdxLoader.ReadImages(path));

        Assert.Contains($"{rows} x {cols} pixels", e.Message);
        Assert.Contains("corrupt", e.Message);
    }

    [Fact]
    public void Load_ShortLabelsFile_FailsBeforeTheImagesAreRead()
    {
        // 1,000 images of 28 x 28 (784 KB) with a labels file that holds 2 of its 1,000 labels.
        string images = IdxFiles.Write(IdxFiles.Images(1000, 28, 28));
        string labels = IdxFiles.Write(IdxFiles.Labels(new byte[] { 1, 2 }, count: 1000));

        var (e, allocated) = Measure(() => IdxLoader.Load(images, labels));

        Assert.Contains(labels, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.InRange(allocated, 0, 300_000); // well below the 784,000 bytes of pixels (and their floats)
    }

    [Fact]
    public void Load_HugeLabelCountBesideRealImages_ThrowsTheMismatchWithoutAllocating()
    {
        string images = IdxFiles.Write(IdxFiles.Images(3, 2, 4));
        string labels = IdxFiles.Write(IdxFiles.Gzip(LabelsHeader(int.MaxValue)));

        var (e, allocated) = Measure(() => IdxLoader.Load(images, labels));

        Assert.Contains("holds 3 images", e.Message);
        Assert.Contains($"holds {int.MaxValue} labels", e.Message);
        Assert.InRange(allocated, 0, Budget);
    }

    [Fact]
    public void ReadLabels_GzipWithMoreThanItsHeaderPromises_Throws()
    {
        string path = IdxFiles.Write(IdxFiles.Gzip(IdxFiles.Labels(new byte[] { 1, 2, 3, 4 }, count: 3)));

        var e = Assert.Throws<InvalidDataException>(() => IdxLoader.ReadLabels(path));

        Assert.Contains("more than the 11 bytes after decompression", e.Message);
    }

    [Fact]
    public void ReadImages_GzipLargerThanTheFirstChunk_ReadsEveryByte()
    {
        // 200 images of 28 x 28: 156,800 bytes, read in growing chunks of 64 KiB, 64 KiB and the rest.
        byte[] raw = IdxFiles.Images(200, 28, 28);
        string path = IdxFiles.Write(IdxFiles.Gzip(raw));

        IdxImages images = IdxLoader.ReadImages(path);

        Assert.Equal(200, images.Count);
        Assert.Equal(raw[16..], images.Pixels.ToArray());
        Assert.Equal(raw[16..(16 + 150 * 784)], IdxLoader.ReadImages(path, limit: 150).Pixels.ToArray());
    }
}
