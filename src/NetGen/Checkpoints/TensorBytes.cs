using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace NetGen.Checkpoints;

/// <summary>
/// Moves float32 values between arrays and little-endian bytes in chunks. A span of bytes is indexed by an
/// <c>int</c>, so one <c>MemoryMarshal.AsBytes</c> over a tensor of 2^29 floats (2 GiB) or more overflows; chunks keep
/// every span small, whatever the tensor's size, and let the data section be hashed as it passes.
/// </summary>
internal static class TensorBytes
{
    /// <summary>Floats per chunk: 4 MiB of bytes, well inside an <c>int</c> and large enough that the calls cost nothing.</summary>
    internal const int ChunkFloats = 1 << 20;

    /// <summary>Fills <paramref name="data"/> from <paramref name="stream"/>, adding the raw bytes to <paramref name="hash"/> when given.</summary>
    /// <exception cref="EndOfStreamException">The stream ends first.</exception>
    public static void Read(Stream stream, float[] data, IncrementalHash? hash)
    {
        for (int start = 0; start < data.Length; start += ChunkFloats)
        {
            Span<float> chunk = data.AsSpan(start, Math.Min(ChunkFloats, data.Length - start));
            Span<byte> bytes = MemoryMarshal.AsBytes(chunk);
            stream.ReadExactly(bytes);
            hash?.AppendData(bytes);
            if (!BitConverter.IsLittleEndian)
            {
                Span<int> bits = MemoryMarshal.Cast<float, int>(chunk);
                BinaryPrimitives.ReverseEndianness(bits, bits);
            }
        }
    }

    /// <summary>Writes <paramref name="data"/> to <paramref name="stream"/> as little-endian bytes.</summary>
    public static void Write(Stream stream, float[] data) => Visit(data, stream.Write);

    /// <summary>Adds the little-endian bytes of <paramref name="data"/> to <paramref name="hash"/>.</summary>
    public static void Hash(IncrementalHash hash, float[] data) => Visit(data, hash.AppendData);

    private delegate void ByteSink(ReadOnlySpan<byte> bytes);

    private static void Visit(float[] data, ByteSink sink)
    {
        int[]? swapped = BitConverter.IsLittleEndian ? null : new int[Math.Min(ChunkFloats, data.Length)];
        for (int start = 0; start < data.Length; start += ChunkFloats)
        {
            ReadOnlySpan<float> chunk = data.AsSpan(start, Math.Min(ChunkFloats, data.Length - start));
            if (swapped is null)
            {
                sink(MemoryMarshal.AsBytes(chunk));
                continue;
            }
            Span<int> bits = swapped.AsSpan(0, chunk.Length);
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(chunk), bits);
            sink(MemoryMarshal.AsBytes(bits));
        }
    }
}
