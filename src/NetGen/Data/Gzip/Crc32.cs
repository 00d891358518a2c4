using System;

namespace NetGen.Data;

/// <summary>
/// The CRC-32 of gzip, zlib and PNG (ISO 3309, reflected polynomial 0xEDB88320; RFC 1952 §8 gives the reference
/// code this follows). <c>Crc32.Of("123456789")</c> is <c>0xCBF43926</c>.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The value to start from, and to end with by XOR (<see cref="Finish"/>).</summary>
    public const uint Start = 0xFFFFFFFFu;

    /// <summary>Feeds <paramref name="data"/> into a running CRC started at <see cref="Start"/>.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] table = Table;
        foreach (byte b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return crc;
    }

    /// <summary>The CRC of everything fed in so far.</summary>
    public static uint Finish(uint crc) => crc ^ Start;

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
