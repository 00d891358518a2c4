using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using NetGen.Optimizers;
using NetGen.Random;
using NetGen.Tests.Behaviour;
using NetGen.Training;
using Xunit;

namespace NetGen.Tests.Training;

/// <summary>
/// Every piece of state a <see cref="Trainer.LoadCheckpoint"/> may change, read through public members: the network's
/// parameters, buffers, gradients and random state; the optimizer's step count, rate and state tensors; the schedule's
/// state; the augmentation's generator; and, for the trainer's private counters and generator, the SHA-256 of the
/// training checkpoint it writes (whose bytes are a function of that state).
/// </summary>
internal sealed class TrainerSnapshot
{
    private readonly List<string> _parts = new();

    private TrainerSnapshot(Trainer trainer, string scratch)
    {
        INetwork net = trainer.Network;
        Add("parameters", StateSnapshot.Bits(net.Parameters));
        Add("buffers", StateSnapshot.Bits(net.Buffers));
        Add("gradients", StateSnapshot.Bits(net.Gradients));
        _parts.Add($"random {net.RandomState}");
        Optimizer optimizer = trainer.Optimizer;
        _parts.Add($"optimizer step {optimizer.StepCount} rate {BitConverter.SingleToInt32Bits(optimizer.LearningRate)}");
        foreach (OptimizerStateTensor tensor in optimizer.StateTensors)
        {
            Add("optimizer." + tensor.Name, StateSnapshot.Bits(tensor.Values));
        }
        if (trainer.Options.Schedule is { } schedule)
        {
            _parts.AddRange(schedule.SaveState().OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => $"schedule {e.Key} {BitConverter.DoubleToInt64Bits(e.Value)}"));
        }
        if (trainer.Options.Augmentation is IRandomized randomized)
        {
            _parts.Add($"augmentation {randomized.RandomState}");
        }
        _parts.Add($"best epoch {trainer.BestEpoch}");
        trainer.SaveCheckpoint(scratch);
        _parts.Add("checkpoint " + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(scratch))));
        File.Delete(scratch);
    }

    /// <summary>Records the state of <paramref name="trainer"/>, using <paramref name="scratch"/> as a temporary file.</summary>
    public static TrainerSnapshot Of(Trainer trainer, string scratch) => new(trainer, scratch);

    /// <summary>Asserts that every part equals the other snapshot's, naming the first that differs.</summary>
    public void AssertSame(TrainerSnapshot other)
    {
        Assert.Equal(_parts.Count, other._parts.Count);
        for (int i = 0; i < _parts.Count; i++)
        {
            Assert.True(_parts[i] == other._parts[i], $"State changed: '{Head(_parts[i])}' became '{Head(other._parts[i])}'");
        }
    }

    private void Add(string name, int[] bits) =>
        _parts.Add($"{name} {Convert.ToHexString(SHA256.HashData(bits.SelectMany(BitConverter.GetBytes).ToArray()))}");

    private static string Head(string part) => part.Length <= 120 ? part : part.Substring(0, 120);
}
