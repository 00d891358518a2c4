using System;
using System.Collections.Generic;
using NetGen.Optimizers;
using NetGen.Optimizers.Rules;
using Xunit;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// The scalar optimizer rules (what the GPU update kernel calls once per element) against the CPU optimizers'
/// vectorised passes: the same bits, element by element, for every optimizer variant, with weight-decay exclusions,
/// a learning rate that changes every step, and the state the optimizer keeps. Also the rule by which a state held
/// elsewhere (device memory) comes home.
/// </summary>
public class OptimizerRuleTests
{
    private const int Length = 37;
    private static readonly TensorInfo[] s_tensors = { new("w", 0, TensorRole.Weight, 30), new("b", 30, TensorRole.Bias, 7) };

    [Theory]
    [MemberData(nameof(OptimizerCases.Names), MemberType = typeof(OptimizerCases))]
    public void Rule_AppliedPerElement_MatchesTheCpuOptimizerBitForBit(string name)
    {
        OptimizerCase c = OptimizerCases.Get(name);
        Optimizer cpu = c.Create(), rule = c.Create();
        cpu.ExcludeFromWeightDecay(s_tensors);
        rule.ExcludeFromWeightDecay(s_tensors);
        var holder = new CountingHolder();
        var random = new System.Random(name.Length * 31 + 5);
        float[] cpuParameters = Values(random, Length, 1f), ruleParameters = (float[])cpuParameters.Clone();

        for (int step = 1; step <= 6; step++)
        {
            float[] gradients = Values(random, Length, step % 2 == 0 ? 3f : 0.2f);
            gradients[step] = 0f;
            cpu.LearningRate = rule.LearningRate = c.LearningRate * (1f - 0.1f * step);

            cpu.Step(cpuParameters, gradients);
            rule.BeginExternalStep(Length, holder);
            ApplyRule(rule, ruleParameters, gradients);

            for (int i = 0; i < Length; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(cpuParameters[i]) == BitConverter.SingleToInt32Bits(ruleParameters[i]),
                    $"{name}, step {step}, parameter {i}: CPU {cpuParameters[i]:R}, rule {ruleParameters[i]:R}.");
            }
            Assert.Equal(cpu.StepCount, rule.StepCount);
            Assert.Equal(cpu.StateTensors.Count, rule.StateArrays.Length);
            for (int s = 0; s < rule.StateArrays.Length; s++)
            {
                Assert.Equal(cpu.StateTensors[s].Name, rule.StateArrays[s].Name);
                Assert.Equal(cpu.StateTensors[s].Values, rule.StateArrays[s].Values);
            }
        }
        Assert.Equal(0, holder.Copies);
    }

    [Fact]
    public void AmsgradRule_KeepsTheMaximumLikeTensorPrimitivesMax_ForNaNAndSignedZeros()
    {
        var rule = new AdamRule(0.1f, 0.9f, 0.999f, 1e-8f, 0f, decoupled: false, amsgrad: true, step: 2);

        Assert.True(float.IsNaN(rule.Update(new OptimizerElement(1f, 0f, 0f, float.NaN), 1f, decay: true).State2));
        Assert.True(float.IsNaN(rule.Update(new OptimizerElement(1f, 0f, float.NaN, 5f), 1f, decay: true).State2));
        Assert.Equal(5f, rule.Update(new OptimizerElement(1f, 0f, 0f, 5f), 1f, decay: true).State2);
        float zero = rule.Update(new OptimizerElement(1f, 0f, 0f, -0f), 0f, decay: true).State2;
        Assert.Equal(BitConverter.SingleToInt32Bits(0f), BitConverter.SingleToInt32Bits(zero));
    }

    [Fact]
    public void StateHeldElsewhere_ComesHome_WhenRead_OrSteppedOnTheHost_AndIsDiscardedByLoadState()
    {
        var optimizer = new Adam(0.01f);
        var holder = new CountingHolder();
        var parameters = new float[Length];
        optimizer.BeginExternalStep(Length, holder);
        optimizer.TakeState(holder);

        Assert.Same(holder, optimizer.NewerStateHolder);
        Assert.Equal(7f, optimizer.StateTensors[0].Values[3]); // the holder's copy, brought home by the getter
        Assert.Null(optimizer.NewerStateHolder);
        Assert.Equal(1, holder.Copies);

        optimizer.TakeState(holder);
        optimizer.Step(parameters, new float[Length]);
        Assert.Equal(2, holder.Copies);
        Assert.Equal(2, optimizer.StepCount);

        optimizer.TakeState(holder);
        optimizer.LoadState(0, 0.01f, new Dictionary<string, float[]>());
        Assert.Null(optimizer.NewerStateHolder);
        Assert.Equal(2, holder.Copies);
        Assert.Equal(0f, optimizer.StateTensors[0].Values[3]);
    }

    private static void ApplyRule(Optimizer optimizer, float[] parameters, float[] gradients)
    {
        switch (optimizer)
        {
            case Sgd sgd:
                Apply(optimizer, sgd.Rule(), parameters, gradients);
                break;
            case Adam adam:
                Apply(optimizer, adam.Rule(), parameters, gradients);
                break;
            case RmsProp rmsProp:
                Apply(optimizer, rmsProp.Rule(), parameters, gradients);
                break;
            case Adagrad adagrad:
                Apply(optimizer, adagrad.Rule(), parameters, gradients);
                break;
            default:
                throw new ArgumentException("No rule for " + optimizer.GetType().Name, nameof(optimizer));
        }
    }

    // What the GPU kernel does, on the host: one call per element, per segment of the arena.
    private static void Apply<TRule>(Optimizer optimizer, TRule rule, float[] parameters, float[] gradients)
        where TRule : struct, IOptimizerRule
    {
        OptimizerStateTensor[] states = optimizer.StateArrays;
        foreach (Optimizer.ArenaSegment segment in optimizer.Segments)
        {
            for (int i = segment.Start; i < segment.End; i++)
            {
                var element = new OptimizerElement(
                    parameters[i],
                    states.Length > 0 ? states[0].Values[i] : 0f,
                    states.Length > 1 ? states[1].Values[i] : 0f,
                    states.Length > 2 ? states[2].Values[i] : 0f);
                element = rule.Update(element, gradients[i], segment.Decay);
                parameters[i] = element.Parameter;
                if (states.Length > 0)
                {
                    states[0].Values[i] = element.State0;
                }
                if (states.Length > 1)
                {
                    states[1].Values[i] = element.State1;
                }
                if (states.Length > 2)
                {
                    states[2].Values[i] = element.State2;
                }
            }
        }
    }

    private static float[] Values(System.Random random, int count, float scale)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        }
        return values;
    }

    // A stand-in for device memory: its "newer" state is 7 everywhere.
    private sealed class CountingHolder : IOptimizerStateHolder
    {
        public int Copies { get; private set; }

        public void CopyStateToHost(Optimizer optimizer)
        {
            Copies++;
            foreach (OptimizerStateTensor state in optimizer.StateArrays)
            {
                state.Values.AsSpan().Fill(7f);
            }
        }
    }
}
