using System;
using System.IO;
using NetGen.Checkpoints;
using NetGen.Data;
using NetGen.Optimizers;
using NetGen.Training;
using Xunit;

namespace NetGen.Gpu.Tests;

/// <summary>The GPU network is an <see cref="INetwork"/>: the runtime's trainer and checkpoints drive it unchanged.</summary>
[Collection(GpuCollection.Name)]
public sealed class TrainerTests
{
    private readonly GpuDevice _device;

    public TrainerTests(GpuDeviceFixture fixture) => _device = fixture.Device;

    [Fact]
    public void Trainer_FitsTheGpuNetworkLikeTheCpuNetwork()
    {
        DataSet data = Blobs(96);
        var cpu = new GpuMlp(seed: 3);
        using var gpu = new GpuMlp.Gpu(_device, seed: 3);
        var options = new TrainerOptions { Epochs = 3, BatchSize = GpuMlp.MaxBatch, Seed = 5 };

        TrainingHistory expected = new Trainer(cpu, new Adam(0.02f), options).Fit(data);
        TrainingHistory actual = new Trainer(gpu, new Adam(0.02f), options).Fit(data);

        for (int epoch = 0; epoch < expected.Epochs.Count; epoch++)
        {
            Parity.Close(expected.Epochs[epoch].TrainLoss, actual.Epochs[epoch].TrainLoss, Parity.TrajectoryTolerance, $"epoch {epoch} loss");
        }
        Assert.True(actual.Last.TrainLoss < actual.Epochs[0].TrainLoss);
    }

    [Fact]
    public void Checkpoint_SavedFromTheGpuNetwork_LoadsIntoTheCpuNetwork_AndBack()
    {
        string path = Path.Combine(Path.GetTempPath(), $"netgen-gpu-{Guid.NewGuid():N}.safetensors");
        try
        {
            using var gpu = new GpuCnn.Gpu(_device, seed: 4);
            float[] input = Parity.RandomInputs(GpuCnn.MaxBatch * GpuCnn.InputSize, 1);
            float[] labels = Parity.RandomLabels(GpuCnn.MaxBatch, GpuCnn.OutputSize, 2);
            gpu.TrainStep(input, labels, GpuCnn.MaxBatch, new Sgd(0.1f));
            Checkpoint.Save(path, gpu);

            var cpu = new GpuCnn(seed: 99);
            Checkpoint.Load(path, cpu);
            Assert.Equal(gpu.Parameters.ToArray(), cpu.Parameters.ToArray());
            Assert.Equal(gpu.Buffers.ToArray(), cpu.Buffers.ToArray());

            using var restored = new GpuCnn.Gpu(_device, seed: 99);
            Checkpoint.Load(path, restored);
            var expected = new float[GpuCnn.MaxBatch * GpuCnn.OutputSize];
            var actual = new float[expected.Length];
            cpu.Forward(input, expected, GpuCnn.MaxBatch);
            restored.Forward(input, actual, GpuCnn.MaxBatch);
            Parity.Close(expected, actual, Parity.OutputTolerance, "outputs after loading");
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Four Gaussian blobs in 13 dimensions, one per class.
    private static DataSet Blobs(int count)
    {
        var random = new System.Random(8);
        var features = new float[count * GpuMlp.InputSize];
        var labels = new float[count];
        for (int i = 0; i < count; i++)
        {
            int label = i % GpuMlp.OutputSize;
            labels[i] = label;
            for (int f = 0; f < GpuMlp.InputSize; f++)
            {
                features[i * GpuMlp.InputSize + f] = (f % GpuMlp.OutputSize == label ? 1.5f : 0f) + (float)(random.NextDouble() - 0.5);
            }
        }
        return new DataSet(features, GpuMlp.InputSize, labels, 1, GpuMlp.OutputSize);
    }
}
