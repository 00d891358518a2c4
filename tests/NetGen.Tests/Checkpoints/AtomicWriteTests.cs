using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NetGen.Checkpoints;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Checkpoints;

public sealed class AtomicWriteTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(100)]
    [InlineData(1_000)]
    [InlineData(-1)] // every byte but the last
    public void CrashMidWrite_LeavesTheOldCheckpointLoadable_AndNoTemporaryFile(int crashAfter)
    {
        string path = _folder.PathOf("every.safetensors");
        var old = new EveryLayerNet(1);
        NetworkState.Train(old);
        Checkpoint.Save(path, old);
        byte[] before = File.ReadAllBytes(path);

        // The same bytes Checkpoint.Save would write for another network, through a stream that fails midway.
        string other = _folder.PathOf("other.safetensors");
        Checkpoint.Save(other, new EveryLayerNet(2));
        SafetensorsFile replacement = SafetensorsReader.Read(other);
        long limit = crashAfter >= 0 ? crashAfter : new FileInfo(other).Length - 1;
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
            SafetensorsWriter.Write(new FailingStream(stream, limit), replacement.Tensors, replacement.Metadata)));

        Assert.Equal(before, File.ReadAllBytes(path));
        var loaded = new EveryLayerNet(3);
        Checkpoint.Load(path, loaded);
        NetworkState.Of(old).AssertSame(loaded);
        Assert.Empty(_folder.TemporaryFiles());
    }

    [Fact]
    public void Write_ReplacesTheFileWhole_AndLeavesNoTemporaryFile()
    {
        string path = _folder.PathOf("data.bin");
        File.WriteAllBytes(path, new byte[] { 1, 2, 3, 4, 5 });
        AtomicFile.Write(path, stream => stream.Write(new byte[] { 9, 8 }));
        Assert.Equal(new byte[] { 9, 8 }, File.ReadAllBytes(path));
        Assert.Empty(_folder.TemporaryFiles());
    }

    [Fact]
    public void Write_WritesToATemporaryFileBesideTheTarget()
    {
        string path = _folder.PathOf("data.bin");
        var seen = new List<string>();
        AtomicFile.Write(path, stream =>
        {
            seen.AddRange(_folder.TemporaryFiles());
            Assert.False(File.Exists(path));
        });
        string temporary = Assert.Single(seen);
        Assert.StartsWith(path + AtomicFile.TemporarySuffix, temporary);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Write_WhenTheWriterThrows_AndNoFileExisted_CreatesNothing()
    {
        string path = _folder.PathOf("never.bin");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[100]);
            throw new InvalidOperationException("writer failed");
        }));
        Assert.False(File.Exists(path));
        Assert.DoesNotContain(Directory.GetFiles(_folder.Root), f => f.Contains("never"));
    }

    [Fact]
    public void Write_RemovesTheTemporaryFilesOfKilledSaves_OfTheSameTarget_AndNothingElse()
    {
        // What 300 killed saves left behind (the issue counted 132 files), made by hand: old, named as AtomicFile names them.
        string path = _folder.PathOf("run.safetensors");
        DateTime old = DateTime.UtcNow - AtomicFile.StaleAfter - TimeSpan.FromMinutes(1);
        var random = new System.Random(1);
        for (int i = 0; i < 132; i++)
        {
            string stale = path + AtomicFile.TemporarySuffix + random.Next(0, 1 << 24).ToString("x6") + random.Next(0, 1 << 24).ToString("x6");
            File.WriteAllBytes(stale, new byte[1000]);
            File.SetLastWriteTimeUtc(stale, old);
        }
        string[] kept =
        {
            path + AtomicFile.TemporarySuffix + "0123456789ab",          // fresh: perhaps a live save
            path + AtomicFile.TemporarySuffix + "0123456789AB",          // not what AtomicFile names (upper case)
            path + AtomicFile.TemporarySuffix + "0123456789a",           // 11 digits
            path + AtomicFile.TemporarySuffix + "0123456789abc",         // 13 digits
            path + ".tmp-notes.txt",
            _folder.PathOf("other.safetensors") + AtomicFile.TemporarySuffix + "0123456789ab", // another target's
            _folder.PathOf("xrun.safetensors") + AtomicFile.TemporarySuffix + "0123456789ab",
        };
        foreach (string file in kept)
        {
            File.WriteAllBytes(file, new byte[10]);
            if (file != kept[0])
            {
                File.SetLastWriteTimeUtc(file, old);
            }
        }
        string locked = path + AtomicFile.TemporarySuffix + "fedcba987654"; // old, but held open by a live writer
        File.WriteAllBytes(locked, new byte[10]);
        File.SetLastWriteTimeUtc(locked, old);

        using (new FileStream(locked, FileMode.Open, FileAccess.Write, FileShare.None))
        {
            Checkpoint.Save(path, new LinearRegressor(1));
        }

        string[] left = Directory.GetFiles(_folder.Root).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        string[] expected = kept.Append(locked).Append(path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(expected, left);
    }

    [Theory]
    [InlineData(200, 'a')]   // fits with the suffix
    [InlineData(238, 'a')]   // 238 + 17 = 255: fits exactly
    [InlineData(239, 'a')]   // one byte too many: shortened
    [InlineData(255, 'a')]   // the longest name a file system takes
    [InlineData(85, 'é')]  // 2 bytes each: 170 bytes
    [InlineData(85, '€')]  // 3 bytes each: 255 bytes
    public void Write_ToALongFileName_KeepsTheTemporaryNameWithin255Bytes(int length, char c)
    {
        string name = new string(c, length);
        string path = _folder.PathOf(name);
        var seen = new List<string>();
        AtomicFile.Write(path, stream =>
        {
            seen.AddRange(_folder.TemporaryFiles());
            stream.WriteByte(7);
        });

        string temporary = Path.GetFileName(Assert.Single(seen));
        Assert.True(Encoding.UTF8.GetByteCount(temporary) <= 255, $"{Encoding.UTF8.GetByteCount(temporary)} bytes");
        Assert.StartsWith(AtomicFile.TemporaryPrefix(name), temporary);
        Assert.Equal(new byte[] { 7 }, File.ReadAllBytes(path));
    }

    [Fact]
    public void TemporaryPrefix_OfLongNames_NeverSplitsACharacter_AndTellsNamesWithACommonStartApart()
    {
        string emoji = string.Concat(Enumerable.Repeat("😀", 63)); // 63 surrogate pairs, 252 bytes
        string prefix = AtomicFile.TemporaryPrefix(emoji);
        Assert.True(Encoding.UTF8.GetByteCount(prefix) + 12 <= 255);
        Assert.False(char.IsHighSurrogate(prefix[prefix.IndexOf('~') - 1]), "a surrogate pair was split");

        string a = new string('a', 250) + "1", b = new string('a', 250) + "2";
        Assert.NotEqual(AtomicFile.TemporaryPrefix(a), AtomicFile.TemporaryPrefix(b));
        Assert.Equal("run.safetensors.tmp-", AtomicFile.TemporaryPrefix("run.safetensors"));
    }
}
