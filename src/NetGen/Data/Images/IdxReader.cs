using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

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

    /// <summary>Opens <paramref name="path"/>, decompressing it when it starts with the gzip magic 1F 8B, whatever its name.</summary>
    public static Stream Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The IDX file '{Path.GetFullPath(path)}' does not exist; check the path (a relative path is resolved against the current directory, '{Environment.CurrentDirectory}').",
                path);
        }
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        bool gzip = file.ReadByte() == 0x1F && file.ReadByte() == 0x8B;
        file.Position = 0;
        return gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

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
    /// Reads the first <paramref name="limit"/> of the <paramref name="count"/> records the header promised, or
    /// all of them, checking then that nothing follows.
    /// </summary>
    public static byte[] ReadRecords(Stream stream, string path, string kind, int headerBytes, int count, int recordSize, int? limit)
    {
        int take = Math.Min(limit ?? count, count);
        long promised = headerBytes + (long)count * recordSize;
        long wanted = (long)take * recordSize;
        if (wanted > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"The {kind} file '{path}' holds {take} records of {recordSize} bytes, too many to load at once; pass a limit of at most {Array.MaxLength / recordSize}.");
        }
        var bytes = new byte[wanted];
        int read = Read(stream, path, bytes);
        if (read < bytes.Length)
        {
            throw new InvalidDataException(
                $"The {kind} file '{path}' is truncated: its header promises {count} records, {promised} bytes in all{Decompressed(stream)}, but it holds only {headerBytes + read}; re-download or re-extract it.");
        }
        if (limit is null && Read(stream, path, stackalloc byte[1]) > 0)
        {
            throw new InvalidDataException(
                $"The {kind} file '{path}' holds more than the {promised} bytes{Decompressed(stream)} its header promises ({count} records); the header's count is wrong or files were joined, so restore the original file.");
        }
        return bytes;
    }

    private static void ReadHeader(Stream stream, string path, string kind, int expectedMagic, Span<byte> header)
    {
        int read = Read(stream, path, header);
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

    private static string Decompressed(Stream stream) => stream is GZipStream ? " after decompression" : "";

    // Reads until the buffer is full or the stream ends, and names the file when gzip finds the data corrupt.
    private static int Read(Stream stream, string path, Span<byte> buffer)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(
                $"'{path}' starts like a gzip file but could not be decompressed ({e.Message}); it is corrupt, so re-download it.", e);
        }
    }
}
