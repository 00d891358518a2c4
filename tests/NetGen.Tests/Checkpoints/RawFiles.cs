using System;
using System.Text;

namespace NetGen.Tests.Checkpoints;

/// <summary>Builds safetensors bytes by hand, so that tests can write any header, well-formed or not.</summary>
internal static class RawFiles
{
    /// <summary>An 8-byte little-endian length, <paramref name="header"/> as UTF-8 padded with spaces to 8 bytes, then <paramref name="data"/>.</summary>
    public static byte[] Build(string header, byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        int padded = (json.Length + 7) / 8 * 8;
        var bytes = new byte[8 + padded + data.Length];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), (ulong)padded);
        json.CopyTo(bytes, 8);
        bytes.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        data.CopyTo(bytes, 8 + padded);
        return bytes;
    }

    /// <summary>The little-endian bytes of <paramref name="values"/>.</summary>
    public static byte[] Floats(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(4 * i), values[i]);
        }
        return bytes;
    }
}
