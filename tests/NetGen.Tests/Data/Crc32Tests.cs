using System;
using System.Text;
using NetGen.Data;
using Xunit;

namespace NetGen.Tests.Data;

public class Crc32Tests
{
    private static uint Of(byte[] data) => Crc32.Finish(Crc32.Update(Crc32.Start, data));

    // Check values published with the algorithm (the CRC catalogue's "123456789" check, zlib's and Python's zlib.crc32).
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Crc32_KnownStrings_GiveThePublishedValues(string text, uint expected)
    {
        Assert.Equal(expected, Of(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Crc32_FedInPiecesOfAnySize_MatchesTheByteAtATimeDefinition()
    {
        var random = new System.Random(3);
        var data = new byte[10_007];
        random.NextBytes(data);

        // The bitwise definition (RFC 1952 §8 without its table): the reference the sliced tables must agree with.
        uint naive = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            naive ^= b;
            for (int k = 0; k < 8; k++)
            {
                naive = (naive & 1) != 0 ? 0xEDB88320u ^ (naive >> 1) : naive >> 1;
            }
        }

        uint crc = Crc32.Start;
        for (int at = 0; at < data.Length;)
        {
            int n = Math.Min(random.Next(0, 20), data.Length - at);
            crc = Crc32.Update(crc, data.AsSpan(at, n));
            at += n;
        }
        Assert.Equal(naive ^ 0xFFFFFFFFu, Crc32.Finish(crc));
        Assert.Equal(naive ^ 0xFFFFFFFFu, Of(data));
    }
}
