using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using NetGen.Checkpoints;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Checkpoints;

/// <summary>The data checksum, the order of the checks, and tensors larger than one chunk.</summary>
public sealed class CheckpointIntegrityTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Save_RecordsTheSha256OfTheDataSection()
    {
        string path = _folder.PathOf("every.safetensors");
        var net = new EveryLayerNet(1);
        NetworkState.Train(net);
        Checkpoint.Save(path, net);

        // The reference: SHA-256 of every byte after the header, computed from the raw file.
        byte[] bytes = File.ReadAllBytes(path);
        int data = 8 + (int)BitConverter.ToUInt64(bytes, 0);
        string expected = Convert.ToHexString(SHA256.HashData(bytes.AsSpan(data))).ToLowerInvariant();
        Assert.Equal(expected, Checkpoint.ReadMetadata(path)[CheckpointMetadataKeys.DataSha256]);
    }

    [Fact]
    public void Extras_CannotSetTheChecksumKey()
    {
        var e = Assert.Throws<ArgumentException>(() => new CheckpointExtras().SetMetadata(CheckpointMetadataKeys.DataSha256, new string('0', 64)));
        Assert.Contains("written by Checkpoint.Save itself", e.Message);
    }

    [Theory]
    [InlineData(0, 0x01)]   // the first byte of the first tensor
    [InlineData(-1, 0x80)]  // the last byte of the file
    [InlineData(-700, 0x04)]
    public void Load_OneFlippedBitInTheData_IsAnError_AndChangesNothing(int offset, byte bit)
    {
        string path = _folder.PathOf("every.safetensors");
        Checkpoint.Save(path, new EveryLayerNet(1));
        byte[] bytes = File.ReadAllBytes(path);
        int data = 8 + (int)BitConverter.ToUInt64(bytes, 0);
        bytes[offset >= 0 ? data + offset : bytes.Length + offset] ^= bit;
        File.WriteAllBytes(path, bytes);

        var net = new EveryLayerNet(2);
        NetworkState.Train(net);
        NetworkState before = NetworkState.Of(net);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, net));
        Assert.Contains(path, e.Message);
        Assert.Contains("the checkpoint's data is corrupt", e.Message);
        before.AssertSame(net);
        Assert.Throws<InvalidDataException>(() => SafetensorsReader.Read(path));
    }

    [Fact]
    public void Load_AFileWithoutAChecksum_FromAnotherTool_StillLoads()
    {
        string path = _folder.PathOf("torch.safetensors");
        string header = "{\"__metadata__\":{\"format\":\"pt\"}," +
            "\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},\"fc1.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}}";
        File.WriteAllBytes(path, RawFiles.Build(header, RawFiles.Floats(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 })));

        var net = new LinearRegressor(2);
        Checkpoint.Load(path, net, requireSameArchitecture: false);

        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, net.Fc1Weight.ToArray());
        Assert.Equal(new float[] { 7, 8 }, net.Fc1Bias.ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("838E6339EDEDDD295FB9250FB493EC8426D74811E13B0B7871072A485B0A0760")] // upper case: not what NetGen writes
    [InlineData("838e6339ededdd295fb9250fb493ec8426d74811e13b0b7871072a485b0a07600")]
    public void Load_MalformedChecksum_IsAnErrorNamingTheKey(string checksum)
    {
        string path = _folder.PathOf("bad.safetensors");
        string header = $"{{\"__metadata__\":{{\"netgen.data_sha256\":\"{checksum}\"}}," +
            "\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},\"fc1.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}}";
        File.WriteAllBytes(path, RawFiles.Build(header, RawFiles.Floats(new float[8])));

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, new LinearRegressor(1), requireSameArchitecture: false));
        Assert.Contains("netgen.data_sha256", e.Message);
        Assert.Contains("64 lower-case hex digits", e.Message);
    }

    [Fact]
    public void Load_OfAnotherArchitecture_SaysSo_BeforeReadingTheData()
    {
        // The data is corrupt too; the architecture error comes first, so the data was not read or verified.
        string path = _folder.PathOf("mlp.safetensors");
        Checkpoint.Save(path, new DigitsMlp(1));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, new EveryLayerNet(1)));
        Assert.Contains("architecture hash", e.Message);
    }

    [Fact]
    public void Load_MissingTensor_IsReported_BeforeReadingTheData()
    {
        string path = _folder.PathOf("partial.safetensors");
        string header = "{\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}," +
            "\"__metadata__\":{\"netgen.data_sha256\":\"0000000000000000000000000000000000000000000000000000000000000000\"}}";
        File.WriteAllBytes(path, RawFiles.Build(header, RawFiles.Floats(new float[8])));

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, new LinearRegressor(1), requireSameArchitecture: false));
        Assert.Contains("parameter 'fc1.bias' (2,) of LinearRegressor is missing", e.Message);
    }

    [Fact]
    public void Tensors_LargerThanOneChunk_RoundTripExactly_WithTheirChecksum()
    {
        // Chunked IO keeps every span small, so 2 GiB tensors work: test the chunk seams at a size the machine can hold.
        int length = TensorBytes.ChunkFloats * 2 + 5;
        var values = new float[length];
        var random = new System.Random(3);
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)random.NextDouble() - 0.5f;
        }
        string path = _folder.PathOf("big.safetensors");
        var net = new LinearRegressor(1);
        Checkpoint.Save(path, net, new CheckpointExtras().AddTensor("extra.big", values));

        CheckpointContents contents = Checkpoint.Load(path, new LinearRegressor(2));

        Assert.Equal(values, contents.ExtraTensors["extra.big"].Data);
        byte[] bytes = File.ReadAllBytes(path);
        int data = 8 + (int)BitConverter.ToUInt64(bytes, 0);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes.AsSpan(data))).ToLowerInvariant(), contents.Metadata[CheckpointMetadataKeys.DataSha256]);
    }

    [LargeMemoryFact]
    public void Tensor_OfMoreThan2GiB_RoundTrips()
    {
        int length = (1 << 29) + 3; // 2 GiB + 12 bytes: one MemoryMarshal.AsBytes over it overflowed an int
        var values = new float[length];
        values[0] = 1.5f;
        values[length / 2] = -2.25f;
        values[^1] = 3.75f;
        string path = _folder.PathOf("huge.safetensors");
        using (var stream = File.Create(path))
        {
            SafetensorsWriter.Write(stream, new[] { new CheckpointTensor("huge", values, new[] { length }) });
        }
        values = null!;
        GC.Collect();

        float[] read = SafetensorsReader.Read(path).Tensors.Single().Data;

        Assert.Equal(length, read.Length);
        Assert.Equal(1.5f, read[0]);
        Assert.Equal(-2.25f, read[length / 2]);
        Assert.Equal(3.75f, read[^1]);
        Assert.Equal(0f, read[12345]);
    }

    [Fact]
    public void Load_MalformedRandomState_NamesTheKeys_WithoutOverflowException()
    {
        string path = _folder.PathOf("random.safetensors");
        string header = "{\"__metadata__\":{\"netgen.random_seed\":\"99999999999999999999\",\"netgen.random_step\":\"1\"}," +
            "\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},\"fc1.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}}";
        File.WriteAllBytes(path, RawFiles.Build(header, RawFiles.Floats(new float[8])));

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, new LinearRegressor(1), requireSameArchitecture: false));
        Assert.Contains("netgen.random_seed", e.Message);
    }
}

/// <summary>
/// A test that needs about 5 GiB of memory and disk: skipped unless the environment variable NETGEN_LARGE_TESTS is 1,
/// so that it runs where a machine has room (it ran on the author's) and reports "skipped" elsewhere.
/// </summary>
public sealed class LargeMemoryFactAttribute : FactAttribute
{
    public LargeMemoryFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("NETGEN_LARGE_TESTS") != "1")
        {
            Skip = "needs about 5 GiB of memory and disk; set NETGEN_LARGE_TESTS=1 to run it";
        }
    }
}
