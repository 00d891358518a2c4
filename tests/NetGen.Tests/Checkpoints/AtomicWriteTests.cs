using System;
using System.Collections.Generic;
using System.IO;
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
}
