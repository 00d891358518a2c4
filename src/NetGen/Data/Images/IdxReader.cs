using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;

namespace NetGen.Data;

/// <summary>
/// The IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/): a big-endian magic
/// <c>00 00 type dims</c>, one big-endian int32 per dimension, then the values. Only unsigned bytes (type 0x08) are
/// read. Every check happens before the body is read, and a failure throws, so no caller sees a partial result.
/// </summary>
internal static class IdxReader
{
    public const int ImagesMagic = 0x00000803; // unsigned bytes, 3 dimensions: count, rows, cols
    public const int LabelsMagic = 0x00000801; // unsigned bytes, 1 dimension: count
    public const int ImagesHeaderBytes = 16;
    public const int LabelsHeaderBytes = 8;

    // No real image data set comes near 32,768 pixels a side (a corrupt or misread header gives millions), and the
    // bound keeps rows x cols within an int.
    private const int MaxSide = 1 << 15;

    // The first chunk of a gzip body; small, so that a tiny file with a lying header costs almost nothing.
    private const int FirstChunkBytes = 1 << 16;

    /// <summary>Opens <paramref name="path"/>, decompressing it when it starts with the gzip magic 1F 8B, whatever its name.</summary>
    public static Stream Open(string path) => DataFile.Open(path, "IDX", gzipByName: false);

    /// <summary>Reads and checks an images header; returns the image count and shape.</summary>
    public static (int Count, ImageShape Shape) ReadImagesHeader(Stream stream, string path)
    {
        Span<byte> header = stackalloc byte[ImagesHeaderBytes];
        ReadHeader(stream, path, "images", ImagesMagic, header);
        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        int rows = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        int cols = BinaryPrimitives.ReadInt32BigEndian(header[12..]);
        CheckCount(count, path, "images");
        if (rows < 1 || cols < 1 || rows > MaxSide || cols > MaxSide)
        {
            throw new InvalidDataException(
                $"The images file '{path}' claims images of {rows} x {cols} pixels; each side must be from 1 to {MaxSide}, so the header is corrupt: restore the original file.");
        }
        return (count, new ImageShape(1, rows, cols));
    }

    /// <summary>Reads and checks a labels header; returns the label count.</summary>
    public static int ReadLabelsHeader(Stream stream, string path)
    {
        Span<byte> header = stackalloc byte[LabelsHeaderBytes];
        ReadHeader(stream, path, "labels", LabelsMagic, header);
        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        CheckCount(count, path, "labels");
        return count;
    }

    /// <summary>
    /// Throws when a raw file holds fewer bytes than the first <paramref name="limit"/> (or all) of the
    /// <paramref name="count"/> records its header promises, or, without a limit, more; before anything is allocated.
    /// A gzip stream's size is known only by reading it, so there <see cref="ReadRecords"/> reads in growing chunks.
    /// </summary>
    public static void CheckSize(Stream stream, string path, string kind, int headerBytes, int count, int recordSize, int? limit)
    {
        if (!stream.CanSeek)
        {
            return;
        }
        long size = stream.Length;
        long needed = headerBytes + (long)Take(count, limit) * recordSize;
        if (size < needed)
        {
            throw Truncated(stream, path, kind, headerBytes, count, recordSize, size);
        }
        if (limit is null && size > needed)
        {
            throw TooLong(stream, path, kind, headerBytes, count, recordSize);
        }
    }

