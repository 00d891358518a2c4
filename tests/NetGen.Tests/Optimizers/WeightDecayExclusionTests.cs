using System;
using NetGen.Optimizers;
using Xunit;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// <see cref="Optimizer.ExcludeFromWeightDecay(System.Collections.Generic.IReadOnlyList{TensorInfo}, bool, bool)"/>
/// as PyTorch's two parameter groups (decay / no decay): excluded tensors follow the reference with their decay term
/// removed element by element, every other element keeps it.
/// </summary>
public class WeightDecayExclusionTests
{
    // 37 floats: fc1.weight [0, 20), fc1.bias [20, 25), bn1.weight [25, 28), bn1.bias [28, 31), fc2.weight [31, 37).
    private static readonly TensorInfo[] s_tensors =
    {
        new("fc1.weight", 0, TensorRole.Weight, 5, 4),
        new("fc1.bias", 20, TensorRole.Bias, 5),
        new("bn1.weight", 25, TensorRole.NormalizationScale, 3),
        new("bn1.bias", 28, TensorRole.NormalizationShift, 3),
        new("fc2.weight", 31, TensorRole.Weight, 2, 3),
    };

    [Theory]
    [MemberData(nameof(OptimizerCases.DecayingNames), MemberType = typeof(OptimizerCases))]
    public void ExcludeFromWeightDecay_BiasesAndNormalization_GetNoDecay(string name)
    {
        OptimizerCase c = OptimizerCases.Get(name);
        Optimizer optimizer = c.Create();
        optimizer.ExcludeFromWeightDecay(s_tensors);

        OptimizerTrajectory.MatchesReference(c, optimizer, 37, 12, Mask(37, (20, 31)));
    }

    [Theory]
    [MemberData(nameof(OptimizerCases.DecayingNames), MemberType = typeof(OptimizerCases))]
    public void ExcludeFromWeightDecay_ByPredicate_ExcludesRangesAtBothEndsOfTheArena(string name)
    {
        // Weights excluded instead: excluded segments at offset 0 and at the end of the arena, decayed ones between.
        OptimizerCase c = OptimizerCases.Get(name);
        Optimizer optimizer = c.Create();
        optimizer.ExcludeFromWeightDecay(s_tensors, t => t.Role == TensorRole.Weight);

        OptimizerTrajectory.MatchesReference(c, optimizer, 37, 12, Mask(37, (0, 20), (31, 37)));
    }

    [Fact]
    public void ExcludeFromWeightDecay_NormalizationOnly_KeepsDecayOnBiases()
    {
        OptimizerCase c = OptimizerCases.Get("adamw-strong");
        Optimizer optimizer = c.Create();
        optimizer.ExcludeFromWeightDecay(s_tensors, biases: false);

        OptimizerTrajectory.MatchesReference(c, optimizer, 37, 12, Mask(37, (25, 31)));
    }

    [Fact]
    public void ExcludeFromWeightDecay_OverlappingCalls_AddUp()
    {
        OptimizerCase c = OptimizerCases.Get("sgd-dampening-l2");
        Optimizer optimizer = c.Create();
        optimizer.ExcludeFromWeightDecay(s_tensors);
        optimizer.ExcludeFromWeightDecay(s_tensors, t => t.Name is "fc1.bias" or "fc2.weight");

        OptimizerTrajectory.MatchesReference(c, optimizer, 37, 12, Mask(37, (20, 31), (31, 37)));
    }

    [Theory]
    [MemberData(nameof(OptimizerCases.DecayingNames), MemberType = typeof(OptimizerCases))]
    public void ExcludeFromWeightDecay_SegmentsCrossingBlockBoundaries_MatchReference(string name)
    {
        // 5003 floats in blocks of at most 2048: the bias straddles float 2048, the norm parameters sit past 4096.
        TensorInfo[] tensors =
        {
            new("w1", 0, TensorRole.Weight, 2040),
            new("b1", 2040, TensorRole.Bias, 20),
            new("w2", 2060, TensorRole.Weight, 2440),
            new("bn.weight", 4500, TensorRole.NormalizationScale, 100),
            new("bn.bias", 4600, TensorRole.NormalizationShift, 100),
            new("w3", 4700, TensorRole.Weight, 303),
        };
        OptimizerCase c = OptimizerCases.Get(name);
        Optimizer optimizer = c.Create();
        optimizer.ExcludeFromWeightDecay(tensors);

        OptimizerTrajectory.MatchesReference(c, optimizer, 5003, 4, Mask(5003, (2040, 2060), (4500, 4700)));
    }

    [Theory]
    [MemberData(nameof(OptimizerCases.NonDecayingNames), MemberType = typeof(OptimizerCases))]
    public void ExcludeFromWeightDecay_WithoutWeightDecay_GivesBitIdenticalSteps(string name)
    {
        // Splitting the arena into segments changes nothing element-wise.
        OptimizerCase c = OptimizerCases.Get(name);
        Optimizer plain = c.Create();
        Optimizer split = c.Create();
        split.ExcludeFromWeightDecay(s_tensors);
        (float[] a, float[][] gradients) = OptimizerTrajectory.Data(37, 6, 3);
        float[] b = (float[])a.Clone();

        foreach (float[] g in gradients)
        {
            plain.Step(a, g);
            split.Step(b, g);
        }

        Assert.Equal(a, b);
    }

    [Fact]
    public void ExcludeFromWeightDecay_AfterTheFirstStep_Throws()
    {
        var adamW = new AdamW();
        adamW.Step(new float[37], new float[37]);

        var e = Assert.Throws<InvalidOperationException>(() => adamW.ExcludeFromWeightDecay(s_tensors));
        Assert.Contains("before the first Step or LoadState", e.Message);
    }

    [Fact]
    public void ExcludeFromWeightDecay_AfterLoadState_Throws()
    {
        var sgd = new Sgd(0.1f, weightDecay: 0.1f);
        sgd.LoadState(3, 0.1f, new System.Collections.Generic.Dictionary<string, float[]>());

        Assert.Throws<InvalidOperationException>(() => sgd.ExcludeFromWeightDecay(s_tensors));
    }

    [Fact]
    public void ExcludeFromWeightDecay_TensorBeyondTheArena_ThrowsOnStepAndLeavesParametersUntouched()
    {
        var adamW = new AdamW(0.1f, weightDecay: 0.5f);
        adamW.ExcludeFromWeightDecay(s_tensors);
        float[] p = { 1f, 2f, 3f };

        var e = Assert.Throws<ArgumentException>(() => adamW.Step(p, new float[] { 1f, 1f, 1f }));
        Assert.Contains("'fc1.bias', excluded from weight decay, ends at float 25 but the arena has 3", e.Message);
        Assert.Throws<ArgumentException>(() => adamW.CheckArena(3));
        Assert.Equal(new[] { 1f, 2f, 3f }, p);
        Assert.Equal(0, adamW.StepCount);
        Assert.Empty(adamW.StateTensors);
    }

    [Fact]
    public void ExcludeFromWeightDecay_NullArguments_Throw()
    {
        var adamW = new AdamW();
        Assert.Throws<ArgumentNullException>(() => adamW.ExcludeFromWeightDecay(null!));
        Assert.Throws<ArgumentNullException>(() => adamW.ExcludeFromWeightDecay(s_tensors, (Func<TensorInfo, bool>)null!));
    }

    private static bool[] Mask(int length, params (int Start, int End)[] excluded)
    {
        bool[] mask = OptimizerTrajectory.Filled(length, true);
        foreach ((int start, int end) in excluded)
        {
            Array.Fill(mask, false, start, end - start);
        }
        return mask;
    }
}
