using System;
using System.IO;
using NetGen.Checkpoints;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Checkpoints;

/// <summary>
/// Every way a file can break the format: each load throws <see cref="InvalidDataException"/> naming the file and the
/// problem, and leaves the target network bit-identical.
/// </summary>
public sealed class CheckpointCorruptionTests : IDisposable
{
    // LinearRegressor's two tensors, written by hand: fc1.weight (2, 3) at [0, 24], fc1.bias (2,) at [24, 32].
    private const string Weight = "\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}";
    private const string Bias = "\"fc1.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Metadata => $"\"__metadata__\":{{\"netgen.architecture\":\"{LinearRegressor.ArchitectureHash}\"}}";

    [Fact]
    public void HandWrittenFile_IsValid_SoEachCorruptionBelowIsTheOnlyFault()
    {
        string path = Write("{" + Metadata + "," + Weight + "," + Bias + "}", 32);
        var net = new LinearRegressor(1);
        Checkpoint.Load(path, net);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, net.Fc1Weight.ToArray());
        Assert.Equal(new float[] { 7, 8 }, net.Fc1Bias.ToArray());
    }

    [Theory]
    [InlineData("{" + Weight + ",\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}}", 32, "names 'fc1.weight' twice")]
    [InlineData("{" + Weight + "," + Bias, 32, "not valid JSON")]
    [InlineData("{" + Weight + "," + Bias + "} x", 32, "not valid JSON")]
    [InlineData("", 32, "not valid JSON")]
    [InlineData("[1, 2]", 32, "not an object")]
    [InlineData("{\"fc1.weight\":[0, 24]," + Bias + "}", 32, "entry of tensor 'fc1.weight' is a JSON Array")]
    [InlineData("{\"fc1.weight\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[0,12]}," + Bias + "}", 32, "dtype 'F16' but NetGen reads only F32")]
    [InlineData("{\"fc1.weight\":{\"dtype\":\"I64\",\"shape\":[2,3],\"data_offsets\":[0,48]}," + Bias + "}", 32, "dtype 'I64'")]
    [InlineData("{\"fc1.weight\":{\"shape\":[2,3],\"data_offsets\":[0,24]}," + Bias + "}", 32, "has no 'dtype'")]
    [InlineData("{\"fc1.weight\":{\"dtype\":\"F32\",\"data_offsets\":[0,24]}," + Bias + "}", 32, "has no 'shape'")]
    [InlineData("{\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[2,3]}," + Bias + "}", 32, "has no 'data_offsets'")]
    [InlineData("{\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0]}," + Bias + "}", 32, "not 2 (begin and end)")]
    [InlineData("{\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[-2,3],\"data_offsets\":[0,24]}," + Bias + "}", 32, "dimension 0 of tensor 'fc1.weight' is -2")]
    [InlineData("{\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[2,3.5],\"data_offsets\":[0,24]}," + Bias + "}", 32, "dimension 1 of tensor 'fc1.weight' is 3.5")]
    [InlineData("{\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,24]}," + Bias + "}", 32, "needs 16 bytes of F32")]
    [InlineData("{\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,-24]}," + Bias + "}", 32, "not a whole number of bytes")]
    [InlineData("{\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[24,0]},\"fc1.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 32, "unordered")]
    [InlineData("{" + Weight + ",\"fc1.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[20,28]}}", 28, "'fc1.weight' [0, 24] and 'fc1.bias' [20, 28] overlap")]
    [InlineData("{" + Weight + ",\"fc1.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[28,36]}}", 36, "gap of 4 bytes before tensor 'fc1.bias'")]
    [InlineData("{" + Weight + ",\"fc1.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}}", 28, "'fc1.bias' has data_offsets [24, 32] beyond the end of the 28-byte data section")]
    [InlineData("{" + Weight + "," + Bias + "}", 36, "4 bytes at its end belong to no tensor")]
    [InlineData("{\"__metadata__\":{\"netgen.architecture\":1}," + Weight + "," + Bias + "}", 32, "metadata values must be strings")]
    [InlineData("{\"__metadata__\":[]," + Weight + "," + Bias + "}", 32, "not an object of strings")]
    [InlineData("{\"fc1.weight\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[0,24]}," + Bias + "}", 32, "the entry of tensor 'fc1.weight' names 'dtype' twice")]
    [InlineData("{\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"shape\":[3,2],\"data_offsets\":[0,24]}," + Bias + "}", 32, "names 'shape' twice")]
    [InlineData("{" + Weight + ",\"fc1.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32],\"data_offsets\":[0,8]}}", 32, "names 'data_offsets' twice")]
    public void Load_MalformedHeader_ThrowsNamingTheProblem_AndLeavesTheNetworkUnchanged(string header, int dataBytes, string problem)
    {
        string path = Write(header, dataBytes);
        AssertRejected(path, problem);
    }

    [Theory]
    [InlineData(0, "the file is 0 bytes long")]
    [InlineData(5, "the file is 5 bytes long")]
    [InlineData(8, "but only 0 bytes follow it")]
    [InlineData(-2, "beyond the end")] // 8 + N + 8: inside the data section
    [InlineData(-1, "beyond the end")] // one byte short
    [InlineData(-3, "but only")] // in the middle of the header
    [InlineData(-4, "beyond the end")] // right after the header
    public void Load_TruncatedFile_ThrowsNamingTheProblem_AndLeavesTheNetworkUnchanged(int cut, string problem)
    {
        string path = _folder.PathOf("every.safetensors");
        Checkpoint.Save(path, new EveryLayerNet(1));
        byte[] bytes = File.ReadAllBytes(path);
        int n = (int)BitConverter.ToInt64(bytes, 0);
        int length = cut switch
        {
            -1 => bytes.Length - 1,
            -2 => 8 + n + 8,
            -3 => 8 + n / 2,
            -4 => 8 + n,
            _ => cut,
        };
        File.WriteAllBytes(path, bytes.AsSpan(0, length).ToArray());
        AssertRejected(path, problem, new EveryLayerNet(2));
    }

    [Theory]
    [InlineData(7, 0x40, "more than the 100000000-byte limit")] // the top byte set: an absurd length
    [InlineData(3, 0x01, "but only")] // 16 MB + N: within the limit, beyond the file
    [InlineData(0, 0x08, "not valid JSON")] // N +/- 8: the header ends in the wrong place
    public void Load_CorruptHeaderLength_ThrowsNamingTheProblem_AndLeavesTheNetworkUnchanged(int index, byte flip, string problem)
    {
        string path = _folder.PathOf("every.safetensors");
        Checkpoint.Save(path, new EveryLayerNet(1));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[index] ^= flip;
        File.WriteAllBytes(path, bytes);
        AssertRejected(path, problem, new EveryLayerNet(2));
    }

    private string Write(string header, int dataBytes)
    {
        var values = new float[dataBytes / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i + 1;
        }
        string path = _folder.PathOf("hand.safetensors");
        File.WriteAllBytes(path, RawFiles.Build(header, RawFiles.Floats(values)));
        return path;
    }

    private static void AssertRejected(string path, string problem, INetwork? net = null)
    {
        net ??= new LinearRegressor(1);
        NetworkState.Train(net);
        NetworkState before = NetworkState.Of(net);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, net));
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
        before.AssertSame(net);
        Assert.Throws<InvalidDataException>(() => Checkpoint.ReadMetadata(path));
    }
}
