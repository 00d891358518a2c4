using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Optimizers;

namespace NetGen.Tests.Optimizers;

/// <summary>One optimizer configuration and its float64 reference, built from the same float hyperparameters.</summary>
public sealed record OptimizerCase(string Name, float LearningRate, Func<Optimizer> Create, Func<ReferenceOptimizer> Reference, bool HasWeightDecay)
{
    public override string ToString() => Name;
}

/// <summary>Every optimizer and each variant the tests cover, by name (for <c>MemberData</c>).</summary>
public static class OptimizerCases
{
    public static readonly OptimizerCase[] All =
    {
        new("sgd", 0.1f, () => new Sgd(0.1f), () => new ReferenceSgd(0, 0, false, 0), false),
        new("sgd-momentum", 0.1f, () => new Sgd(0.1f, 0.9f), () => new ReferenceSgd(0.9f, 0, false, 0), false),
        new("sgd-dampening", 0.1f, () => new Sgd(0.1f, 0.9f, dampening: 0.3f), () => new ReferenceSgd(0.9f, 0.3f, false, 0), false),
        new("sgd-nesterov", 0.1f, () => new Sgd(0.1f, 0.9f, nesterov: true), () => new ReferenceSgd(0.9f, 0, true, 0), false),
        new("sgd-l2", 0.1f, () => new Sgd(0.1f, weightDecay: 0.05f), () => new ReferenceSgd(0, 0, false, 0.05f), true),
        new("sgd-nesterov-l2", 0.05f, () => new Sgd(0.05f, 0.8f, nesterov: true, weightDecay: 0.1f), () => new ReferenceSgd(0.8f, 0, true, 0.1f), true),
        new("sgd-dampening-l2", 0.05f, () => new Sgd(0.05f, 0.7f, dampening: 0.5f, weightDecay: 0.2f), () => new ReferenceSgd(0.7f, 0.5f, false, 0.2f), true),

        new("adam", 0.01f, () => new Adam(0.01f), () => new ReferenceAdam(0.9f, 0.999f, 1e-8f, 0, false, false), false),
        new("adam-betas", 0.01f, () => new Adam(0.01f, beta1: 0.3f, beta2: 0.8f, epsilon: 1e-6f), () => new ReferenceAdam(0.3f, 0.8f, 1e-6f, 0, false, false), false),
        new("adam-l2", 0.01f, () => new Adam(0.01f, weightDecay: 0.1f), () => new ReferenceAdam(0.9f, 0.999f, 1e-8f, 0.1f, false, false), true),
        new("adam-amsgrad", 0.01f, () => new Adam(0.01f, amsgrad: true), () => new ReferenceAdam(0.9f, 0.999f, 1e-8f, 0, true, false), false),
        new("adam-amsgrad-l2", 0.01f, () => new Adam(0.01f, beta2: 0.9f, weightDecay: 0.05f, amsgrad: true), () => new ReferenceAdam(0.9f, 0.9f, 1e-8f, 0.05f, true, false), true),
        new("adamw", 0.01f, () => new AdamW(0.01f), () => new ReferenceAdam(0.9f, 0.999f, 1e-8f, 1e-2f, false, true), true),
        new("adamw-strong", 0.02f, () => new AdamW(0.02f, weightDecay: 0.5f), () => new ReferenceAdam(0.9f, 0.999f, 1e-8f, 0.5f, false, true), true),
        new("adamw-amsgrad", 0.01f, () => new AdamW(0.01f, beta2: 0.9f, weightDecay: 0.3f, amsgrad: true), () => new ReferenceAdam(0.9f, 0.9f, 1e-8f, 0.3f, true, true), true),

        new("rmsprop", 0.01f, () => new RmsProp(0.01f), () => new ReferenceRmsProp(0.99f, 1e-8f, 0, 0, false), false),
        new("rmsprop-l2", 0.01f, () => new RmsProp(0.01f, weightDecay: 0.1f), () => new ReferenceRmsProp(0.99f, 1e-8f, 0.1f, 0, false), true),
        new("rmsprop-centered", 0.01f, () => new RmsProp(0.01f, alpha: 0.9f, centered: true), () => new ReferenceRmsProp(0.9f, 1e-8f, 0, 0, true), false),
        new("rmsprop-momentum", 0.01f, () => new RmsProp(0.01f, momentum: 0.9f), () => new ReferenceRmsProp(0.99f, 1e-8f, 0, 0.9f, false), false),
        new("rmsprop-centered-momentum-l2", 0.005f, () => new RmsProp(0.005f, alpha: 0.95f, epsilon: 1e-6f, weightDecay: 0.05f, momentum: 0.5f, centered: true), () => new ReferenceRmsProp(0.95f, 1e-6f, 0.05f, 0.5f, true), true),

        new("adagrad", 0.1f, () => new Adagrad(0.1f), () => new ReferenceAdagrad(0, 0, 0, 1e-10f), false),
        new("adagrad-lr-decay", 0.1f, () => new Adagrad(0.1f, learningRateDecay: 0.05f), () => new ReferenceAdagrad(0.05f, 0, 0, 1e-10f), false),
        new("adagrad-initial-accumulator", 0.1f, () => new Adagrad(0.1f, initialAccumulatorValue: 0.5f), () => new ReferenceAdagrad(0, 0, 0.5f, 1e-10f), false),
        new("adagrad-l2", 0.1f, () => new Adagrad(0.1f, weightDecay: 0.1f), () => new ReferenceAdagrad(0, 0.1f, 0, 1e-10f), true),
        new("adagrad-all", 0.05f, () => new Adagrad(0.05f, 0.1f, 0.2f, 0.25f, 1e-6f), () => new ReferenceAdagrad(0.1f, 0.2f, 0.25f, 1e-6f), true),
    };

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    public static IEnumerable<object[]> DecayingNames => All.Where(c => c.HasWeightDecay).Select(c => new object[] { c.Name });

    public static IEnumerable<object[]> NonDecayingNames => All.Where(c => !c.HasWeightDecay).Select(c => new object[] { c.Name });

    public static OptimizerCase Get(string name) => All.Single(c => c.Name == name);
}