    /// <summary>
    /// Reads the first <paramref name="limit"/> of the <paramref name="count"/> records the header promised, or
    /// all of them, checking then that nothing follows.
    /// </summary>
    public static byte[] ReadRecords(Stream stream, string path, string kind, int headerBytes, int count, int recordSize, int? limit)
    {
        CheckSize(stream, path, kind, headerBytes, count, recordSize, limit);
        int take = Take(count, limit);
        long wanted = (long)take * recordSize;
        if (wanted > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"The {kind} file '{path}' holds {take} records of {recordSize} bytes, too many to load at once; pass a limit of at most {Array.MaxLength / recordSize}.");
        }
        byte[] bytes = stream.CanSeek ? ReadExactly(stream, (int)wanted) : ReadGrowing(stream, (int)wanted);
        if (bytes.Length < wanted)
        {
            throw Truncated(stream, path, kind, headerBytes, count, recordSize, headerBytes + (long)bytes.Length);
        }
        if (limit is null && stream.ReadAtLeast(stackalloc byte[1], 1, throwOnEndOfStream: false) > 0)
        {
            throw TooLong(stream, path, kind, headerBytes, count, recordSize);
        }
        return bytes;
    }

    private static int Take(int count, int? limit) => Math.Min(limit ?? count, count);

    private static byte[] ReadExactly(Stream stream, int length)
    {
        var bytes = new byte[length];
        int read = stream.ReadAtLeast(bytes, length, throwOnEndOfStream: false);
        return read == length ? bytes : bytes[..read];
    }

    // A gzip stream's size is known only at its end, and its header may lie (a 30-byte file can claim two billion
    // labels): read chunks each as large as all before them, so that what is allocated is a small multiple of the data
    // actually there (chunks and the final copy, at most about three times it), not the header's claim.
    private static byte[] ReadGrowing(Stream stream, int length)
    {
        var chunks = new List<byte[]>();
        int total = 0;
        while (total < length)
        {
            var chunk = new byte[Math.Min(length - total, Math.Max(FirstChunkBytes, total))];
            int read = stream.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false);
            chunks.Add(chunk);
            total += read;
            if (read < chunk.Length)
            {
                break;
            }
        }
        if (chunks.Count == 1 && chunks[0].Length == total)
        {
            return chunks[0];
        }
        var bytes = new byte[total];
        int at = 0;
        foreach (byte[] chunk in chunks)
        {
            int n = Math.Min(chunk.Length, total - at);
            chunk.AsSpan(0, n).CopyTo(bytes.AsSpan(at));
            at += n;
        }
        return bytes;
    }

    private static InvalidDataException Truncated(Stream stream, string path, string kind, int headerBytes, int count, int recordSize, long held) =>
        new($"The {kind} file '{path}' is truncated: its header promises {count} records, {headerBytes + (long)count * recordSize} bytes in all{Decompressed(stream)}, but it holds only {held}; re-download or re-extract it.");

    private static InvalidDataException TooLong(Stream stream, string path, string kind, int headerBytes, int count, int recordSize) =>
        new($"The {kind} file '{path}' holds more than the {headerBytes + (long)count * recordSize} bytes{Decompressed(stream)} its header promises ({count} records); the header's count is wrong or files were joined, so restore the original file.");

    private static void ReadHeader(Stream stream, string path, string kind, int expectedMagic, Span<byte> header)
    {
        int read = Read(stream, header);
        // The magic first, so that a swapped, short labels file is reported as swapped rather than as truncated.
        int magic = read >= 4 ? BinaryPrimitives.ReadInt32BigEndian(header) : expectedMagic;
        if (magic != expectedMagic)
        {
            throw new InvalidDataException(
                $"The {kind} file '{path}' starts with the magic 0x{magic:X8} but an IDX {kind} file starts with 0x{expectedMagic:X8}; {MagicHint(magic)}");
        }
        if (read < header.Length)
        {
            throw new InvalidDataException(
                $"The {kind} file '{path}' holds only {read} bytes{Decompressed(stream)}, fewer than the {header.Length}-byte header of an IDX {kind} file; it is truncated or empty, so re-download it.");
        }
    }

    private static string MagicHint(int magic) => magic switch
    {
        ImagesMagic => "is this the images file? Pass the images file first and the labels file second.",
        LabelsMagic => "is this the labels file? Pass the images file first and the labels file second.",
        _ when (magic & ~0xFFFF) == 0 && magic >> 8 == 0x08 =>
            $"it is an IDX file of bytes with {magic & 0xFF} dimensions, but IDX images have 3 (count, rows, cols) and labels 1.",
        _ when (magic & ~0xFFFF) == 0 =>
            $"it is an IDX file of element type 0x{magic >> 8:X2}, but only unsigned bytes (0x08, as in MNIST and Fashion-MNIST) are supported.",
        _ => "it is not an IDX file (or is compressed with something other than gzip); check the path.",
    };

    private static void CheckCount(int count, string path, string kind)
    {
        if (count < 1)
        {
            throw new InvalidDataException(
                $"The {kind} file '{path}' claims {count} records; an IDX file must hold at least 1, so the header is corrupt: restore the original file.");
        }
    }

    private static string Decompressed(Stream stream) => stream is CheckedGzipStream ? " after decompression" : "";

    // Reads until the buffer is full or the stream ends (a CheckedGzipStream names the file itself when gzip fails).
    private static int Read(Stream stream, Span<byte> buffer) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
}
