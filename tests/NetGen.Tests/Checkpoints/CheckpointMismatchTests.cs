using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetGen.Checkpoints;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Checkpoints;

/// <summary>
/// Well-formed files that do not fit the network: another architecture, a missing tensor, another shape, NaN or
/// infinity. Each load throws naming the tensor or hashes, and leaves the network bit-identical.
/// </summary>
public sealed class CheckpointMismatchTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_AnotherArchitecture_ThrowsNamingBothHashes_AndLeavesTheNetworkUnchanged()
    {
        string path = _folder.PathOf("digits.safetensors");
        Checkpoint.Save(path, new DigitsMlp(1));
        var iris = new IrisMlp(2);

        string message = AssertRejected(path, iris, requireSameArchitecture: true);

        Assert.Contains(DigitsMlp.ArchitectureHash, message);
        Assert.Contains(IrisMlp.ArchitectureHash, message);
        Assert.Contains(typeof(DigitsMlp).FullName!, message);
        Assert.Contains("requireSameArchitecture: false", message);
    }

    [Fact]
    public void Load_AnotherArchitecture_WithoutTheHashCheck_ThrowsNamingTheTensorAndBothShapes()
    {
        string path = _folder.PathOf("digits.safetensors");
        Checkpoint.Save(path, new DigitsMlp(1));

        string message = AssertRejected(path, new IrisMlp(2), requireSameArchitecture: false);

        Assert.Contains("'fc1.weight'", message);
        Assert.Contains("(128, 64)", message);
        Assert.Contains("(16, 4)", message);
    }

    [Fact]
    public void Load_MissingTensor_ThrowsNamingIt()
    {
        string path = Rewrite(new DigitsMlp(1), tensors => tensors.Where(t => t.Name != "fc2.bias").ToList());

        string message = AssertRejected(path, new DigitsMlp(2));

        Assert.Contains("parameter 'fc2.bias' (10,)", message);
        Assert.Contains("missing", message);
    }

    [Fact]
    public void Load_MissingBuffer_ThrowsNamingIt()
    {
        string path = Rewrite(new EveryLayerNet(1), tensors => tensors.Where(t => t.Name != "bn2.running_var").ToList());

        string message = AssertRejected(path, new EveryLayerNet(2));

        Assert.Contains("buffer 'bn2.running_var' (6,)", message);
    }

    [Fact]
    public void Load_NaNInAParameter_ThrowsNamingTheTensorAndIndex()
    {
        string path = Rewrite(new DigitsMlp(1), tensors =>
        {
            tensors.Single(t => t.Name == "fc1.weight").Data[64 * 2 + 17] = float.NaN;
            return tensors;
        });

        string message = AssertRejected(path, new DigitsMlp(2));

        Assert.Contains("'fc1.weight' holds NaN at [2, 17] (flat index 145)", message);
    }

    [Fact]
    public void Load_InfinityInABuffer_ThrowsNamingTheTensorAndIndex()
    {
        string path = Rewrite(new EveryLayerNet(1), tensors =>
        {
            tensors.Single(t => t.Name == "bn1.running_var").Data[3] = float.PositiveInfinity;
            return tensors;
        });

        string message = AssertRejected(path, new EveryLayerNet(2));

        Assert.Contains("'bn1.running_var' holds", message);
        Assert.Contains("at [3] (flat index 3)", message);
    }

    [Fact]
    public void Load_CorruptRandomState_Throws()
    {
        string path = Rewrite(new DigitsMlp(1), tensors => tensors, ("netgen.random_step", "-1"));

        string message = AssertRejected(path, new DigitsMlp(2));

        Assert.Contains("netgen.random_step", message);
    }

    [Fact]
    public void Save_NonFiniteParameter_Throws_AndLeavesTheOldCheckpoint()
    {
        string path = _folder.PathOf("digits.safetensors");
        var good = new DigitsMlp(1);
        Checkpoint.Save(path, good);
        byte[] before = File.ReadAllBytes(path);

        var diverged = new DigitsMlp(2);
        diverged.Fc2Bias[4] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => Checkpoint.Save(path, diverged));

        Assert.Contains("fc2.bias[4]", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(_folder.TemporaryFiles());
    }

    /// <summary>Saves <paramref name="net"/>, then rewrites the file with edited tensors and extra metadata.</summary>
    private string Rewrite(INetwork net, Func<List<CheckpointTensor>, List<CheckpointTensor>> edit, params (string Key, string Value)[] metadata)
    {
        string path = _folder.PathOf("edited.safetensors");
        Checkpoint.Save(path, net);
        SafetensorsFile file = SafetensorsReader.Read(path);
        // The edit changes the data, so the recorded checksum would catch it first: drop it, as another tool's file has none.
        var merged = new Dictionary<string, string>(file.Metadata);
        merged.Remove(CheckpointMetadataKeys.DataSha256);
        foreach ((string key, string value) in metadata)
        {
            merged[key] = value;
        }
        List<CheckpointTensor> tensors = edit(file.Tensors.ToList());
        using (var stream = File.Create(path))
        {
            SafetensorsWriter.Write(stream, tensors, merged);
        }
        return path;
    }

    private static string AssertRejected(string path, INetwork net, bool requireSameArchitecture = true)
    {
        NetworkState.Train(net);
        NetworkState before = NetworkState.Of(net);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, net, requireSameArchitecture));
        Assert.Contains(path, e.Message);
        before.AssertSame(net);
        return e.Message;
    }
}
