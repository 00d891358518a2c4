using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace NetGen.Tests.Images;

/// <summary>Builds small IDX files in memory and writes them to temporary paths, raw or gzipped.</summary>
internal static class IdxFiles
{
    /// <summary>An images file of <paramref name="count"/> images whose pixel <c>k</c> of image <c>n</c> is <c>(n * 31 + k * 7) % 256</c>.</summary>
    public static byte[] Images(int count, int rows, int cols, int magic = 0x00000803)
    {
        var bytes = new byte[16 + count * rows * cols];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        for (int n = 0; n < count; n++)
        {
            for (int k = 0; k < rows * cols; k++)
            {
                bytes[16 + n * rows * cols + k] = Pixel(n, k);
            }
        }
        return bytes;
    }

    /// <summary>The pixel value <see cref="Images"/> writes.</summary>
    public static byte Pixel(int image, int k) => (byte)((image * 31 + k * 7) % 256);

    /// <summary>A labels file holding <paramref name="labels"/>, or claiming <paramref name="count"/> of them when given.</summary>
    public static byte[] Labels(byte[] labels, int? count = null)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x00000801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count ?? labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(bytes);
        }
        return ms.ToArray();
    }

    /// <summary>Writes <paramref name="bytes"/> to a new temporary file with the given extension and returns its path.</summary>
    public static string Write(byte[] bytes, string extension = ".idx")
    {
        string path = Path.Combine(Path.GetTempPath(), $"netgen-idx-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
