using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using NetGen.Checkpoints;
using NetGen.Tests.Behaviour;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Checkpoints;

public sealed class CheckpointRoundTripTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(nameof(EveryLayerNet))]
    [InlineData(nameof(MnistCnn))]
    [InlineData(nameof(DigitsMlp))]
    public void Load_IntoNetworkWithAnotherSeed_RestoresParametersBuffersRandomStateAndOutputsBitForBit(string name)
    {
        INetwork saved = TestNetworks.Create(name, seed: 11);
        NetworkState.Train(saved);
        string path = _folder.PathOf("net.safetensors");
        Checkpoint.Save(path, saved);

        INetwork loaded = TestNetworks.Create(name, seed: 99);
        Assert.False(StateSnapshot.Bits(saved.Parameters).AsSpan().SequenceEqual(StateSnapshot.Bits(loaded.Parameters)));
        Checkpoint.Load(path, loaded);

        NetworkState.Of(saved).AssertSame(loaded);
        float[] input = NetworkState.Input(saved, batch: 3, seed: 7);
        Assert.Equal(NetworkState.OutputBits(saved, input), NetworkState.OutputBits(loaded, input));
        Assert.Empty(_folder.TemporaryFiles());
    }

    [Fact]
    public void Save_WritesEveryParameterThenEveryBuffer_UnderPyTorchNamesAndShapes_WithNetGenMetadata()
    {
        var net = new EveryLayerNet(4);
        INetwork inet = net;
        string path = _folder.PathOf("every.safetensors");
        Checkpoint.Save(path, net);

        SafetensorsFile file = SafetensorsReader.Read(path);
        TensorInfo[] expected = inet.ParameterTensors.Concat(inet.BufferTensors).ToArray();
        Assert.Equal(expected.Select(t => t.Name), file.Tensors.Select(t => t.Name));
        Assert.Contains(file.Tensors, t => t.Name == "bn1.running_mean");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Shape.ToArray(), file.Tensors[i].Shape.ToArray());
        }
        Assert.Equal(new[] { 4, 2, 3, 5 }, file.Tensors[0].Shape.ToArray());

        string version = typeof(Checkpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        IReadOnlyDictionary<string, string> metadata = Checkpoint.ReadMetadata(path);
        Assert.Equal("pt", metadata["format"]);
        Assert.Equal(version, metadata["netgen.version"]);
        Assert.Equal(EveryLayerNet.ArchitectureHash, metadata["netgen.architecture"]);
        Assert.Equal(typeof(EveryLayerNet).FullName, metadata["netgen.network"]);
        Assert.Equal("4", metadata["netgen.random_seed"]);
        Assert.Equal("0", metadata["netgen.random_step"]);
        Assert.Equal(metadata, file.Metadata);
    }

    [Fact]
    public void Save_FileLayout_IsLengthThenSpacePaddedJsonThenPackedLittleEndianFloats()
    {
        var net = new DigitsMlp(2);
        string path = _folder.PathOf("digits.safetensors");
        Checkpoint.Save(path, net);
        byte[] bytes = File.ReadAllBytes(path);

        long n = BitConverter.ToInt64(bytes, 0);
        Assert.Equal(0, n % 8);
        Assert.Equal((byte)'{', bytes[8]);
        string json = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.EndsWith("}", json.TrimEnd(' '));
        Assert.Equal(8 + n + 4L * DigitsMlp.ParameterCount, bytes.Length);

        // fc1.weight is first, so the data section starts with the parameter arena's first floats.
        ReadOnlySpan<float> arena = ((INetwork)net).Parameters;
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(arena[i], BitConverter.ToSingle(bytes, (int)(8 + n + 4 * i)));
        }
        Assert.Contains("\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[128,64],\"data_offsets\":[0,32768]}", json);
    }

    [Fact]
    public void Extras_RoundTrip_WithShapesValuesAndMetadata()
    {
        var net = new DigitsMlp(3);
        float[] moments = Enumerable.Range(0, DigitsMlp.ParameterCount).Select(i => MathF.Sin(i) * 1e-3f).ToArray();
        var extras = new CheckpointExtras()
            .AddTensor("optimizer.exp_avg", moments)
            .AddTensor("trainer.grid", new float[] { 1, 2, 3, 4, 5, 6 }, new[] { 2, 3 })
            .AddTensor("trainer.scalar", new[] { 3.5f }, ReadOnlySpan<int>.Empty)
            .SetMetadata("trainer.state", "{\"epoch\":3,\"lr\":0.01}");
        string path = _folder.PathOf("extras.safetensors");
        Checkpoint.Save(path, net, extras);

        CheckpointContents contents = Checkpoint.Load(path, new DigitsMlp(8));

        Assert.Equal(new[] { "optimizer.exp_avg", "trainer.grid", "trainer.scalar" }, contents.ExtraTensors.Keys);
        CheckpointTensor exp = contents.ExtraTensors["optimizer.exp_avg"];
        Assert.Equal(new[] { DigitsMlp.ParameterCount }, exp.Shape.ToArray());
        Assert.Equal(StateSnapshot.Bits(moments), StateSnapshot.Bits(exp.Data));
        Assert.Equal(new[] { 2, 3 }, contents.ExtraTensors["trainer.grid"].Shape.ToArray());
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, contents.ExtraTensors["trainer.grid"].Data);
        Assert.Empty(contents.ExtraTensors["trainer.scalar"].Shape.ToArray());
        Assert.Equal(new[] { 3.5f }, contents.ExtraTensors["trainer.scalar"].Data);
        Assert.Equal("{\"epoch\":3,\"lr\":0.01}", contents.Metadata["trainer.state"]);
        Assert.Equal(DigitsMlp.ArchitectureHash, contents.ArchitectureHash);
    }

    [Fact]
    public void Extras_CopyTheirDataWhenAdded()
    {
        float[] buffer = { 1, 2, 3 };
        var extras = new CheckpointExtras().AddTensor("trainer.x", buffer);
        buffer[0] = 42;
        Assert.Equal(new float[] { 1, 2, 3 }, extras.Tensors[0].Data);
    }

    [Fact]
    public void Extras_ReservedMetadataKeyOrDuplicateTensor_Throw()
    {
        var extras = new CheckpointExtras().AddTensor("trainer.x", new float[] { 1 });
        Assert.Throws<ArgumentException>(() => extras.SetMetadata("netgen.architecture", "x"));
        Assert.Throws<ArgumentException>(() => extras.SetMetadata("format", "x"));
        Assert.Throws<ArgumentException>(() => extras.AddTensor("trainer.x", new float[] { 2 }));
        Assert.Throws<ArgumentException>(() => extras.AddTensor("trainer.y", new float[] { 2, 3 }, new[] { 3 }));
    }

    [Fact]
    public void Save_ExtraNamedLikeANetworkTensor_Throws_AndWritesNothing()
    {
        string path = _folder.PathOf("clash.safetensors");
        var extras = new CheckpointExtras().AddTensor("fc1.bias", new float[128]);
        var e = Assert.Throws<ArgumentException>(() => Checkpoint.Save(path, new DigitsMlp(1), extras));
        Assert.Contains("fc1.bias", e.Message);
        Assert.False(File.Exists(path));
        Assert.Empty(_folder.TemporaryFiles());
    }

    [Fact]
    public void Load_FileWithoutNetGenMetadata_KeysInAnotherOrder_LoadsByNameWhenArchitectureCheckIsOff()
    {
        // As PyTorch's safetensors might write it: no NetGen metadata, keys not in data order.
        var source = new LinearRegressor(5);
        INetwork inet = source;
        float[] weight = source.Fc1Weight.ToArray();
        float[] bias = source.Fc1Bias.ToArray();
        string path = _folder.PathOf("foreign.safetensors");
        File.WriteAllBytes(path, RawFiles.Build(
            "{\"fc1.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}," +
            "\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}",
            RawFiles.Floats(weight.Concat(bias).ToArray())));

        var target = new LinearRegressor(6);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, target));
        Assert.Contains("netgen.architecture", e.Message);
        Assert.Contains("requireSameArchitecture: false", e.Message);

        CheckpointContents contents = Checkpoint.Load(path, target, requireSameArchitecture: false);
        Assert.Equal(StateSnapshot.Bits(inet.Parameters), StateSnapshot.Bits(((INetwork)target).Parameters));
        Assert.Empty(contents.ExtraTensors);
        Assert.Null(contents.ArchitectureHash);
        Assert.Equal(new NetworkRandomState(6, 0), ((INetwork)target).RandomState);
    }
}
